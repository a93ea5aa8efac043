#!/usr/bin/env bash
# `make bench`: the national data set on PostgreSQL, then every benchmark; figures go to docs/benchmarks.md and
# bench/results/national.json.
#
# The database: the one named by TANDEM_DATABASE=postgres and TANDEM_DB_* if given; otherwise a local cluster
# `tandembench` (kept between runs under PostgreSQL's own directory, so that a second `make bench` measures again
# without generating again). TANDEM_BENCH_SCALE (default 1.0) sizes the data set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SCALE=${TANDEM_BENCH_SCALE:-1.0}

if [ "${TANDEM_DATABASE:-}" != "postgres" ]; then
  PG_VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
  PG_PORT=${TANDEM_BENCH_PG_PORT:-54330}
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx tandembench; then
    echo "=== Creating PostgreSQL $PG_VERSION cluster tandembench on port $PG_PORT ==="
    pg_createcluster "$PG_VERSION" tandembench -p "$PG_PORT" -- --auth=trust >/dev/null
  fi
  pg_ctlcluster "$PG_VERSION" tandembench start 2>/dev/null || true
  # Memory as a database server would have it: a quarter of the machine for shared buffers (the default 128 MB
  # leaves national pages reading from the system cache; docs/benchmarks.md), half as the planner's cache size.
  MEM_MB=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))
  BENCH_PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtA)
  if [ "$("${BENCH_PSQL[@]}" -c "SHOW shared_buffers")" = "128MB" ]; then
    "${BENCH_PSQL[@]}" -c "ALTER SYSTEM SET shared_buffers = '$(( MEM_MB / 4 ))MB'" \
      -c "ALTER SYSTEM SET effective_cache_size = '$(( MEM_MB / 2 ))MB'"
    pg_ctlcluster "$PG_VERSION" tandembench restart
  fi
  export TANDEM_DATABASE=postgres TANDEM_DB_HOST=127.0.0.1 TANDEM_DB_PORT="$PG_PORT" TANDEM_DB_USER=postgres
  export TANDEM_DB_NAME="tandem_national_${SCALE//./_}"
fi
export TANDEM_SECRET_KEY="${TANDEM_SECRET_KEY:-bench-only-$(cat var/secret_key 2>/dev/null || echo local)}"

PSQL=(psql -h "$TANDEM_DB_HOST" -p "$TANDEM_DB_PORT" -U "${TANDEM_DB_USER:-postgres}" -d postgres -qtA)
if [ -z "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$TANDEM_DB_NAME'")" ]; then
  "${PSQL[@]}" -c "CREATE DATABASE \"$TANDEM_DB_NAME\""
fi
# Planner settings for a server on SSDs with the data set in memory (docs/benchmarks.md): random reads cost about
# what sequential ones do, and JIT compilation does not pay for itself on a web page's short queries.
"${PSQL[@]}" -c "ALTER DATABASE \"$TANDEM_DB_NAME\" SET random_page_cost = 1.1" -c "ALTER DATABASE \"$TANDEM_DB_NAME\" SET jit = off"
echo "=== Database $TANDEM_DB_NAME: migrations and referentials ==="
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable -v0
$PY manage.py import_referentials --require-source
people=$($PY manage.py shell -v0 -c "from tandem.people.models import Person; print(Person.objects.exists())" 2>/dev/null | tail -1)
if [ "$people" != "True" ]; then
  echo "=== Generating the national data set at scale $SCALE ==="
  $PY manage.py generate_national --scale "$SCALE"
fi
echo "=== National benchmarks ==="
$PY manage.py bench_national --scale "$SCALE" --repeat "${TANDEM_BENCH_REPEAT:-20}"
echo "=== Benchmarks on the test database (search, imports) ==="
unset TANDEM_DB_NAME
.venv/bin/pytest -q -o python_files='bench_*.py' -p no:randomly bench
