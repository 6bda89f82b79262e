#!/usr/bin/env bash
# lint.sh — tflint (.tflint.hcl: the bundled terraform rules, preset "all", and the AWS ruleset) over every module
# and environment; any finding fails.
#
# tflint and tflint-ruleset-aws come from tools/go-tools/ensure-go-tools.sh (built from the Go module proxy,
# cached outside the checkout). When they cannot be had: skip with a message, or fail when CI=true.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(dirname "$here")"
repo_root="$(dirname "$tf_root")"

status=0
exports="$("$repo_root/tools/go-tools/ensure-go-tools.sh" tflint tflint-ruleset-aws)" || status=$?
if [[ "$status" -ne 0 ]]; then
  message="tflint is not available (tools/go-tools/ensure-go-tools.sh exit $status; see docs/toolchain.md)"
  if [[ "${CI:-}" == "true" || "$status" -ne 3 ]]; then
    echo "terraform:lint: error: $message" >&2
    exit 1
  fi
  echo "terraform:lint: SKIPPED — $message" >&2
  exit 0
fi
eval "$exports"

echo "terraform:lint: $("$TFLINT_BIN" --version | head -n1), tflint-ruleset-aws from $TFLINT_PLUGIN_DIR" >&2
cd "$tf_root"
# --recursive lints each directory holding .tf files with the one config; a finding or an error exits non-zero.
exec "$TFLINT_BIN" --recursive --config "$tf_root/.tflint.hcl" --format compact --minimum-failure-severity=notice
