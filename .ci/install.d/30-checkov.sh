#!/usr/bin/env bash
# 30-checkov.sh — install Checkov (IaC security scanner, from PyPI) for the `terraform:scan` Nx target.
#
# Installs a pinned version into a virtualenv OUTSIDE the checkout, keyed by version:
#   ${ITEMS_API_CHECKOV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-checkov}/<version>/bin/checkov
# Idempotent: silent when that exact version is already installed.
# terraform/scripts/scan.sh finds it there (or a `checkov` on PATH).
set -euo pipefail
# shellcheck source=../lib/venv-install.sh
source "$(dirname "$0")/../lib/venv-install.sh"

readonly CHECKOV_VERSION="3.3.30"
readonly root="${ITEMS_API_CHECKOV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-checkov}"
readonly venv="$root/$CHECKOV_VERSION"
# Written last: a venv without it is a half-finished install and is rebuilt from scratch.
readonly stamp="$venv/.installed"

installed() { [[ -f "$stamp" && -x "$venv/bin/checkov" ]]; }

if installed; then
  exit 0
fi

venv_install 30-checkov "checkov $CHECKOV_VERSION" "$venv" installed "checkov==$CHECKOV_VERSION"
"$venv/bin/checkov" --version >/dev/null
touch "$stamp"
echo "30-checkov: checkov $("$venv/bin/checkov" --version) ready" >&2
