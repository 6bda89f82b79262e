#!/usr/bin/env bash
# rehearse.sh [--terraform-envs=env,...] [env...] — apply rehearsal of the environments against moto (an AWS
# emulator on loopback).
#
# In a copy of the repository's terraform tree (the envs' files unchanged), once: envs/bootstrap init + apply (the
# account baseline). Then for each tool (the offline OpenTofu toolchain, then `terraform` when on PATH or
# ITEMS_API_TF_EXTRA_BIN; terraform only for the envs --terraform-envs lists, default all) and its envs (default:
# dev prod, or the arguments), into the one emulated account:
#   each env: init (S3 backend in a bucket created in moto) -> apply -auto-approve -> plan -detailed-exitcode = 0
#   with dev and prod both up: dev torn down, prod's plan -detailed-exitcode still 0 (account-wide settings intact)
#   each env left: teardown as its README documents (prod: apply -var deletion_protection_enabled=false first)
#   -> destroy -auto-approve -> moto holds none of the env's resources (leftovers.py).
# As the deploy workflow does, the bootstrap creates the deploy identity (plan and apply roles, boundary) and every
# env is planned and applied with its boundary and key administrators (the bootstrap's outputs). With OpenTofu and
# every env up, `npm run cursor-key -- set` and `npm run stage-env` run against moto too, and the authorization
# rehearsal (terraform/authorization/) evaluates every call moto logged and every runtime request against the
# applied policies, as the roles the workflows use.
# The provider is pointed at moto by environment variables only (AWS_ENDPOINT_URL + HTTP_PROXY, test credentials,
# AWS_MAX_ATTEMPTS=1 so an emulator error fails fast). Stubs for moto's gaps: moto_server.py (see README.md).
# Skipped with a message when moto or the toolchain is missing, failing under CI=true.
# Everything runs inside main(), so bash has read the whole file before the first step: editing the script while a
# rehearsal runs cannot change what that rehearsal does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(dirname "$here")"
repo_root="$(dirname "$tf_root")"
ensure="$repo_root/tools/terraform/ensure-toolchain.sh"
moto_version="$(sed -n 's/^moto\[server\]==\([^ ;]*\).*/\1/p' "$repo_root/tools/moto/requirements.txt")"
moto_python="${ITEMS_API_MOTO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-moto}/$moto_version/bin/python"
main() {
terraform_envs=""
envs=()
for arg in "$@"; do
  case "$arg" in
    --terraform-envs=*) terraform_envs="${arg#*=}" ;;
    -*) echo "usage: rehearse.sh [--terraform-envs=env,...] [env...]" >&2; exit 2 ;;
    *) envs+=("$arg") ;;
  esac
done
[[ ${#envs[@]} -gt 0 ]] || envs=(dev prod)

log() { echo "terraform:rehearse: $*" >&2; }
# Every call moto receives is logged with the step named here (<env>:<phase>; the authorization rehearsal evaluates
# each as the role the deploy workflow runs that phase with).
step() { echo "$1" >"$requests_log.step"; }
unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    log "error: $1"
    exit 1
  fi
  log "SKIPPED — $1"
  exit 0
}

[[ -x "$moto_python" ]] || unavailable "moto $moto_version is not installed (bash .ci/install.d/60-moto.sh)"
# 60-moto.sh stamps the venv with the requirements it installed (cbor2 beside moto, for moto_server.py).
cmp -s "$(dirname "$(dirname "$moto_python")")/.installed" "$repo_root/tools/moto/requirements.txt" ||
  unavailable "moto's venv does not hold tools/moto/requirements.txt as it is now (bash .ci/install.d/60-moto.sh)"
[[ -x "$ensure" ]] || unavailable "no OpenTofu toolchain script at tools/terraform/ensure-toolchain.sh"
status=0
exports="$("$ensure")" || status=$?
case "$status" in
  0) eval "$exports" ;;
  3) unavailable "no OpenTofu toolchain: it is not cached and Go is not installed to build it (see tools/terraform/README.md)" ;;
  *) log "error: tools/terraform/ensure-toolchain.sh failed with exit code $status"; exit "$status" ;;
esac
zip="$repo_root/packages/handler/dist/handler.zip"
[[ -f "$zip" ]] || { log "error: $zip is missing (npx nx run handler:build)"; exit 1; }

bins=("$TOFU_BIN")
extra="${ITEMS_API_TF_EXTRA_BIN:-$(command -v terraform || true)}"
if [[ -n "$extra" && "$(readlink -f "$extra")" != "$(readlink -f "$TOFU_BIN")" ]]; then bins+=("$extra"); fi

# A copy outside the checkout: init writes .terraform/, lock files and (here) nothing else; concurrent runs must not collide.
work="$(mktemp -d "${TMPDIR:-/tmp}/items-api-rehearsal.XXXXXX")"
moto_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  tick_stop
  [[ -z "$moto_pid" ]] || kill "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# A step's output goes to last.log (shown when it fails), and an apply or destroy runs for minutes: while one runs,
# every 30 s, which step, for how long and the log's last line. The sleep holds no pipe, so killing the loop between
# two sleeps leaves nothing attached to Nx's output.
ticker_pid=""
tick_start() {
  local label="$1" started=$SECONDS
  tick_stop
  (while sleep 30 >/dev/null 2>&1; do
    log "… $label: running for $((SECONDS - started)) s; last: $(tail -n 1 "$work/last.log" 2>/dev/null | cut -c1-120)"
  done) &
  ticker_pid=$!
}
tick_stop() {
  [[ -z "$ticker_pid" ]] || kill "$ticker_pid" 2>/dev/null || true
  ticker_pid=""
}
mkdir -p "$work/openapi/generated" "$work/packages/handler/dist"
cp "$repo_root/openapi/generated/apigateway-body.json" "$repo_root/openapi/generated/infrastructure.json" "$work/openapi/generated/"
cp "$zip" "$work/packages/handler/dist/"
if [[ -n "${ITEMS_API_REHEARSAL_REF:-}" ]]; then
  # The HCL of a commit instead of the working tree (to rehearse a consistent tree while terraform/ is being edited).
  git -C "$repo_root" archive "$ITEMS_API_REHEARSAL_REF" terraform/modules terraform/envs | tar -x -C "$work"
else
  (cd "$tf_root" && find modules envs \( -name .terraform -o -name tests \) -prune -o -type f \( -name '*.tf' -o -name '*.json' \) -print |
    while IFS= read -r file; do mkdir -p "$work/terraform/$(dirname "$file")" && cp "$file" "$work/terraform/$file"; done)
fi

# moto on a free loopback port (the OS picks it; moto_server.py reports it once it listens).
port="$("$moto_python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
requests_log="$work/requests.jsonl"
"$moto_python" "$here/moto_server.py" "$port" "$requests_log" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  grep -q 'moto ready' "$work/moto.log" 2>/dev/null && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; log "error: moto did not start"; exit 1; }
  sleep 0.2
done
endpoint="http://127.0.0.1:$port"
# The provider reaches moto under a name that needs no DNS: the S3 Control API it lists bucket tags with always
# prefixes the account ID to the host (123456789012.<host>), which neither an IP nor localhost resolves in Go. So the
# provider talks to http://aws.rehearsal:<port> through HTTP_PROXY = moto itself, which serves absolute-form requests
# and picks the service from the request's signature, as it does for any host.
provider_endpoint="http://aws.rehearsal:$port"
log "moto $moto_version on $endpoint"

export AWS_ENDPOINT_URL="$provider_endpoint" HTTP_PROXY="$endpoint" http_proxy="$endpoint" NO_PROXY='' no_proxy='' AWS_ACCESS_KEY_ID=rehearsal AWS_SECRET_ACCESS_KEY=rehearsal AWS_REGION=us-east-1
export AWS_MAX_ATTEMPTS=1 AWS_EC2_METADATA_DISABLED=true TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION
# The envs' state lives in a plain versioned bucket: moto serves plain HTTP only, and the bootstrap's bucket denies
# every request without TLS (its TLS-only policy, which moto enforces like AWS).
state_bucket=rehearsal-state
"$moto_python" - "$endpoint" "$state_bucket" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
s3.create_bucket(Bucket=sys.argv[2])
s3.put_bucket_versioning(Bucket=sys.argv[2], VersioningConfiguration={"Status": "Enabled"})
PY
if [[ -d "$work/terraform/envs/bootstrap" ]]; then
  # The documented path: the bootstrap root (local state) sets up the account (state bucket, account baseline) first.
  # Applied once, with OpenTofu; not destroyed.
  boot="$work/terraform/envs/bootstrap"
  log "bootstrap: init + apply (with the deploy identity of a repository)"
  step bootstrap:apply
  code=0
  tick_start "bootstrap: init + apply"
  { "$TOFU_BIN" -chdir="$boot" init -input=false -no-color &&
    timeout "${ITEMS_API_REHEARSAL_STEP_TIMEOUT:-300}" "$TOFU_BIN" -chdir="$boot" apply -auto-approve -no-color \
      -var="state_bucket_name=rehearsal-bootstrap-state" -var="github_repository=rehearsal/items-api" &&
    "$TOFU_BIN" -chdir="$boot" show -json >"$work/bootstrap.json"; } >"$work/last.log" 2>&1 || code=$?
  tick_stop
  if [[ "$code" != 0 ]]; then
    tail -n 60 "$work/last.log" >&2
    log "FAIL bootstrap: apply (exit $code)"
    exit 1
  fi
fi

# What the deploy workflow passes every plan and apply of an env: the boundary of the roles it creates and the
# administrators of its keys (the bootstrap's outputs, as README "CI/CD" sets them as repository variables).
use_env() {
  local vars
  vars="$("$moto_python" - "$work/bootstrap.json" "$1" <<'PY'
import json, shlex, sys
outputs = json.load(open(sys.argv[1]))["values"]["outputs"]
env = sys.argv[2]
print("export TF_VAR_permissions_boundary_arn=" + shlex.quote(outputs["github_permissions_boundary_arns"]["value"][env]))
print("export TF_VAR_key_administrator_arns=" + shlex.quote(json.dumps(outputs["github_key_administrator_arns"]["value"][env])))
PY
)" || { log "error: no deploy identity outputs for $1 in the bootstrap"; return 1; }
  eval "$vars"
}

# A repository script (npm run cursor-key / stage-env) against moto, reading the env's outputs through its data dir.
repo_script() {
  local env="$1" dir="$work/terraform/envs/$1"
  shift
  if ! (cd "$repo_root" && TF_DATA_DIR="$dir/.terraform" PATH="$(dirname "$TOFU_BIN"):$PATH" AWS_ENDPOINT_URL="$endpoint" \
    HTTP_PROXY='' http_proxy='' node "$@") >"$work/last.log" 2>&1; then
    tail -n 30 "$work/last.log" >&2
    log "FAIL $env: $*"
    return 1
  fi
}

# The deploy workflow's steps after an apply (the cursor signing key, the e2e jobs' credentials), against moto, and
# the applied state of each env for the authorization rehearsal.
after_apply() {
  local env
  for env in "$@"; do
    "$TOFU_BIN" -chdir="$work/terraform/envs/$env" show -json >"$work/state-$env.json" || { log "FAIL $env: show -json"; return 1; }
    step "$env:cursor-key"
    repo_script "$env" --import tsx terraform/scripts/cursor-key.ts set --env "$env" --tool tofu || return 1
    step "$env:stage-env"
    repo_script "$env" --conditions=@items-api/source --import tsx tools/stage-env/src/stage-env.ts --env "$env" --tool tofu \
      --out "$work/stage-$env.env" || return 1
  done
}

# The authorization rehearsal (terraform/authorization/) over the applied states and every call logged.
authorize() {
  local env started=$SECONDS args=(--bootstrap "$work/bootstrap.json" --calls "$requests_log")
  for env in "$@"; do args+=(--env "$env=$work/state-$env.json"); done
  step authorization
  if (cd "$repo_root" && node --import tsx terraform/authorization/main.ts "${args[@]}") >&2; then
    log "ok   authorization of ${*} in $((SECONDS - started)) s"
  else
    log "FAIL authorization of ${*}"
    return 1
  fi
}

failed=0
run() {
  local label="$1"
  shift
  log "\$ ${*/#$work\//}"
  tick_start "$label"
  if ! timeout "${ITEMS_API_REHEARSAL_STEP_TIMEOUT:-300}" "$@" -no-color >"$work/last.log" 2>&1; then
    tick_stop
    tail -n 60 "$work/last.log" >&2
    log "FAIL $label"
    return 1
  fi
  tick_stop
}
# plan -detailed-exitcode must exit 0: what was applied reads back as applied (no drift, nobody else changed it).
replan_empty() {
  local label="$1" dir="$2" code=0
  log "\$ $(basename "$bin") -chdir=${dir#"$work"/} plan -detailed-exitcode"
  tick_start "$label: plan"
  timeout "${ITEMS_API_REHEARSAL_STEP_TIMEOUT:-300}" "$bin" -chdir="$dir" plan -detailed-exitcode -no-color >"$work/last.log" 2>&1 || code=$?
  tick_stop
  if [[ "$code" != 0 ]]; then
    grep -E '^\s+[-~+]|will be|must be|Error' "$work/last.log" | head -n 60 >&2 || tail -n 60 "$work/last.log" >&2
    log "FAIL $label: re-plan exits $code (0 = no changes)"
    return 1
  fi
}
# destroy as the env's README documents it: an env with a deletion_protection_enabled variable (prod) is applied
# with it false first (envs/prod/README.md, "Teardown"); then destroy; then moto must hold nothing of the env.
teardown() {
  local label="$1" env="$2" dir="$work/terraform/envs/$2" ok=0 regions
  use_env "$env" || return 1
  step "$step_prefix$env:teardown"
  # The cursor signing key's parameters first, as the env's README says (Terraform does not own them).
  if [[ -f "$work/state-$env.json" && -z "$step_prefix" ]]; then
    step "$env:admin-teardown"
    repo_script "$env" --import tsx terraform/scripts/cursor-key.ts delete --env "$env" --tool tofu || ok=1
    step "$step_prefix$env:teardown"
  fi
  if grep -q '^variable "deletion_protection_enabled"' "$dir/variables.tf"; then
    run "$label: teardown apply" "$bin" -chdir="$dir" apply -auto-approve -var deletion_protection_enabled=false || ok=1
  fi
  run "$label: destroy" "$bin" -chdir="$dir" destroy -auto-approve || ok=1
  step checks
  regions="$(sed -n 's/^ *default *= *\[\(.*\)\]/\1/p' "$dir/variables.tf" | head -n1 | tr -d '",')"
  # shellcheck disable=SC2086 # one argument per Region
  "$moto_python" "$here/leftovers.py" "$endpoint" "items-api-$env" $regions || { log "FAIL $label: resources left after destroy"; ok=1; }
  return "$ok"
}

# Per tool: every env applied (re-plan empty) into the one emulated account; with dev and prod both up, dev is
# destroyed and prod's re-plan must still be empty (the envs share account-wide settings); then the rest torn down.
for bin in "${bins[@]}"; do
  tool="$("$bin" version 2>/dev/null || true)"
  tool="${tool%%$'\n'*}"
  tool_envs=("${envs[@]}")
  if [[ "$bin" != "$TOFU_BIN" && -n "$terraform_envs" ]]; then
    IFS=, read -r -a tool_envs <<<"$terraform_envs"
    log "$tool: only ${tool_envs[*]} (--terraform-envs)"
  fi
  up=()
  # Calls of another tool's pass are logged under its own prefix: the authorization rehearsal evaluates OpenTofu's.
  step_prefix=""
  [[ "$bin" == "$TOFU_BIN" ]] || step_prefix="$(basename "$bin")/"
  for env in "${tool_envs[@]}"; do
    dir="$work/terraform/envs/$env"
    rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl"
    started=$SECONDS
    label="$env ($tool)"
    use_env "$env" || { failed=1; continue; }
    step "$step_prefix$env:init"
    run "$label: init" "$bin" -chdir="$dir" init -input=false \
      -backend-config="bucket=$state_bucket" -backend-config="key=$env/$(basename "$bin").tfstate" \
      -backend-config="region=us-east-1" || { failed=1; continue; }
    up+=("$env")
    step "$step_prefix$env:apply"
    if run "$label: apply" "$bin" -chdir="$dir" apply -auto-approve && step "$step_prefix$env:plan" && replan_empty "$label: after apply" "$dir"; then
      log "ok   $label: apply + empty re-plan in $((SECONDS - started)) s"
    else
      failed=1
    fi
  done
  applied=()
  if [[ "$bin" == "$TOFU_BIN" && ${#up[@]} -gt 0 ]]; then
    if after_apply "${up[@]}"; then applied=("${up[@]}"); else failed=1; fi
  fi
  if [[ " ${up[*]} " == *" dev "* && " ${up[*]} " == *" prod "* ]]; then
    started=$SECONDS
    label="two envs, one account ($tool)"
    if teardown "$label: dev" dev && use_env prod && step "$step_prefix""prod:plan" && replan_empty "$label: prod after dev's destroy" "$work/terraform/envs/prod"; then
      log "ok   $label: dev destroyed, prod's re-plan empty in $((SECONDS - started)) s"
    else
      failed=1
    fi
    up=(prod)
  fi
  for env in "${up[@]}"; do
    started=$SECONDS
    if teardown "$env ($tool)" "$env"; then log "ok   $env ($tool): torn down, nothing left in $((SECONDS - started)) s"; else failed=1; fi
  done
  if [[ ${#applied[@]} -gt 0 ]]; then authorize "${applied[@]}" || failed=1; fi
done
exit "$failed"
}

main "$@"
