#!/usr/bin/env bash
# 20-chromium.sh — Debian's Chromium for the docs-site test in packages/e2e (Playwright drives /usr/bin/chromium;
# we never download Playwright's own browsers).
# Idempotent: silent when /usr/bin/chromium is already there.
set -euo pipefail
source "$(dirname "$0")/../lib/apt-install.sh"

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
apt_install 20-chromium chromium
if [[ ! -x /usr/bin/chromium ]]; then
  echo "20-chromium: error: apt-get installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
