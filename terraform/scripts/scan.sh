#!/usr/bin/env bash
# scan.sh — run Checkov over terraform/ with terraform/.checkov.yaml; any failed check fails.
#
# Checkov comes from .ci/install.d/30-checkov.sh (a pinned version in a venv outside the checkout),
# or ITEMS_API_CHECKOV_BIN, or a `checkov` on PATH. Without it: skip with a message, or fail when CI=true.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(dirname "$here")"
repo_root="$(dirname "$tf_root")"
installer="$repo_root/.ci/install.d/30-checkov.sh"

find_checkov() {
  if [[ -n "${ITEMS_API_CHECKOV_BIN:-}" ]]; then
    printf '%s\n' "$ITEMS_API_CHECKOV_BIN"
    return
  fi
  local version
  version="$(sed -n 's/^readonly CHECKOV_VERSION="\(.*\)"$/\1/p' "$installer" 2>/dev/null || true)"
  local venv_bin="${ITEMS_API_CHECKOV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-checkov}/$version/bin/checkov"
  if [[ -n "$version" && -x "$venv_bin" ]]; then
    printf '%s\n' "$venv_bin"
    return
  fi
  command -v checkov || true
}

checkov_bin="$(find_checkov)"
if [[ -z "$checkov_bin" || ! -x "$checkov_bin" ]]; then
  message="checkov is not installed; install it with .ci/install.d/30-checkov.sh (or set ITEMS_API_CHECKOV_BIN)"
  if [[ "${CI:-}" == "true" ]]; then
    echo "terraform:scan: error: $message" >&2
    exit 1
  fi
  echo "terraform:scan: SKIPPED — $message" >&2
  exit 0
fi

cd "$tf_root"
echo "terraform:scan: $("$checkov_bin" --version 2>/dev/null | head -n1) over terraform/ (config terraform/.checkov.yaml)" >&2
# Checkov exits non-zero when any check fails.
exec "$checkov_bin" --config-file .checkov.yaml "$@"
