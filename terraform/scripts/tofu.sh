#!/usr/bin/env bash
# tofu.sh fmt|validate — formatting check and offline validation of every module and environment.
#
#   fmt       `fmt -check -recursive -diff` over terraform/. Needs no providers, so any tofu/terraform
#             binary works: ITEMS_API_TF_BIN, else `tofu` or `terraform` on PATH, else the offline
#             toolchain from tools/terraform/ensure-toolchain.sh.
#   validate  `init -backend=false` + `validate` in each terraform/modules/* and terraform/envs/*, and
#             `test` (tests/*.tftest.hcl, mocked AWS provider) where a module has tests, with the offline
#             OpenTofu + hashicorp/aws toolchain (tools/terraform/ensure-toolchain.sh); then the same with a
#             `terraform` binary when one is on PATH (or ITEMS_API_TF_EXTRA_BIN), since modules promise both.
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
    # tofu first (ITEMS_API_TF_BIN, PATH, then the offline toolchain that validate uses anyway), terraform last.
    bin="${ITEMS_API_TF_BIN:-$(command -v tofu || true)}"
    if [[ -z "$bin" && -x "$ensure" ]] && exports="$("$ensure")"; then
      eval "$exports"
      bin="$TOFU_BIN"
    fi
    [[ -n "$bin" ]] || bin="$(command -v terraform || true)"
    [[ -n "$bin" ]] || unavailable "no tofu or terraform binary, and no OpenTofu toolchain (see tools/terraform/README.md)"
    echo "terraform:fmt: $("$bin" version 2>/dev/null | head -n1): fmt -check -recursive terraform/" >&2
    if ! "$bin" fmt -check -recursive -diff "$tf_root"; then
      echo "terraform:fmt: error: files above are not formatted; run \`$bin fmt -recursive terraform\`" >&2
      exit 1
    fi
    ;;
  validate)
    load_toolchain
    # The modules promise both tools: also run Terraform when one is on PATH (or ITEMS_API_TF_EXTRA_BIN).
    # The toolchain's CLI config serves the same provider to it (registry.terraform.io in the mirror).
    bins=("$TOFU_BIN")
    extra="${ITEMS_API_TF_EXTRA_BIN:-$(command -v terraform || true)}"
    if [[ -n "$extra" && "$(readlink -f "$extra")" != "$(readlink -f "$TOFU_BIN")" ]]; then bins+=("$extra"); fi
    # Work on a copy outside the checkout: init writes .terraform/ and a .terraform.lock.hcl made from locally
    # built providers (never to be committed), and concurrent runs in a shared checkout must not collide.
    work="$(mktemp -d "${TMPDIR:-/tmp}/items-api-tf-validate.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/openapi/generated"
    # What the modules read from the contract: the API Gateway body and the infrastructure facts.
    cp "$repo_root/openapi/generated/apigateway-body.json" "$repo_root/openapi/generated/infrastructure.json" "$work/openapi/generated/"
    # Plans in the environments' tests hash the handler zip (source_code_hash): Nx builds it first (dependsOn).
    zip="$repo_root/packages/handler/dist/handler.zip"
    if [[ -f "$zip" ]]; then
      mkdir -p "$work/packages/handler/dist" && cp "$zip" "$work/packages/handler/dist/"
    else
      echo "terraform:validate: note: $zip is missing (npx nx run handler:build); environment tests will fail" >&2
    fi
    (cd "$tf_root" && find . \( -name .terraform -o -name '.terraform.lock.hcl' -o -name node_modules \) -prune -o -type f -print |
      while IFS= read -r file; do mkdir -p "$work/terraform/$(dirname "$file")" && cp "$file" "$work/terraform/$file"; done)
    failed=0
    for bin in "${bins[@]}"; do
      tool="$("$bin" version 2>/dev/null | head -n1)"
      echo "terraform:validate: $tool" >&2
      # Each tool writes its own provider address into the lock files: start each one clean.
      rm -rf "$work"/terraform/{modules,envs}/*/.terraform "$work"/terraform/{modules,envs}/*/.terraform.lock.hcl
      for dir in "$work"/terraform/modules/*/ "$work"/terraform/envs/*/; do
        dir="${dir%/}"
        rel="${dir#"$work"/}"
        if ! init_out="$("$bin" -chdir="$dir" init -backend=false -input=false -no-color 2>&1)"; then
          printf '%s\n' "$init_out" >&2
          echo "terraform:validate: FAIL $rel (init, $tool)" >&2
          failed=1
          continue
        fi
        if ! "$bin" -chdir="$dir" validate -no-color >&2; then
          echo "terraform:validate: FAIL $rel ($tool)" >&2
          failed=1
          continue
        fi
        # Directories with tests/*.tftest.hcl: plan them against a mocked AWS provider (no credentials, no network).
        if compgen -G "$dir/tests/*.tftest.hcl" >/dev/null; then
          if ! "$bin" -chdir="$dir" test -no-color >&2; then
            echo "terraform:validate: FAIL $rel (test, $tool)" >&2
            failed=1
            continue
          fi
        fi
        echo "terraform:validate: ok   $rel ($tool)" >&2
      done
    done
    exit "$failed"
    ;;
  *)
    echo "usage: terraform/scripts/tofu.sh fmt|validate" >&2
    exit 2
    ;;
esac
