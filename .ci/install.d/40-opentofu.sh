#!/usr/bin/env bash
# The offline OpenTofu + hashicorp/aws toolchain that `terraform:validate` and `terraform:test` use. Builds it from
# the Go module proxy on a cold machine (tens of minutes, see docs/toolchain.md); seconds when cached.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/terraform/ensure-toolchain.sh > /dev/null
