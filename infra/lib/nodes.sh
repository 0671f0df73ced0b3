# The region's nodes on this machine: each a node agent with a containerd of its own (own socket, root, state and
# CNI bridge on a subnet of its own; the host routes between the bridges, so pods on one node reach pods on the
# other). Sourced after common.sh, packages.sh, postgres.sh, containerd.sh and images.sh.

NODE_AGENT_DLL="$ROOT/src/Orchestrator.NodeAgent/bin/Release/net10.0/Orchestrator.NodeAgent.dll"

node_name() { echo "${ORCHESTRATOR_NODE_PREFIX:-node}-$1"; }
node_dir() { echo "$STATE_DIR/nodes/$(node_name "$1")"; }
node_port() { echo $((10249 + $1)); }
node_subnet() { echo "10.$((243 + $1)).0.0/16"; }

node_agent_answers() { curl -s -o /dev/null "http://127.0.0.1:$(node_port "$1")/healthz"; }

# Starts node $1 (1-based): its containerd with the images built offline, then its agent, unless they run.
start_node() {
  local index=$1 name; name=$(node_name "$1")
  local dir; dir=$(node_dir "$index")
  write_containerd_config "$dir/containerd" "$(node_subnet "$index")" "orch$index"
  start_containerd "$dir/containerd"
  import_images "$dir/containerd"

  if is_running "$name"; then
    log "Node $name already running"
    return 0
  fi

  [ -f "$NODE_AGENT_DLL" ] || fail "node agent not built ($NODE_AGENT_DLL missing): run dotnet build -c Release"
  log "Starting node $name (agent on port $(node_port "$index"), pods on $(node_subnet "$index"))"
  ConnectionStrings__Region="$(region_connection_string)" \
  Orchestrator__Region="$REGION" \
  Orchestrator__DataDirectory="$STATE_DIR" \
  NodeAgent__NodeName="$name" \
  NodeAgent__ContainerdSocket="$(containerd_socket "$dir/containerd")" \
  NodeAgent__Port="$(node_port "$index")" \
  NodeAgent__Region="$REGION" \
  NodeAgent__Zone="$REGION-$index" \
    nohup dotnet "$NODE_AGENT_DLL" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

# Stops every node agent, then its containerd (the containers stop with it; their state is kept).
stop_nodes() {
  local pid_file
  for pid_file in "$RUN_DIR"/"${ORCHESTRATOR_NODE_PREFIX:-node}"-*.pid; do
    [ -e "$pid_file" ] || continue
    stop_recorded "$(basename "$pid_file" .pid)"
  done

  local dir
  for dir in "$STATE_DIR"/nodes/*/containerd; do
    [ -d "$dir" ] || continue
    stop_containerd "$dir"
  done
}
