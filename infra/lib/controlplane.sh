# The region's control-plane silos. Sourced after common.sh and postgres.sh.

CONTROL_PLANE_DLL="$ROOT/src/Orchestrator.ControlPlane/bin/Release/net10.0/Orchestrator.ControlPlane.dll"

# The HTTP port of control-plane silo $1 (1-based); its Orleans ports follow the same numbering.
control_plane_port() { echo $((8080 + $1)); }

control_plane_ready() { curl -sf "http://127.0.0.1:$(control_plane_port "$1")/readyz" >/dev/null 2>&1; }

# Starts control-plane silo $1 unless it already runs.
start_control_plane() {
  local index=$1 name="control-plane-$1"
  if is_running "$name" && control_plane_ready "$index"; then
    log "Control-plane silo $index already running"
    return 0
  fi

  [ -f "$CONTROL_PLANE_DLL" ] \
    || fail "control plane not built ($CONTROL_PLANE_DLL missing): run dotnet build -c Release"
  log "Starting control-plane silo $index on 127.0.0.1:$(control_plane_port "$index")"
  ConnectionStrings__Region="$(region_connection_string)" \
  Orchestrator__Region="$REGION" \
  Orchestrator__DataDirectory="$STATE_DIR" \
  Orleans__SiloPort=$((11110 + index)) \
  Orleans__GatewayPort=$((30000 + index)) \
  Urls="http://127.0.0.1:$(control_plane_port "$index")" \
    nohup dotnet "$CONTROL_PLANE_DLL" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  wait_for 90 "control-plane silo $index (log: $LOG_DIR/$name.log)" control_plane_ready "$index"
}

stop_control_planes() {
  for pid_file in "$RUN_DIR"/control-plane-*.pid; do
    [ -e "$pid_file" ] || continue
    stop_recorded "$(basename "$pid_file" .pid)"
  done
}
