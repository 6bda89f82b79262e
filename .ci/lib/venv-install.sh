# shellcheck shell=bash
# Sourced by .ci/install.d scripts (locals are named apart from the callers' readonly globals): `venv_install <caller> <what> <venv> <installed-command> <pip-install-args>…`
# (re)creates <venv> with python3 >= 3.9 ($PYTHON overrides) and pip-installs the arguments into it, holding a lock in
# the venv's parent folder until the calling script exits. When <installed-command> succeeds once the lock is taken
# (another run finished the install meanwhile), nothing is installed. The caller checks the result and stamps it.
venv_install() {
  local caller="$1" what="$2" target="$3" installed="$4"
  shift 4
  local interpreter="${PYTHON:-$(command -v python3 || true)}"
  if [[ -z "$interpreter" ]]; then
    echo "${caller}: error: python3 (>= 3.9) is required to install ${what}" >&2
    return 1
  fi
  if ! "$interpreter" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
    echo "${caller}: error: $interpreter is $("$interpreter" --version 2>&1); ${what} needs Python >= 3.9" >&2
    return 1
  fi
  local parent
  parent="$(dirname "$target")"
  echo "${caller}: installing ${what} into ${target}" >&2
  mkdir -p "$parent"
  exec 9>"$parent/.lock"
  flock 9
  if "$installed"; then
    return 0
  fi
  rm -rf "$target"
  "$interpreter" -m venv "$target"
  "$target/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$@" >&2
}
