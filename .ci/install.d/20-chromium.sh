#!/usr/bin/env bash
# 20-chromium.sh — install Debian's Chromium for the docs-site test in packages/e2e (Playwright drives
# /usr/bin/chromium; we never download Playwright's own browsers).
# Idempotent: silent when /usr/bin/chromium is already there.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "20-chromium: error: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand" >&2
  exit 1
fi

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "20-chromium: error: installing Chromium needs root (or sudo)" >&2
    exit 1
  fi
fi

echo "20-chromium: installing chromium from the Debian archive" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x /usr/bin/chromium ]]; then
  echo "20-chromium: error: apt-get installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
