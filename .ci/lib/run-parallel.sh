# shellcheck shell=bash
# Sourced by .ci/run: `run_parallel <script>…` runs the install scripts at the same time (the Go builds are CPU-bound,
# the pip installs wait on the network; Debian installs take turns on a lock, see apt-install.sh). Each script's
# output is printed whole when it ends, with its time; every ITEMS_API_CI_HEARTBEAT seconds (default 30) a line names
# the ones still running, with the last line each printed (the toolchain builds print how many packages are done).
# Returns 1 when any script failed, after all have ended.
run_parallel() {
  local logs every="${ITEMS_API_CI_HEARTBEAT:-30}" failed=0 t0 s name
  logs="$(mktemp -d)"
  t0="$(date +%s)"
  local -A pid_of=() started=()
  for s in "$@"; do
    name="$(basename "$s")"
    bash "$s" >"$logs/$name.log" 2>&1 &
    pid_of[$name]=$!
    started[$name]="$(date +%s)"
  done
  local last_beat="$t0" now rc
  while ((${#pid_of[@]})); do
    sleep 1
    now="$(date +%s)"
    for name in "${!pid_of[@]}"; do
      kill -0 "${pid_of[$name]}" 2>/dev/null && continue
      rc=0
      wait "${pid_of[$name]}" || rc=$?
      echo "==> .ci/install.d/$name: $( ((rc)) && echo "FAILED (exit $rc)" || echo ok) in $((now - started[$name])) s"
      sed 's/^/    /' "$logs/$name.log"
      ((rc)) && failed=1
      unset "pid_of[$name]"
    done
    if ((${#pid_of[@]} && now - last_beat >= every)); then
      last_beat="$now"
      for name in "${!pid_of[@]}"; do
        echo "==> still running: $name, $((now - started[$name])) s ($(tail -n 1 "$logs/$name.log" 2>/dev/null | cut -c1-160))"
      done
    fi
  done
  rm -rf "$logs"
  echo "==> installs done in $(($(date +%s) - t0)) s"
  return "$failed"
}
