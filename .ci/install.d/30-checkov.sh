#!/usr/bin/env bash
# 30-checkov.sh — install Checkov (IaC security scanner, from PyPI) for the `terraform:scan` Nx target.
#
# Installs a pinned version into a virtualenv OUTSIDE the checkout, keyed by version:
#   ${ITEMS_API_CHECKOV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-checkov}/<version>/bin/checkov
# Idempotent: silent when that exact version is already installed.
# terraform/scripts/scan.sh finds it there (or a `checkov` on PATH).
set -euo pipefail

readonly CHECKOV_VERSION="3.3.30"
readonly root="${ITEMS_API_CHECKOV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-checkov}"
readonly venv="$root/$CHECKOV_VERSION"
# Written last: a venv without it is a half-finished install and is rebuilt from scratch.
readonly stamp="$venv/.installed"

if [[ -f "$stamp" && -x "$venv/bin/checkov" ]]; then
  exit 0
fi

python="${PYTHON:-$(command -v python3 || true)}"
if [[ -z "$python" ]]; then
  echo "30-checkov: error: python3 (>= 3.9) is required to install checkov $CHECKOV_VERSION" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  echo "30-checkov: error: $python is $("$python" --version 2>&1); checkov $CHECKOV_VERSION needs Python >= 3.9" >&2
  exit 1
fi

echo "30-checkov: installing checkov $CHECKOV_VERSION into $venv" >&2
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9
# Another run may have finished while we waited for the lock.
if [[ -f "$stamp" && -x "$venv/bin/checkov" ]]; then
  exit 0
fi
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "checkov==$CHECKOV_VERSION" >&2
"$venv/bin/checkov" --version >/dev/null
touch "$stamp"
echo "30-checkov: checkov $("$venv/bin/checkov" --version) ready" >&2
