# The region's PostgreSQL. Sourced after common.sh.
# With ORCHESTRATOR_DB set (an Npgsql connection string), that server is used as it is; otherwise an
# embedded server is started from the machine's binaries, as the postgres user, on 127.0.0.1.

embedded_connection_string() {
  local database=${1:-orchestrator}
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$database"
}

pg_is_ready() {
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1
}

start_embedded_postgres() {
  [ -x "$PG_BIN/initdb" ] || fail "PostgreSQL server binaries not found in $PG_BIN (apt-get install postgresql)"

  if pg_is_ready; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return 0
  fi

  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$STATE_DIR/postgres"
    # The postgres user must be able to reach its directories through the repository's path.
    local dir="$STATE_DIR"
    while [ "$dir" != / ]; do chmod o+x "$dir" 2>/dev/null || true; dir=$(dirname "$dir"); done
  fi

  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "Initialising PostgreSQL data directory $PG_DATA"
    local pwfile="$STATE_DIR/postgres/pwfile"
    echo "$PG_PASSWORD" > "$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
    as_db_user "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 || { cat "$LOG_DIR/initdb.log" >&2; fail "initdb failed"; }
    rm -f "$pwfile"
    cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 300
shared_buffers = 256MB
CONF
  fi

  log "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
  local logfile="$LOG_DIR/postgres.log"
  touch "$logfile"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$logfile"
  as_db_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$logfile" -w -t 60 start >/dev/null \
    || { tail -20 "$logfile" >&2; fail "PostgreSQL did not start"; }
  head -1 "$PG_DATA/postmaster.pid" > "$RUN_DIR/postgres.pid"
  wait_for 30 "PostgreSQL to accept connections" pg_is_ready
}

stop_embedded_postgres() {
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  log "Stopping PostgreSQL"
  as_db_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$RUN_DIR/postgres.pid"
}

# Creates the database named in the embedded connection string if it is missing.
ensure_database() {
  local database=$1
  local exists
  exists=$(PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")
  [ "$exists" = 1 ] || PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc \
    "CREATE DATABASE \"$database\"" >/dev/null
}

# Prints the connection string of the region's database, starting the embedded server if needed.
region_connection_string() {
  if [ -n "${ORCHESTRATOR_DB:-}" ]; then
    echo "$ORCHESTRATOR_DB"
    return 0
  fi
  start_embedded_postgres
  ensure_database "orchestrator_$REGION"
  embedded_connection_string "orchestrator_$REGION"
}
