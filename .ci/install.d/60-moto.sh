#!/usr/bin/env bash
# 60-moto.sh — install moto's server (AWS emulator, from PyPI) for the `terraform:rehearse` Nx target.
#
# The pins live in tools/moto/requirements.txt (moto[server]==<version>, and cbor2); installed into a virtualenv OUTSIDE
# the checkout, keyed by that version:
#   ${ITEMS_API_MOTO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-moto}/<version>/bin/moto_server
# Idempotent: silent when exactly these requirements are already installed.
# terraform/rehearsal/rehearse.sh finds it there.
set -euo pipefail
# shellcheck source=../lib/venv-install.sh
source "$(dirname "$0")/../lib/venv-install.sh"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly requirements="$here/../../tools/moto/requirements.txt"
MOTO_VERSION="$(sed -n 's/^moto\[server\]==\([^ ;]*\).*/\1/p' "$requirements")"
readonly MOTO_VERSION
[[ -n "$MOTO_VERSION" ]] || { echo "60-moto: error: no moto[server]==<version> pin in $requirements" >&2; exit 1; }
readonly root="${ITEMS_API_MOTO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-moto}"
readonly venv="$root/$MOTO_VERSION"
# Written last, holding the requirements it installed: a venv without it is a half-finished install and is rebuilt
# from scratch; one with other requirements (a pin added or changed beside moto's) is rebuilt too.
readonly stamp="$venv/.installed"
installed() { [[ -f "$stamp" && -x "$venv/bin/moto_server" ]] && cmp -s "$stamp" "$requirements"; }

if installed; then
  exit 0
fi

venv_install 60-moto "moto $MOTO_VERSION" "$venv" installed -r "$requirements"
"$venv/bin/moto_server" --help >/dev/null
cp "$requirements" "$stamp"
echo "60-moto: moto $MOTO_VERSION ready" >&2
