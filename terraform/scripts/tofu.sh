#!/usr/bin/env bash
# tofu.sh fmt|validate — formatting check and offline validation of every module and environment.
#
#   fmt       `fmt -check -recursive -diff` over terraform/. Needs no providers, so any tofu/terraform
#             binary works: ITEMS_API_TF_BIN, else `tofu` or `terraform` on PATH, else the offline
#             toolchain from tools/terraform/ensure-toolchain.sh.
#   validate  `init -backend=false` + `validate` in each terraform/modules/* and terraform/envs/*, and
#             `test` (tests/*.tftest.hcl, mocked AWS provider) where a module has tests, with the offline
#             OpenTofu + hashicorp/aws toolchain (tools/terraform/ensure-toolchain.sh).
#
# When no binary / toolchain can be had (ensure-toolchain.sh exit 3): skip with a message, or fail under CI=true.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(dirname "$here")"
repo_root="$(dirname "$tf_root")"
ensure="$repo_root/tools/terraform/ensure-toolchain.sh"
cmd="${1:-}"

unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "terraform:$cmd: error: $1" >&2
    exit 1
  fi
  echo "terraform:$cmd: SKIPPED — $1" >&2
  exit 0
}

load_toolchain() {
  [[ -x "$ensure" ]] || unavailable "no OpenTofu toolchain script at tools/terraform/ensure-toolchain.sh"
  local exports status=0
  exports="$("$ensure")" || status=$?
  case "$status" in
    0) eval "$exports" ;;
    3) unavailable "no OpenTofu toolchain: it is not cached and Go is not installed to build it (see tools/terraform/README.md)" ;;
    *)
      echo "terraform:$cmd: error: tools/terraform/ensure-toolchain.sh failed with exit code $status" >&2
      exit "$status"
      ;;
  esac
}

case "$cmd" in
  fmt)
    bin="${ITEMS_API_TF_BIN:-}"
    [[ -n "$bin" ]] || bin="$(command -v tofu || command -v terraform || true)"
    if [[ -z "$bin" ]]; then
      load_toolchain
      bin="$TOFU_BIN"
    fi
    echo "terraform:fmt: $("$bin" version 2>/dev/null | head -n1): fmt -check -recursive terraform/" >&2
    if ! "$bin" fmt -check -recursive -diff "$tf_root"; then
      echo "terraform:fmt: error: files above are not formatted; run \`$bin fmt -recursive terraform\`" >&2
      exit 1
    fi
    ;;
  validate)
    load_toolchain
    echo "terraform:validate: $("$TOFU_BIN" version 2>/dev/null | head -n1)" >&2
    work="$(mktemp -d "${TMPDIR:-/tmp}/items-api-tf-validate.XXXXXX")"
    created_locks=()
    cleanup() {
      rm -rf "$work"
      # Lock files made from locally built providers must never be committed: remove the ones we created.
      local lock
      for lock in "${created_locks[@]}"; do rm -f "$lock"; done
    }
    trap cleanup EXIT
    failed=0
    for dir in "$tf_root"/modules/*/ "$tf_root"/envs/*/; do
      dir="${dir%/}"
      rel="${dir#"$repo_root"/}"
      [[ -f "$dir/.terraform.lock.hcl" ]] || created_locks+=("$dir/.terraform.lock.hcl")
      # Keep .terraform/ out of the checkout.
      export TF_DATA_DIR="$work/$(basename "$(dirname "$dir")")-$(basename "$dir")"
      if ! init_out="$("$TOFU_BIN" -chdir="$dir" init -backend=false -input=false -no-color 2>&1)"; then
        printf '%s\n' "$init_out" >&2
        echo "terraform:validate: FAIL $rel (init)" >&2
        failed=1
        continue
      fi
      if ! "$TOFU_BIN" -chdir="$dir" validate -no-color >&2; then
        echo "terraform:validate: FAIL $rel" >&2
        failed=1
        continue
      fi
      # Modules with tests/*.tftest.hcl: plan them against a mocked AWS provider (no credentials, no network).
      if compgen -G "$dir/tests/*.tftest.hcl" >/dev/null; then
        if ! "$TOFU_BIN" -chdir="$dir" test -no-color >&2; then
          echo "terraform:validate: FAIL $rel (test)" >&2
          failed=1
          continue
        fi
      fi
      echo "terraform:validate: ok   $rel" >&2
    done
    exit "$failed"
    ;;
  *)
    echo "usage: terraform/scripts/tofu.sh fmt|validate" >&2
    exit 2
    ;;
esac
