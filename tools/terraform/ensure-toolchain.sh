#!/usr/bin/env bash
# ensure-toolchain.sh — make an offline OpenTofu + hashicorp/aws toolchain available.
#
# Builds (once, then reuses from a cache outside the checkout) the OpenTofu CLI and the
# hashicorp/aws provider from the Go module proxy, installs the provider into a filesystem
# mirror and writes a CLI config that makes `tofu init` / `terraform init` need no registry.
#
# Progress goes to stderr. stdout carries only `export`/`unset` lines, so callers do:
#     eval "$(tools/terraform/ensure-toolchain.sh)"
# Parts: --cli-only builds/uses only the OpenTofu CLI (fmt needs no provider); --provider-only only the provider,
# its mirror and the CLI config (for a tofu/terraform already on PATH; TOFU_BIN is exported only if cached).
#
# See tools/terraform/README.md for env vars, cache layout and exit codes.
set -euo pipefail

# ---------------------------------------------------------------------------------------
# Pinned versions. The Go module versions must match the wrapper go.mod files next to this
# script (checked below); bump both together and run `go mod tidy` in the wrapper module.
# ---------------------------------------------------------------------------------------
readonly TOFU_VERSION="1.12.6"
readonly TOFU_MODULE="github.com/opentofu/opentofu"
readonly TOFU_PACKAGE="github.com/opentofu/opentofu/cmd/tofu"
readonly TOFU_LDFLAGS="-s -w -X github.com/opentofu/opentofu/version.dev=no"

# The provider's git tags (v6.x.y) are not usable as Go module versions (no /v6 in the
# module path), so a commit is pinned by pseudo-version. The Go proxy reachable here serves
# main@5f2286d6d836 (2026-06-02): v6.47.0 + unreleased 6.48.0 work. It is labelled 6.47.0
# (mirror directory and the provider's own version string) because OpenTofu/Terraform never
# select pre-release versions such as 6.48.0-dev for constraints like ">= 6.0".
readonly AWS_PROVIDER_VERSION="6.47.0"
readonly AWS_MODULE="github.com/hashicorp/terraform-provider-aws"
readonly AWS_MODULE_VERSION="v1.60.1-0.20260602190131-5f2286d6d836"
readonly AWS_PACKAGE="github.com/hashicorp/terraform-provider-aws"
readonly AWS_LDFLAGS="-s -w -X github.com/hashicorp/terraform-provider-aws/version.ProviderVersion=${AWS_PROVIDER_VERSION}"

# Exit codes (documented in README.md).
readonly EXIT_CONFIG=2       # bad input: ITEMS_API_TF_BIN unusable, pins out of sync, unsupported platform, cache not writable
readonly EXIT_NO_GO=3        # the toolchain is not cached and Go is not installed: cannot build here
readonly EXIT_BUILD=4        # downloading or compiling failed

# All of stdout is reserved for the export lines: keep fd 3 for them, send the rest to stderr.
exec 3>&1 1>&2

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR

log() { printf 'ensure-toolchain: %s\n' "$*" >&2; }
die() {
  local code="$1"; shift
  printf 'ensure-toolchain: error: %s\n' "$*" >&2
  exit "$code"
}
emit() { printf '%s\n' "$*" >&3; }
emit_export() { printf 'export %s=%q\n' "$1" "$2" >&3; }

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  printf '\nPins: OpenTofu %s, hashicorp/aws %s (%s@%s)\n' \
    "$TOFU_VERSION" "$AWS_PROVIDER_VERSION" "$AWS_MODULE" "$AWS_MODULE_VERSION"
}

# Which parts to make available: both (default), only the CLI, or only the provider.
want_tofu=1; want_aws=1
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  --cli-only) want_aws=0 ;;
  --provider-only) want_tofu=0 ;;
  *) usage; die "$EXIT_CONFIG" "unknown argument: $1" ;;
esac

now() { date +%s; }
START_TS="$(now)"

# ---------------------------------------------------------------------------------------
# 1. The user's own binary: use it as-is, with their own CLI config. Build nothing.
# ---------------------------------------------------------------------------------------
if [[ -n "${ITEMS_API_TF_BIN:-}" ]]; then
  user_bin="$ITEMS_API_TF_BIN"
  if [[ "$user_bin" != */* ]]; then
    user_bin="$(command -v -- "$user_bin" || true)"
  fi
  [[ -n "$user_bin" && -f "$user_bin" && -x "$user_bin" ]] ||
    die "$EXIT_CONFIG" "ITEMS_API_TF_BIN='$ITEMS_API_TF_BIN' is not an executable file (unset it to use the built offline toolchain)"
  user_bin="$(cd "$(dirname "$user_bin")" && pwd)/$(basename "$user_bin")"
  if ! user_version="$("$user_bin" version 2>/dev/null)"; then
    die "$EXIT_CONFIG" "ITEMS_API_TF_BIN='$user_bin' does not run ('$user_bin version' failed)"
  fi
  user_version="$(grep -m 1 -E '^[A-Za-z]+ v[0-9]' <<<"$user_version" || true)"
  log "using ITEMS_API_TF_BIN=$user_bin ($user_version) with your own CLI config; nothing built"
  emit_export TOFU_BIN "$user_bin"
  if [[ -n "${TF_CLI_CONFIG_FILE:-}" ]]; then
    emit_export TF_CLI_CONFIG_FILE "$TF_CLI_CONFIG_FILE"
  else
    emit "unset TF_CLI_CONFIG_FILE"
  fi
  emit_export ITEMS_API_TOOLCHAIN user
  exit 0
fi

# ---------------------------------------------------------------------------------------
# 2. The built offline toolchain.
# ---------------------------------------------------------------------------------------
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) PLATFORM="linux_amd64" ;;
  Linux/aarch64 | Linux/arm64) PLATFORM="linux_arm64" ;;
  Darwin/x86_64) PLATFORM="darwin_amd64" ;;
  Darwin/arm64) PLATFORM="darwin_arm64" ;;
  *) die "$EXIT_CONFIG" "unsupported platform $(uname -s)/$(uname -m)" ;;
esac
readonly PLATFORM

if [[ -n "${ITEMS_API_TOOLCHAIN_CACHE:-}" ]]; then
  CACHE="$ITEMS_API_TOOLCHAIN_CACHE"
elif [[ -n "${XDG_CACHE_HOME:-}" ]]; then
  CACHE="$XDG_CACHE_HOME/items-api-toolchain"
elif [[ -n "${HOME:-}" ]]; then
  CACHE="$HOME/.cache/items-api-toolchain"
else
  die "$EXIT_CONFIG" "cannot place the cache: set ITEMS_API_TOOLCHAIN_CACHE (or XDG_CACHE_HOME or HOME)"
fi
[[ "$CACHE" == /* ]] || CACHE="$PWD/$CACHE"
# Refuse a cache inside the checkout before creating anything there.
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
in_checkout() { case "$1/" in "$REPO_ROOT"/* | "$(cd "$SCRIPT_DIR/../.." && pwd)"/*) return 0 ;; esac; return 1; }
in_checkout "$CACHE" &&
  die "$EXIT_CONFIG" "cache directory $CACHE is inside the checkout; point ITEMS_API_TOOLCHAIN_CACHE outside it"
mkdir -p "$CACHE" 2>/dev/null || die "$EXIT_CONFIG" "cannot create cache directory $CACHE (set ITEMS_API_TOOLCHAIN_CACHE)"
CACHE="$(cd "$CACHE" && pwd -P)"
in_checkout "$CACHE" &&
  die "$EXIT_CONFIG" "cache directory $CACHE is inside the checkout; point ITEMS_API_TOOLCHAIN_CACHE outside it"
[[ -w "$CACHE" ]] || die "$EXIT_CONFIG" "cache directory $CACHE is not writable (set ITEMS_API_TOOLCHAIN_CACHE)"
readonly CACHE

TOFU_DIR="$CACHE/tofu/$TOFU_VERSION/$PLATFORM"
TOFU_BIN="$TOFU_DIR/tofu"
MIRROR="$CACHE/mirror"
AWS_FILE="terraform-provider-aws_v${AWS_PROVIDER_VERSION}"
AWS_BIN="$MIRROR/registry.opentofu.org/hashicorp/aws/$AWS_PROVIDER_VERSION/$PLATFORM/$AWS_FILE"
AWS_BIN_TF="$MIRROR/registry.terraform.io/hashicorp/aws/$AWS_PROVIDER_VERSION/$PLATFORM/$AWS_FILE"
STAMPS="$CACHE/stamps"
CLI_CONFIG="$CACHE/cli/offline-aws-${AWS_PROVIDER_VERSION}.tfrc"
# A stamp records exactly what was built, so a changed pin or flag triggers a rebuild.
# ITEMS_API_TOOLCHAIN_GCFLAGS: compiler flags for both builds (e.g. "all=-N -l"), empty by default; see
# docs/toolchain.md for what they were measured to save and cost.
GCFLAGS="${ITEMS_API_TOOLCHAIN_GCFLAGS:-}"
TOFU_STAMP_WANT="$TOFU_MODULE@v$TOFU_VERSION ldflags=[$TOFU_LDFLAGS] trimpath cgo=0${GCFLAGS:+ gcflags=[$GCFLAGS]}"
AWS_STAMP_WANT="$AWS_MODULE@$AWS_MODULE_VERSION ldflags=[$AWS_LDFLAGS] trimpath cgo=0${GCFLAGS:+ gcflags=[$GCFLAGS]}"
TOFU_STAMP="$STAMPS/tofu-$TOFU_VERSION-$PLATFORM"
AWS_STAMP="$STAMPS/aws-$AWS_PROVIDER_VERSION-$PLATFORM"

# One run at a time per cache (two test processes may start together).
mkdir -p "$STAMPS"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another ensure-toolchain run holds $CACHE/.lock; waiting for it"
    flock 9
  fi
fi

# First "<Name> vX.Y.Z" line of `<bin> version`. Read with an empty CLI config: tofu prints
# CLI-config warnings (e.g. for a missing $TF_CLI_CONFIG_FILE) on stdout before the version.
version_line() {
  local out
  out="$(TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null)" || return 1
  grep -m 1 -E '^[A-Za-z]+ v[0-9]' <<<"$out" || printf '%s\n' "${out%%$'\n'*}"
}

stamp_ok() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

tofu_ok() {
  [[ -x "$TOFU_BIN" ]] && stamp_ok "$TOFU_STAMP" "$TOFU_STAMP_WANT" || return 1
  local v
  v="$(version_line "$TOFU_BIN")" || return 1
  [[ "$v" == "OpenTofu v$TOFU_VERSION" ]]
}
aws_ok() {
  [[ -x "$AWS_BIN" ]] && stamp_ok "$AWS_STAMP" "$AWS_STAMP_WANT"
}

# The wrapper modules must pin what this script says (one source of truth is hard in bash;
# failing loudly on drift is the next best thing).
check_pin() {
  local gomod="$1" module="$2" version="$3"
  grep -Eq "^[[:space:]]*(require[[:space:]]+)?${module//./\\.}[[:space:]]+${version//./\\.}([[:space:]]|$)" "$gomod" ||
    die "$EXIT_CONFIG" "$gomod does not require $module $version; update the pins in $(basename "${BASH_SOURCE[0]}") and the wrapper module together"
}
check_pin "$SCRIPT_DIR/opentofu/go.mod" "$TOFU_MODULE" "v$TOFU_VERSION"
check_pin "$SCRIPT_DIR/provider-aws/go.mod" "$AWS_MODULE" "$AWS_MODULE_VERSION"

need_tofu=$want_tofu; need_aws=$want_aws
tofu_ok && need_tofu=0
aws_ok && need_aws=0

# ---------------------------------------------------------------------------------------
# Build what is missing.
# ---------------------------------------------------------------------------------------
find_go() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else return 1
  fi
}

# Run a build step, timed with /usr/bin/time -v when available (wall time + peak RSS of
# the largest single process, i.e. the biggest compile/link job).
# A line on stderr every ITEMS_API_TOOLCHAIN_HEARTBEAT seconds (default 30) while a step runs, so a long build
# shows it is alive and how far it is: with PROGRESS_FILE set (the `go build -v` output, one line per package
# compiled) and PROGRESS_TOTAL (the packages `go list -deps` counts), the line says how many are done.
# Run in the background; on TERM it stops its sleep too, so nothing keeps the caller's pipes open.
heartbeat() {
  local label="$1" t0="$2" every="${ITEMS_API_TOOLCHAIN_HEARTBEAT:-30}" sleeper="" done_n
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  while :; do
    sleep "$every" &
    sleeper=$!
    wait "$sleeper"
    if [[ -n "${PROGRESS_FILE:-}" && -n "${PROGRESS_TOTAL:-}" ]]; then
      done_n="$(grep -cv -e ': ' -e '^#' "$PROGRESS_FILE" 2>/dev/null || true)"
      log "$label: ${done_n:-0} of at most $PROGRESS_TOTAL packages compiled, $(( $(now) - t0 )) s so far"
    else
      log "$label: still running ($(( $(now) - t0 )) s so far)"
    fi
  done
}

# With PROGRESS_FILE set, the step's stderr (`go build -v`: one line per package, and the compiler's errors) goes
# there for the heartbeat, and a failed step prints the errors in it.
timed() {
  local label="$1"; shift
  local t0 rc=0 tf beat err
  if [[ -n "${PROGRESS_FILE:-}" ]]; then exec {err}>"$PROGRESS_FILE"; else exec {err}>&2; fi
  t0="$(now)"
  heartbeat "$label" "$t0" 3>&- &
  beat=$!
  if [[ -x /usr/bin/time ]]; then
    tf="$(mktemp)"
    /usr/bin/time -v -o "$tf" "$@" 2>&"$err" || rc=$?
    local wall rss
    wall="$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time.*: //p' "$tf")"
    rss="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tf")"
    local cpu
    cpu="$(sed -n -e 's/^[[:space:]]*User time (seconds): //p' -e 's/^[[:space:]]*System time (seconds): //p' "$tf" | paste -sd+ -)"
    log "$label: wall ${wall:-?} (h:mm:ss), CPU ${cpu:-?} s (user+sys), peak RSS $(( ${rss:-0} / 1024 )) MiB, exit $rc"
    rm -f "$tf"
  else
    "$@" 2>&"$err" || rc=$?
    log "$label: $(( $(now) - t0 )) s, exit $rc"
  fi
  exec {err}>&-
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  if ((rc)) && [[ -n "${PROGRESS_FILE:-}" ]]; then
    grep -e ': ' -e '^#' "$PROGRESS_FILE" | tail -n 60 >&2 || tail -n 60 "$PROGRESS_FILE" >&2
  fi
  return "$rc"
}

if (( need_tofu || need_aws )); then
  GO="$(find_go)" || die "$EXIT_NO_GO" "$(cat <<EOF
the offline toolchain is not in the cache ($CACHE) and Go is not installed, so it cannot be built.
  Missing: $( ((need_tofu)) && printf 'OpenTofu %s ' "$TOFU_VERSION")$( ((need_aws)) && printf 'hashicorp/aws provider %s' "$AWS_PROVIDER_VERSION")
  Fix one of:
    - install Go >= 1.26.6 (it fetches sources from the Go module proxy) and re-run;
    - set ITEMS_API_TF_BIN to a terraform/tofu binary that can reach a provider registry;
    - point ITEMS_API_TOOLCHAIN_CACHE at an existing toolchain cache.
EOF
)"
  JOBS="${ITEMS_API_TOOLCHAIN_JOBS:-2}"
  [[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "$EXIT_CONFIG" "ITEMS_API_TOOLCHAIN_JOBS must be a positive integer, got '$JOBS'"

  # Hermetic-ish Go environment: caches outside the checkout, no workspace from the repo,
  # static binaries, go.sum is authoritative (-mod=readonly).
  export GOMODCACHE="$CACHE/go/mod"
  export GOCACHE="$CACHE/go/build"
  export GOWORK=off
  export CGO_ENABLED=0
  export GOFLAGS="-mod=readonly -buildvcs=false"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  unset GOOS GOARCH GOBIN
  mkdir -p "$GOMODCACHE" "$GOCACHE"
  log "building with $("$GO" version) (-p $JOBS, GOMODCACHE=$GOMODCACHE, GOCACHE=$GOCACHE)"

  # build_one <label> <wrapper dir> <package> <ldflags> <output>
  build_one() {
    local label="$1" dir="$2" pkg="$3" ldflags="$4" out="$5"
    local tmp="$out.tmp.$$"
    mkdir -p "$(dirname "$out")"
    log "$label: downloading modules (go mod download)"
    ( cd "$dir" && timed "$label download" "$GO" mod download ) ||
      die "$EXIT_BUILD" "$label: 'go mod download' failed in $dir (is the Go module proxy reachable? GOPROXY=$("$GO" env GOPROXY))"
    local total
    total="$(cd "$dir" && "$GO" list -deps "$pkg" | wc -l)" ||
      die "$EXIT_BUILD" "$label: 'go list -deps $pkg' failed in $dir"
    log "$label: compiling $pkg and its $total packages (the slow part on a cold cache)"
    if ! ( cd "$dir" && export PROGRESS_FILE="$tmp.progress" PROGRESS_TOTAL="$total" &&
      timed "$label build" "$GO" build -v -p "$JOBS" -trimpath -gcflags="$GCFLAGS" -ldflags "$ldflags" -o "$tmp" "$pkg" ); then
      rm -f "$tmp" "$tmp.progress"
      die "$EXIT_BUILD" "$label: 'go build $pkg' failed (see the compiler output above)"
    fi
    rm -f "$tmp.progress"
    mv -f "$tmp" "$out"
  }

  if (( need_tofu )); then
    log "OpenTofu $TOFU_VERSION: not cached, building"
    build_one "tofu $TOFU_VERSION" "$SCRIPT_DIR/opentofu" "$TOFU_PACKAGE" "$TOFU_LDFLAGS" "$TOFU_BIN"
    printf '%s' "$TOFU_STAMP_WANT" >"$TOFU_STAMP"
    tofu_ok || die "$EXIT_BUILD" "built $TOFU_BIN but '$TOFU_BIN version' does not report OpenTofu v$TOFU_VERSION"
  fi
  if (( need_aws )); then
    log "hashicorp/aws $AWS_PROVIDER_VERSION ($AWS_MODULE_VERSION): not cached, building"
    build_one "aws provider $AWS_PROVIDER_VERSION" "$SCRIPT_DIR/provider-aws" "$AWS_PACKAGE" "$AWS_LDFLAGS" "$AWS_BIN"
    printf '%s' "$AWS_STAMP_WANT" >"$AWS_STAMP"
  fi
fi

status() { (( $1 )) && echo built || echo cached; }
if (( want_aws )); then
  # The same binary under the Terraform registry host, so /usr/local/bin/terraform-style
  # binaries can use the same mirror (hard link; copy if links are not possible).
  if ! [[ "$AWS_BIN_TF" -ef "$AWS_BIN" ]]; then
    mkdir -p "$(dirname "$AWS_BIN_TF")"
    ln -f "$AWS_BIN" "$AWS_BIN_TF" 2>/dev/null || cp -f "$AWS_BIN" "$AWS_BIN_TF"
  fi

  # Offline CLI config: only the mirror, no `direct` block, so nothing is fetched.
  mkdir -p "$(dirname "$CLI_CONFIG")"
  cli_tmp="$CLI_CONFIG.tmp.$$"
  cat >"$cli_tmp" <<EOF
# Generated by tools/terraform/ensure-toolchain.sh: offline provider installation.
# Providers come only from the local filesystem mirror; there is no "direct" block,
# so init never contacts a registry.
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
}
EOF
  if [[ -f "$CLI_CONFIG" ]] && cmp -s "$cli_tmp" "$CLI_CONFIG"; then rm -f "$cli_tmp"; else mv -f "$cli_tmp" "$CLI_CONFIG"; fi
  log "hashicorp/aws: $AWS_PROVIDER_VERSION from $AWS_MODULE@$AWS_MODULE_VERSION ($(status "$need_aws")) -> $AWS_BIN"
  log "CLI config: $CLI_CONFIG"
fi

# The CLI: asked for, or (with --provider-only) already cached.
if (( want_tofu )) || tofu_ok; then
  log "OpenTofu: $(version_line "$TOFU_BIN") ($(status "$need_tofu")) -> $TOFU_BIN"
  emit_export TOFU_BIN "$TOFU_BIN"
else
  emit "unset TOFU_BIN"
fi
log "done in $(( $(now) - START_TS )) s"

if (( want_aws )); then
  emit_export TF_CLI_CONFIG_FILE "$CLI_CONFIG"
  emit "unset TF_PLUGIN_CACHE_DIR"
  emit_export ITEMS_API_TF_MIRROR "$MIRROR"
  emit_export ITEMS_API_AWS_PROVIDER_VERSION "$AWS_PROVIDER_VERSION"
fi
emit_export ITEMS_API_TOOLCHAIN built
