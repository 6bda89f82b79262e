#!/usr/bin/env bash
# terraform-docs, tflint and tflint-ruleset-aws for `terraform:docs` and `terraform:lint`, and actionlint for
# `workspace:lint-ci`, built from the Go module proxy at the versions pinned in tools/go-tools/*/go.mod (minutes on a
# cold machine, see docs/toolchain.md); silent when cached.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/go-tools/ensure-go-tools.sh > /dev/null
