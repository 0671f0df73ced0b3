#!/usr/bin/env bash
# Runs one benchmark against the real components and prints its figures; the last line is the ratio to its
# baseline, measured in the same run.
#   bench/run.sh store       object store vs raw PostgreSQL INSERT+COMMIT
set -euo pipefail
source "$(dirname "$0")/../infra/lib/common.sh"
source "$ROOT/infra/lib/postgres.sh"

name=${1:?usage: bench/run.sh <store|scheduler|podstart>}
shift

dotnet build "$ROOT/bench/Orchestrator.Benchmarks" -c Release -nologo -clp:ErrorsOnly >"$LOG_DIR/bench-build.log" 2>&1 \
  || { tail -30 "$LOG_DIR/bench-build.log" >&2; fail "build failed"; }

case "$name" in
  store)
    start_embedded_postgres
    database="orchestrator_bench_$$"
    ensure_database "$database"
    trap 'PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc \
      "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
    dotnet "$ROOT/bench/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll" store \
      "$(embedded_connection_string "$database")" "$@"
    ;;
  *)
    fail "unknown benchmark '$name'"
    ;;
esac
