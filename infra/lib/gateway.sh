# The region's gateway: the one HTTPS endpoint, and the kubeconfig that points kubectl at it.
# Sourced after common.sh and controlplane.sh.

GATEWAY_DLL="$ROOT/src/Orchestrator.Gateway/bin/Release/net10.0/Orchestrator.Gateway.dll"
GATEWAY_PORT="${ORCHESTRATOR_GATEWAY_PORT:-6443}"
INGRESS_PORT="${ORCHESTRATOR_INGRESS_PORT:-8080}"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"

# An upstream kubectl; the dispatcher at /usr/bin/kubectl may call a server even for `config` commands.
KUBECTL_BIN="${ORCHESTRATOR_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.32}"
[ -x "$KUBECTL_BIN" ] || KUBECTL_BIN=kubectl

# True when the gateway answers over TLS with a certificate signed by its CA (any HTTP status will do).
gateway_ready() {
  [ -f "$STATE_DIR/ca.crt" ] \
    && curl -s -o /dev/null --cacert "$STATE_DIR/ca.crt" "https://127.0.0.1:$GATEWAY_PORT/version"
}

# Starts the gateway in front of control-plane silos 1..$1 (default 1) unless it already runs.
start_gateway() {
  local silos=${1:-1} name=gateway
  if is_running "$name" && gateway_ready; then
    log "Gateway already running"
    return 0
  fi

  [ -f "$GATEWAY_DLL" ] || fail "gateway not built ($GATEWAY_DLL missing): run dotnet build -c Release"
  local control_planes="" index
  for index in $(seq "$silos"); do
    control_planes="$control_planes${control_planes:+,}http://127.0.0.1:$(control_plane_port "$index")"
  done

  log "Starting the gateway on https://127.0.0.1:$GATEWAY_PORT (ingress on http://127.0.0.1:$INGRESS_PORT)"
  Orchestrator__DataDirectory="$STATE_DIR" \
  Orchestrator__Region="$REGION" \
  Gateway__Port="$GATEWAY_PORT" \
  Gateway__IngressPort="$INGRESS_PORT" \
  Gateway__ControlPlanes="$control_planes" \
    nohup dotnet "$GATEWAY_DLL" >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  wait_for 60 "the gateway (log: $LOG_DIR/$name.log)" gateway_ready
}

stop_gateway() { stop_recorded gateway; }

# Writes the cluster, user and context orchestrator-<region> into the kubeconfig file $1 and makes it current.
# `kubectl config set-*` replace entries of the same name, so running this again changes nothing else.
write_kubeconfig_entries() {
  local file=$1 name="orchestrator-$REGION"
  mkdir -p "$(dirname "$file")"
  "$KUBECTL_BIN" --kubeconfig="$file" config set-cluster "$name" \
    --server="https://127.0.0.1:$GATEWAY_PORT" \
    --certificate-authority="$STATE_DIR/ca.crt" --embed-certs=true >/dev/null
  "$KUBECTL_BIN" --kubeconfig="$file" config set-credentials "$name" \
    --token="$(cat "$STATE_DIR/admin.token")" >/dev/null
  "$KUBECTL_BIN" --kubeconfig="$file" config set-context "$name" --cluster="$name" --user="$name" >/dev/null
  "$KUBECTL_BIN" --kubeconfig="$file" config use-context "$name" >/dev/null
  chmod 600 "$file"
}

# The user's kubeconfig, as kubectl picks it: the first file of $KUBECONFIG, else ~/.kube/config.
user_kubeconfig() {
  if [ -n "${KUBECONFIG:-}" ]; then
    echo "${KUBECONFIG%%:*}"
  else
    echo "$HOME/.kube/config"
  fi
}

# Writes .orchestrator/kubeconfig and merges the same entries into the user's kubeconfig, made current.
write_kubeconfigs() {
  write_kubeconfig_entries "$KUBECONFIG_FILE"
  write_kubeconfig_entries "$(user_kubeconfig)"
  log "kubectl context orchestrator-$REGION is current (also in $KUBECONFIG_FILE)"
}
