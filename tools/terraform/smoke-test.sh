#!/usr/bin/env bash
# smoke-test.sh — check the offline toolchain end to end, in a temp dir outside the repo.
#
#   tools/terraform/smoke-test.sh [BIN...]
#
# Runs ensure-toolchain.sh (unless TOFU_BIN and TF_CLI_CONFIG_FILE are already exported by it),
# then, for $TOFU_BIN and every extra BIN given (e.g. /usr/local/bin/terraform), in a fresh
# temp dir: init -backend=false, validate, fmt -check and test (mock_provider "aws").
# Exit 0 when all pass; otherwise the exit code of the failing step (ensure-toolchain.sh's
# codes 2/3/4 are passed through).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -z "${TOFU_BIN:-}" || "${ITEMS_API_TOOLCHAIN:-}" == "" ]]; then
  exports="$("$SCRIPT_DIR/ensure-toolchain.sh")" || exit $?
  eval "$exports"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/items-api-tf-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT

write_config() {
  local dir="$1"
  mkdir -p "$dir/tests"
  cat >"$dir/main.tf" <<'EOF'
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "deletion_window_in_days" {
  type    = number
  default = 7
}

resource "aws_kms_key" "this" {
  description             = "items-api toolchain smoke test"
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = true
}
EOF
  cat >"$dir/tests/x.tftest.hcl" <<'EOF'
mock_provider "aws" {}

run "plan_kms_key" {
  command = plan

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 7
    error_message = "deletion window should default to 7 days"
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "key rotation should be enabled"
  }
}
EOF
}

passed=0
failed=0
for bin in "$TOFU_BIN" "$@"; do
  dir="$work/$(basename "$bin")-$passed$failed"
  write_config "$dir"
  echo "== smoke test with $bin ($("$bin" version 2>/dev/null | head -n 1))" >&2
  if (
    set -x
    cd "$dir"
    "$bin" init -backend=false -input=false -no-color
    "$bin" validate -no-color
    "$bin" fmt -check -recursive
    "$bin" test -no-color
  ) >&2; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "smoke test FAILED with $bin" >&2
  fi
done
echo "smoke: $passed passed, $failed failed"
((failed == 0))
