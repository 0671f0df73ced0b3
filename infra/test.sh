#!/usr/bin/env bash
# Sets up what the tests need (packages, PostgreSQL, containerd, the running stack for the end-to-end
# tests), runs every test project, and ends with one line: "N passed, N failed[, N skipped]".
#   infra/test.sh                 every test
#   infra/test.sh --filter EXPR   only tests matching an MSTest filter, e.g. "TestCategory=Unit"
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/postgres.sh"
source "$ROOT/infra/lib/packages.sh"
source "$ROOT/infra/lib/containerd.sh"

filter=""
if [ "${1:-}" = "--filter" ]; then filter=$2; fi

ensure_packages
# The node agent's CRI tests start containerd instances of their own (TestContainerd) with these installed.
ensure_containerd_packages
ensure_dotnet_packages_restored

log "Starting PostgreSQL for the tests"
if [ -n "${ORCHESTRATOR_TEST_DB:-}" ]; then
  test_db=$ORCHESTRATOR_TEST_DB
else
  start_embedded_postgres
  test_db=$(embedded_connection_string postgres)
fi
export ORCHESTRATOR_TEST_DB="$test_db"
export ORCHESTRATOR_ROOT="$ROOT"

log "Building"
dotnet build "$ROOT/Orchestrator.sln" -c Release -nologo -clp:ErrorsOnly >"$LOG_DIR/test-build.log" 2>&1 \
  || { tail -40 "$LOG_DIR/test-build.log" >&2; echo "0 passed, 1 failed"; exit 1; }

results="$STATE_DIR/test-results"
rm -rf "$results"; mkdir -p "$results"

status=0
for project in "$ROOT"/tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  log "Testing $name"
  args=(--no-build -c Release --project "$project" --report-trx --report-trx-filename "$name.trx"
        --results-directory "$results" --ignore-exit-code 8)
  [ -n "$filter" ] && args+=(--filter "$filter")
  if ! dotnet test "${args[@]}" >"$LOG_DIR/test-$name.log" 2>&1; then
    status=1
  fi
  grep -E '^(failed |  total|  failed|  succeeded|  skipped)' "$LOG_DIR/test-$name.log" >&2 || true
done

# The closing line: counts added up from every project's TRX report.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    get = lambda k: int(counters.get(k, "0"))
    passed += get("passed")
    failed += get("failed") + get("error") + get("timeout") + get("aborted")
    skipped += get("notExecuted") + get("inconclusive")
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
exit $status
