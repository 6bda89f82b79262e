#!/usr/bin/env bash
# measure-gcflags.sh [runs] — what compiling without optimizations (-gcflags "-N -l") saves on the provider build:
# compiles the same three large packages (the SDK's EC2 client, the provider's DynamoDB and EC2 services) with the
# default flags and with -N -l, interleaved, `runs` times each (default 3), and prints the CPU seconds of each
# compile. Only the named packages are compiled (their dependencies come from the toolchain's Go cache, so build the
# toolchain first); `-e` (no error limit) and a `-D` per run are no-ops that keep the build cache from answering.
# Results and what was decided: docs/toolchain.md ("CI budget").
set -euo pipefail
runs="${1:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${ITEMS_API_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/items-api-toolchain}"
[[ -d "$cache/go/build" ]] || { echo "measure-gcflags: no toolchain Go cache at $cache/go (run ensure-toolchain.sh first)" >&2; exit 3; }
cd "$here/provider-aws"
export GOMODCACHE="$cache/go/mod" GOCACHE="$cache/go/build" GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
packages=(
  github.com/aws/aws-sdk-go-v2/service/ec2
  github.com/hashicorp/terraform-provider-aws/internal/service/dynamodb
  github.com/hashicorp/terraform-provider-aws/internal/service/ec2
)
for ((i = 1; i <= runs; i++)); do
  for mode in optimized unoptimized; do
    flags="-e -D=/run$i$mode$RANDOM"
    [[ "$mode" == unoptimized ]] && flags+=" -N -l"
    /usr/bin/time -f "$mode run $i: CPU %U s user + %S s sys, wall %e s" \
      go build -p 2 -trimpath -gcflags="$flags" -o /dev/null "${packages[@]}"
  done
done
