# Shared settings of the set-up scripts. Sourced, never run.
# Every path the scripts write lives under .orchestrator/ at the repository's root (git-ignored).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${ORCHESTRATOR_STATE_DIR:-$ROOT/.orchestrator}"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
REGION="${ORCHESTRATOR_REGION:-local}"

PG_BIN="${ORCHESTRATOR_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${ORCHESTRATOR_PG_PORT:-54329}"
PG_DATA="$STATE_DIR/postgres/data"
PG_SOCKET_DIR="$STATE_DIR/postgres/socket"
PG_USER=orchestrator
PG_PASSWORD=orchestrator

mkdir -p "$RUN_DIR" "$LOG_DIR"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as the unprivileged postgres user when the script runs as root.
as_db_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Waits until a command succeeds, for at most $1 seconds; $2 names what is awaited.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.2
  done
}

# True when the process recorded in $RUN_DIR/$1.pid is alive.
is_running() {
  local pid_file="$RUN_DIR/$1.pid"
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# Stops the process recorded in $RUN_DIR/$1.pid: SIGTERM, then SIGKILL after 10 s.
stop_recorded() {
  local name=$1 pid_file="$RUN_DIR/$1.pid"
  [ -f "$pid_file" ] || return 0
  local pid; pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    log "Stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}
