# shellcheck shell=bash
# Sourced by .ci/install.d scripts: `apt_install <caller> <debian-package>…` installs Debian packages without
# prompts, as root or through sudo, running `apt-get update` at most once per CI run (.ci/run exports
# ITEMS_API_CI_RUN_ID). The scripts run at the same time, so each install waits for the others on a lock (dpkg would
# refuse a second one).
apt_install() {
  local caller="$1"
  shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "${caller}: error: apt-get is not available; install $* by hand" >&2
    return 1
  fi
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "${caller}: error: installing $* needs root (or sudo)" >&2
      return 1
    fi
    sudo="sudo"
  fi
  echo "${caller}: installing $* from the Debian archive" >&2
  export DEBIAN_FRONTEND=noninteractive
  local stamp="${TMPDIR:-/tmp}/items-api-apt-updated-${ITEMS_API_CI_RUN_ID:-$PPID}"
  (
    flock 8
    if [[ ! -e "$stamp" ]]; then
      $sudo apt-get update -qq
      : >"$stamp"
    fi
    $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  ) 8>"${TMPDIR:-/tmp}/items-api-apt.lock"
}
