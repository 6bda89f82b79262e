#!/usr/bin/env bash
# tofu.sh fmt|validate — formatting check and validation of every module and environment.
#
#   fmt       `fmt -check -recursive -diff` over terraform/. Needs no providers, so any tofu/terraform
#             binary works: ITEMS_API_TF_BIN, else `tofu` or `terraform` on PATH, else the offline
#             OpenTofu CLI (tools/terraform/ensure-toolchain.sh --cli-only).
#   validate  `init -backend=false` + `validate` in each terraform/modules/* and terraform/envs/*, and
#             `test` (tests/*.tftest.hcl, mocked AWS provider) where a module has tests, with every tofu and
#             terraform the machine has (the modules promise both): those on PATH with their public registry
#             when it answers, else with the provider from the offline mirror; the offline OpenTofu CLI too
#             when it is cached; the whole offline toolchain when no CLI is on PATH. Plus ITEMS_API_TF_EXTRA_BIN.
#
# Which binaries and why is printed first (tools/terraform/select-toolchain.sh decides, in seconds), before any
# build. When no binary / toolchain can be had (ensure-toolchain.sh exit 3): skip with a message, or fail under
# CI=true.
set -euo pipefail
export CHECKPOINT_DISABLE=1 # no version check against HashiCorp from `terraform version`

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(dirname "$here")"
repo_root="$(dirname "$tf_root")"
ensure="$repo_root/tools/terraform/ensure-toolchain.sh"
cmd="${1:-}"
case "$cmd" in
  fmt | validate) ;;
  *)
    echo "usage: terraform/scripts/tofu.sh fmt|validate" >&2
    exit 2
    ;;
esac

unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "terraform:$cmd: error: $1" >&2
    exit 1
  fi
  echo "terraform:$cmd: SKIPPED — $1" >&2
  exit 0
}

# load_toolchain [--cli-only|--provider-only]: the offline toolchain's exports (TOFU_BIN, TF_CLI_CONFIG_FILE, …).
load_toolchain() {
  [[ -x "$ensure" ]] || unavailable "no OpenTofu toolchain script at tools/terraform/ensure-toolchain.sh"
  local exports status=0
  exports="$("$ensure" "$@")" || status=$?
  case "$status" in
    0) eval "$exports" ;;
    3) unavailable "no OpenTofu toolchain: it is not cached and Go is not installed to build it (see tools/terraform/README.md)" ;;
    *)
      echo "terraform:$cmd: error: tools/terraform/ensure-toolchain.sh failed with exit code $status" >&2
      exit "$status"
      ;;
  esac
}

# "OpenTofu v1.12.6" / "Terraform v1.11.4": the first such line (a CLI-config warning may come first on stdout).
cli_version() {
  local out
  out="$("$1" version 2>/dev/null || true)"
  grep -m1 -E '^[A-Za-z]+ v[0-9]' <<<"$out" || echo "$1"
}

# Decide first and say so: the choice takes seconds, a build of what is missing may take many minutes.
selection="$("$repo_root/tools/terraform/select-toolchain.sh" "$cmd")"
eval "$selection"
echo "terraform:$cmd: using $TF_SELECTED_REASON" >&2
bins=("${TF_SELECTED_BINS[@]}")
case "$TF_SELECTED_BUILD" in
  none) ;;
  cli) load_toolchain --cli-only && bins=("$TOFU_BIN") ;;
  all) load_toolchain && bins=("$TOFU_BIN") ;;
  provider)
    load_toolchain --provider-only
    # The offline OpenTofu CLI is used too when it is cached and no tofu is on PATH (both tools stay covered).
    if [[ -n "${TOFU_BIN:-}" ]] && ! command -v tofu >/dev/null 2>&1; then bins=("$TOFU_BIN" "${bins[@]}"); fi
    ;;
esac
if [[ "$TF_SELECTED_MODE" == registry && -z "${TF_PLUGIN_CACHE_DIR:-}" ]]; then
  # Downloaded providers are shared by every directory's init (and kept for the next run).
  export TF_PLUGIN_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/items-api-plugin-cache"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
fi

case "$cmd" in
  fmt)
    bin="${bins[0]}"
    echo "terraform:fmt: $(cli_version "$bin"): fmt -check -recursive terraform/" >&2
    if ! "$bin" fmt -check -recursive -diff "$tf_root"; then
      echo "terraform:fmt: error: files above are not formatted; run \`$bin fmt -recursive terraform\`" >&2
      exit 1
    fi
    ;;
  validate)
    # ITEMS_API_TF_EXTRA_BIN: one more binary to run the same checks with.
    extra="${ITEMS_API_TF_EXTRA_BIN:-}"
    if [[ -n "$extra" ]]; then
      for bin in "${bins[@]}"; do [[ "$(readlink -f "$extra")" == "$(readlink -f "$bin")" ]] && extra=""; done
      [[ -z "$extra" ]] || bins+=("$extra")
    fi
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
    dirs=("$work"/terraform/modules/*/ "$work"/terraform/envs/*/)
    # One step per directory and binary, announced before it starts: a module's init and test take minutes.
    step=0
    steps=$((${#bins[@]} * ${#dirs[@]}))
    for bin in "${bins[@]}"; do
      tool="$(cli_version "$bin")"
      echo "terraform:validate: $tool" >&2
      # Each tool writes its own provider address into the lock files: start each one clean.
      rm -rf "$work"/terraform/{modules,envs}/*/.terraform "$work"/terraform/{modules,envs}/*/.terraform.lock.hcl
      for dir in "${dirs[@]}"; do
        dir="${dir%/}"
        rel="${dir#"$work"/}"
        step=$((step + 1))
        echo "terraform:validate: step $step/$steps: $rel ($tool): init, validate$(compgen -G "$dir/tests/*.tftest.hcl" >/dev/null && echo ", test")" >&2
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
esac
