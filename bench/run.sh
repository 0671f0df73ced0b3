#!/usr/bin/env bash
# Runs one benchmark against the real components and prints its figures; the last line is the ratio to its
# baseline, measured in the same run.
#   bench/run.sh store       object store vs raw PostgreSQL INSERT+COMMIT
#   bench/run.sh scheduler [--nodes N] [--pods M] [--deadline-minutes T]
#                            5,000 simulated nodes and 50,000 pods (50 Deployments of 1,000) by default: pods
#                            bound/s, time until all Running, control-plane peak RSS; vs kube-scheduler's
#                            810 pods/s at 5,000 nodes, with the same binds written straight to the store as floor
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
  scheduler)
    for project in Orchestrator.ControlPlane Orchestrator.NodeAgent; do
      dotnet build "$ROOT/src/$project" -c Release -nologo -clp:ErrorsOnly >"$LOG_DIR/bench-build-$project.log" 2>&1 \
        || { tail -30 "$LOG_DIR/bench-build-$project.log" >&2; fail "build of $project failed"; }
    done
    start_embedded_postgres
    database="orchestrator_bench_scheduler_$$"
    ensure_database "$database"
    trap 'PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc \
      "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
    dotnet "$ROOT/bench/Orchestrator.Benchmarks/bin/Release/net10.0/Orchestrator.Benchmarks.dll" scheduler \
      "$(embedded_connection_string "$database")" \
      "$ROOT/src/Orchestrator.ControlPlane/bin/Release/net10.0/Orchestrator.ControlPlane.dll" \
      "$ROOT/src/Orchestrator.NodeAgent/bin/Release/net10.0/Orchestrator.NodeAgent.dll" "$@"
    ;;
  *)
    fail "unknown benchmark '$name'"
    ;;
esac
