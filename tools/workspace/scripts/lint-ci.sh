#!/usr/bin/env bash
# lint-ci.sh — actionlint over the GitHub Actions workflows and ShellCheck over every shell script in the repository
# (tracked or new, not ignored: *.sh and files with a sh/bash shebang). Any finding fails.
#
# actionlint comes from tools/go-tools/ensure-go-tools.sh (built from the Go module proxy, cached outside the
# checkout) and runs ShellCheck on every `run:` block too; ShellCheck is Debian's (.ci/install.d/55-shellcheck.sh)
# or any `shellcheck` on PATH (SHELLCHECK_BIN overrides). When a tool cannot be had: skip with a message, or fail
# when CI=true.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$repo_root"

unavailable() {
  if [[ "${CI:-}" == "true" ]]; then
    echo "workspace:lint-ci: error: $1" >&2
    exit 1
  fi
  echo "workspace:lint-ci: SKIPPED — $1" >&2
  exit 0
}

shellcheck_bin="${SHELLCHECK_BIN:-$(command -v shellcheck || true)}"
[[ -n "$shellcheck_bin" ]] || unavailable "shellcheck is not installed (apt-get install shellcheck, or .ci/install.d/55-shellcheck.sh)"

status=0
exports="$(tools/go-tools/ensure-go-tools.sh actionlint)" || status=$?
case "$status" in
  0) eval "$exports" ;;
  3) unavailable "actionlint is not cached and Go is not installed to build it (see tools/go-tools/README.md)" ;;
  *)
    echo "workspace:lint-ci: error: tools/go-tools/ensure-go-tools.sh failed with exit code $status" >&2
    exit 1
    ;;
esac

# Shell scripts: *.sh, and any other file whose first line is a sh/bash shebang (.ci/run).
scripts=()
while IFS= read -r -d '' file; do
  [[ -f "$file" ]] || continue # deleted in the working tree but still in the index
  if [[ "$file" == *.sh ]] || head -n1 "$file" | grep -qE '^#!.*[/ ](ba|da)?sh([[:space:]]|$)'; then
    scripts+=("$file")
  fi
done < <(git ls-files -z --cached --others --exclude-standard)

workflows=()
while IFS= read -r -d '' file; do
  [[ -f "$file" ]] && workflows+=("$file")
done < <(git ls-files -z --cached --others --exclude-standard -- '.github/workflows/*.yml' '.github/workflows/*.yaml')

echo "workspace:lint-ci: $("$shellcheck_bin" --version | sed -n 's/^version: /ShellCheck /p') over ${#scripts[@]} scripts; actionlint $("$ACTIONLINT_BIN" -version | head -n1) over ${#workflows[@]} workflows" >&2

failed=0
if ((${#scripts[@]})); then
  # .shellcheckrc at the root holds the settings (sourced files are followed relative to each script).
  "$shellcheck_bin" "${scripts[@]}" || failed=1
fi
if ((${#workflows[@]})); then
  "$ACTIONLINT_BIN" -shellcheck "$shellcheck_bin" "${workflows[@]}" || failed=1
fi
if ((failed)); then
  echo "workspace:lint-ci: error: findings above" >&2
  exit 1
fi
echo "workspace:lint-ci: no findings" >&2
