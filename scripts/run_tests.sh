#!/usr/bin/env bash
# The whole suite: pytest on SQLite, again on a throwaway PostgreSQL cluster, then browser journeys.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"
status=0
summary=()
passed_total=0
failed_total=0

run_step() {  # name, env..., -- pytest args...
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  echo "=== $name ==="
  local log
  log=$(mktemp)
  env "${envs[@]}" "$PYTEST" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local result
  result=$(grep -E '^(=+ )?[0-9]+ (passed|failed|errors?|skipped|deselected)' "$log" | tail -1 | tr -d '=' | xargs)
  summary+=("$name: ${result:-no result (exit code $rc)}")
  passed_total=$((passed_total + $(sed -nE 's/.*\b([0-9]+) passed.*/\1/p' <<< "$result" | head -1 | grep . || echo 0)))
  failed_total=$((failed_total + $(sed -nE 's/.*\b([0-9]+) failed.*/\1/p' <<< "$result" | head -1 | grep . || echo 0)))
  failed_total=$((failed_total + $(sed -nE 's/.*\b([0-9]+) errors?.*/\1/p' <<< "$result" | head -1 | grep . || echo 0)))
  rm -f "$log"
  if [ "$rc" -ne 0 ]; then status=1; fi
}

# 1. SQLite (the embedded default).
run_step "SQLite" TANDEM_DATABASE=sqlite -- -q -m "not e2e" tests

# 1b. The benchmarks, small: they still run (their figures come from `make bench`, never from a test's timing).
run_step "Benchmarks (smoke)" TANDEM_DATABASE=sqlite TANDEM_BENCH_SCALE=0.02 -- -q -o "python_files=bench_*.py" bench

# 2. PostgreSQL: a throwaway cluster owned by the postgres user, started and dropped here.
PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
PG_PORT=${TANDEM_TEST_PG_PORT:-$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
PG_CLUSTER="tandemtest$$"
cleanup() {
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop >/dev/null 2>&1 || true
  pg_dropcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "=== Starting PostgreSQL $PG_VERSION cluster $PG_CLUSTER on port $PG_PORT ==="
if pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" -- --auth=trust >/dev/null \
  && pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start; then
  run_step "PostgreSQL" TANDEM_DATABASE=postgres TANDEM_DB_HOST=127.0.0.1 TANDEM_DB_PORT="$PG_PORT" \
    TANDEM_DB_USER=postgres TANDEM_DB_NAME=tandem -- -q -m "not e2e" -p no:randomly tests
else
  echo "Could not start a PostgreSQL cluster" >&2
  summary+=("PostgreSQL: could not start")
  status=1
fi
cleanup
trap - EXIT

# 3. Browser journeys in headless Chromium against a real gunicorn serving the demo.
run_step "Chromium (e2e)" TANDEM_DATABASE=sqlite -- -q -m e2e tests/e2e

echo
echo "=== Summary ==="
printf '%s\n' "${summary[@]}"
echo
echo "$passed_total passed, $failed_total failed"
exit $status
