#!/usr/bin/env bash
# 55-shellcheck.sh — ShellCheck from the Debian archive for `workspace:lint-ci` (every *.sh in the repository).
# Idempotent: silent when `shellcheck` is already on the PATH.
set -euo pipefail
source "$(dirname "$0")/../lib/apt-install.sh"

if command -v shellcheck >/dev/null 2>&1; then
  exit 0
fi
apt_install 55-shellcheck shellcheck
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "55-shellcheck: error: apt-get ran but shellcheck is still not on the PATH" >&2
  exit 1
fi
