#!/usr/bin/env bash
# build-tools.sh — the outside tools the checks build from the Go module proxy, built once and up front: the offline
# OpenTofu + hashicorp/aws toolchain (tools/terraform/ensure-toolchain.sh) and tflint, tflint-ruleset-aws,
# terraform-docs and actionlint (tools/go-tools/ensure-go-tools.sh). Nx runs this (`workspace:tools`) before every
# target that uses them, so those find them cached instead of each waiting behind the other's lock, and unrelated
# tasks run meanwhile. Each build prints its progress (a line every 30 s). Seconds when everything is cached.
# Without Go: says what will be skipped and exits 0 (the checks skip themselves), or fails under CI=true.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo_root"

# build <what> <script>: run one ensure script, its exports discarded (the checks ask again, from the cache).
build() {
  local what="$1" status=0
  shift
  echo "workspace:tools: $what" >&2
  "$@" >/dev/null || status=$?
  case "$status" in
    0) ;;
    3)
      if [[ "${CI:-}" == "true" ]]; then
        echo "workspace:tools: error: $what is not cached and Go is not installed to build it" >&2
        exit 1
      fi
      echo "workspace:tools: SKIPPED $what — not cached and no Go to build it; the checks that need it skip" >&2
      ;;
    *)
      echo "workspace:tools: error: building $what failed (exit $status; its output is above)" >&2
      exit "$status"
      ;;
  esac
}

build "the offline OpenTofu + hashicorp/aws toolchain" tools/terraform/ensure-toolchain.sh
build "tflint, tflint-ruleset-aws, terraform-docs, actionlint" tools/go-tools/ensure-go-tools.sh
