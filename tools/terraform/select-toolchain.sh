#!/usr/bin/env bash
# select-toolchain.sh fmt|validate — decide which tofu/terraform binaries terraform/scripts/tofu.sh runs and what,
# if anything, tools/terraform/ensure-toolchain.sh must provide for them. Builds nothing and takes seconds at most
# (one registry probe per CLI, ITEMS_API_TF_REGISTRY_TIMEOUT seconds each, default 3).
#
#   ITEMS_API_TF_BIN set      that binary, with your own CLI config; nothing built.
#   fmt                       the first of `tofu`, `terraform` on PATH (fmt needs no provider, so no registry check);
#                             else the offline OpenTofu CLI alone (cached, or built without the provider).
#   validate                  every `tofu`/`terraform` on PATH, with its own registry when each one answers
#                             (https://registry.opentofu.org or registry.terraform.io, /.well-known/terraform.json);
#                             when one does not (or ITEMS_API_TF_OFFLINE=1): the same CLIs with only the provider built
#                             into the offline mirror; with no CLI on PATH: the whole offline toolchain.
#
# stdout: assignments for `eval` (TF_SELECTED_BINS, an array of CLIs; TF_SELECTED_BUILD none|cli|provider|all, the
# part ensure-toolchain.sh must provide; TF_SELECTED_MODE user|path|registry|offline-provider|built;
# TF_SELECTED_REASON, one line saying which and why). Exit 2 on a bad argument or an unusable ITEMS_API_TF_BIN.
set -euo pipefail

usage() { echo "usage: tools/terraform/select-toolchain.sh fmt|validate" >&2; }

# The registry a CLI installs providers from, by its name.
registry_of() {
  case "${1##*/}" in
    tofu) echo registry.opentofu.org ;;
    *) echo registry.terraform.io ;;
  esac
}

# Whether the registry's service discovery answers within the timeout.
registry_answers() {
  command -v curl >/dev/null 2>&1 || return 1
  curl -fsS -m "${ITEMS_API_TF_REGISTRY_TIMEOUT:-3}" -o /dev/null "https://$1/.well-known/terraform.json" 2>/dev/null
}

emit() {
  local mode="$1" build="$2" reason="$3"
  shift 3
  printf 'TF_SELECTED_BINS=('
  (($#)) && printf '%q ' "$@"
  printf ')\n'
  printf 'TF_SELECTED_MODE=%q\nTF_SELECTED_BUILD=%q\nTF_SELECTED_REASON=%q\n' "$mode" "$build" "$reason"
}

select_toolchain() {
  local cmd="$1"
  case "$cmd" in
    fmt | validate) ;;
    *) usage; return 2 ;;
  esac

  if [[ -n "${ITEMS_API_TF_BIN:-}" ]]; then
    local user_bin="$ITEMS_API_TF_BIN"
    [[ "$user_bin" == */* ]] || user_bin="$(command -v -- "$user_bin" || true)"
    if [[ -z "$user_bin" || ! -x "$user_bin" ]]; then
      echo "select-toolchain: error: ITEMS_API_TF_BIN='$ITEMS_API_TF_BIN' is not an executable file" >&2
      return 2
    fi
    emit user none "ITEMS_API_TF_BIN=$user_bin with your own CLI config; nothing built" "$user_bin"
    return 0
  fi

  local on_path=() bin
  for bin in tofu terraform; do
    bin="$(command -v "$bin" || true)"
    [[ -n "$bin" ]] && on_path+=("$bin")
  done

  if [[ "$cmd" == fmt ]]; then
    if ((${#on_path[@]})); then
      emit path none "${on_path[0]} from PATH (fmt needs no provider, so no registry check)" "${on_path[0]}"
    else
      emit built cli "no tofu or terraform on PATH: the offline OpenTofu CLI (built once from the Go module proxy when not cached; no provider)"
    fi
    return 0
  fi

  if ((${#on_path[@]} == 0)); then
    emit built all "no tofu or terraform on PATH: the offline OpenTofu + hashicorp/aws toolchain (built once from the Go module proxy when not cached: tens of minutes)"
    return 0
  fi
  local silent=()
  if [[ "${ITEMS_API_TF_OFFLINE:-}" == 1 ]]; then
    silent=(ITEMS_API_TF_OFFLINE=1)
  else
    for bin in "${on_path[@]}"; do
      registry_answers "$(registry_of "$bin")" || silent+=("$(registry_of "$bin")")
    done
  fi
  if ((${#silent[@]} == 0)); then
    emit registry none "${on_path[*]} from PATH with the public registry (it answered); nothing built" "${on_path[@]}"
  else
    emit offline-provider provider "${on_path[*]} from PATH, providers from the offline mirror (no answer from: ${silent[*]}); only hashicorp/aws is built when not cached" "${on_path[@]}"
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  select_toolchain "${1:-}"
fi
