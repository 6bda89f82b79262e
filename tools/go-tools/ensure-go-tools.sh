#!/usr/bin/env bash
# ensure-go-tools.sh — make terraform-docs, tflint, tflint-ruleset-aws and actionlint available, built from the Go
# module proxy.
#
# Each tool has a wrapper module next to this script (<tool>/go.mod, a `tool` directive and the exact version it
# requires, with go.sum): the go.mod is the only place a version is pinned. The binary is built once into a cache
# outside the checkout, keyed by version, and reused:
#     ${ITEMS_API_GO_TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-go-tools}/<tool>/<version>/<tool>
#
# Progress goes to stderr; stdout carries only `export` lines, so callers do:
#     eval "$(tools/go-tools/ensure-go-tools.sh)"              # every tool
#     eval "$(tools/go-tools/ensure-go-tools.sh actionlint)"   # only the tools named (and only their exports)
# which sets TERRAFORM_DOCS_BIN, TFLINT_BIN, TFLINT_PLUGIN_DIR (the directory holding tflint-ruleset-aws, which
# tflint loads for `plugin "aws" { enabled = true }` without a `source`) and ACTIONLINT_BIN.
#
# Exit codes: 0 ready; 2 unknown tool name; 3 a tool is not cached and Go is not installed to build it; 4 a download
# or build failed.
set -euo pipefail

readonly EXIT_NO_GO=3
readonly EXIT_BUILD=4
readonly ALL_TOOLS=(terraform-docs tflint tflint-ruleset-aws actionlint)

# All of stdout is reserved for the export lines.
exec 3>&1 1>&2

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${ITEMS_API_GO_TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-go-tools}"

log() { printf 'ensure-go-tools: %s\n' "$*" >&2; }

# The version a wrapper pins: the `require` line of the module that holds the package its `tool` directive names
# (the module itself, or a prefix of it such as github.com/rhysd/actionlint for .../cmd/actionlint; the longest
# match wins). No Go is needed to read it.
pinned_version() {
  local gomod="$here/$1/go.mod" package module version best="" best_version=""
  package="$(sed -n 's/^tool //p' "$gomod")"
  while read -r module version; do
    if [[ "$package" == "$module" || "$package" == "$module"/* ]] && ((${#module} > ${#best})); then
      best="$module" best_version="$version"
    fi
  done < <(sed -n 's/^[[:space:]]*\(require[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]()]\{1,\}\)[[:space:]]\{1,\}\(v[^[:space:]]*\).*/\2 \3/p' "$gomod")
  printf '%s\n' "$best_version"
}

binary_path() {
  local version
  version="$(pinned_version "$1")"
  [[ -n "$version" ]] || { log "error: no pinned version in $here/$1/go.mod"; exit "$EXIT_BUILD"; }
  printf '%s/%s/%s/%s\n' "$cache" "$1" "$version" "$1"
}

build() {
  local tool="$1" out="$2" package version start
  package="$(sed -n 's/^tool //p' "$here/$tool/go.mod")"
  version="$(pinned_version "$tool")"
  command -v go >/dev/null || { log "error: $tool $version is not cached and Go is not installed to build it"; exit "$EXIT_NO_GO"; }
  log "building $tool $version ($package) into $out — minutes on a cold cache, see docs/toolchain.md"
  start="$(date +%s)"
  mkdir -p "$(dirname "$out")"
  # A private module and build cache; -mod=readonly: the committed go.sum is the whole dependency graph.
  if ! (cd "$here/$tool" &&
    GOMODCACHE="$cache/go/mod" GOCACHE="$cache/go/build" GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 \
      GOFLAGS="-mod=readonly -buildvcs=false" \
      go build -p 2 -trimpath -ldflags "-s -w" -o "$out.tmp" "$package"); then
    rm -f "$out.tmp"
    log "error: building $tool $version failed"
    exit "$EXIT_BUILD"
  fi
  mv "$out.tmp" "$out" # the binary appears only when complete: its presence is the cache hit
  log "$tool $version built in $(($(date +%s) - start)) s"
}

tools=("$@")
((${#tools[@]})) || tools=("${ALL_TOOLS[@]}")
for tool in "${tools[@]}"; do
  [[ " ${ALL_TOOLS[*]} " == *" $tool "* ]] || { log "error: unknown tool '$tool' (known: ${ALL_TOOLS[*]})"; exit 2; }
done

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # concurrent callers (Nx runs targets in parallel) wait for one build
for tool in "${tools[@]}"; do
  out="$(binary_path "$tool")"
  [[ -x "$out" ]] || build "$tool" "$out"
done

# The variable each tool is exported as (tflint-ruleset-aws: the directory tflint loads plugins from).
for tool in "${tools[@]}"; do
  case "$tool" in
    terraform-docs) printf 'export TERRAFORM_DOCS_BIN=%q\n' "$(binary_path terraform-docs)" ;;
    tflint) printf 'export TFLINT_BIN=%q\n' "$(binary_path tflint)" ;;
    tflint-ruleset-aws) printf 'export TFLINT_PLUGIN_DIR=%q\n' "$(dirname "$(binary_path tflint-ruleset-aws)")" ;;
    actionlint) printf 'export ACTIONLINT_BIN=%q\n' "$(binary_path actionlint)" ;;
  esac >&3
done
