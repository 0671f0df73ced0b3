# containerd instances of the project's own, one a (real or test) node. Sourced after common.sh and packages.sh.
# Each instance lives in one data directory: its config.toml, root, state, socket, CNI network and pid file.
# Two instances run side by side when their directories, subnets and bridge names differ. The machine's own
# /run/containerd is never used.
#   ensure_containerd_packages
#   write_containerd_config DIR SUBNET BRIDGE [SANDBOX_IMAGE]   e.g. /tmp/cri-a 10.210.0.0/16 cri-a0
#   start_containerd DIR          (reuses a running instance)
#   stop_containerd DIR
#   remove_containerd DIR         stops it, deletes its bridge and DIR (throw-away instances, e.g. the tests')
#   containerd_socket DIR         prints the CRI socket path

CONTAINERD_PACKAGES=(containerd runc containernetworking-plugins iptables iproute2
                     catatonit busybox-static umoci skopeo)
CNI_BIN_DIR=/usr/lib/cni
PAUSE_IMAGE="${ORCHESTRATOR_PAUSE_IMAGE:-orchestrator.local/pause:1}"

ensure_containerd_packages() {
  ensure_packages "${CONTAINERD_PACKAGES[@]}"
}

containerd_socket() {
  echo "$1/containerd.sock"
}

containerd_is_running() {
  local dir=$1
  [ -f "$dir/containerd.pid" ] && kill -0 "$(cat "$dir/containerd.pid")" 2>/dev/null
}

containerd_answers() {
  ctr --address "$(containerd_socket "$1")" version >/dev/null 2>&1
}

# Writes DIR/config.toml (containerd config version 2) and the instance's CNI network: a bridge named BRIDGE with
# host-local addresses from SUBNET (a /16), the host as gateway with masquerading, and portmap for host ports.
write_containerd_config() {
  local dir=$1 subnet=$2 bridge=$3 sandbox_image=${4:-$PAUSE_IMAGE}
  [ -n "$dir" ] && [ -n "$subnet" ] && [ -n "$bridge" ] || fail "usage: write_containerd_config DIR SUBNET BRIDGE"
  mkdir -p "$dir/root" "$dir/state" "$dir/cni" "$dir/logs"

  # The CNI network name keys host-local's address store (/var/lib/cni/networks/NAME): one per instance.
  cat >"$dir/cni/10-orchestrator.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "orchestrator-$bridge",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$bridge",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$subnet" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON

  # restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, so runc cannot lower a sandbox's oom_score_adj.
  cat >"$dir/config.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"

[grpc]
  address = "$dir/containerd.sock"

[ttrpc]
  address = "$dir/containerd.sock.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$sandbox_image"
  restrict_oom_score_adj = true
  enable_selinux = false
  disable_apparmor = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN_DIR"
    conf_dir = "$dir/cni"
    max_conf_num = 1
TOML
}

# Starts containerd on DIR/config.toml in the background, or reuses the instance already running there.
start_containerd() {
  local dir=$1
  [ -f "$dir/config.toml" ] || fail "no $dir/config.toml: call write_containerd_config first"

  if containerd_is_running "$dir" && containerd_answers "$dir"; then
    log "containerd already running on $(containerd_socket "$dir")"
    return 0
  fi

  log "Starting containerd on $(containerd_socket "$dir")"
  # setsid: the daemon outlives the shell that started it and gets no signal meant for that shell's group.
  setsid containerd --config "$dir/config.toml" >>"$dir/logs/containerd.log" 2>&1 </dev/null &
  echo $! >"$dir/containerd.pid"
  local deadline=$((SECONDS + 30))
  until containerd_answers "$dir"; do
    if ! containerd_is_running "$dir" || [ $SECONDS -ge $deadline ]; then
      tail -20 "$dir/logs/containerd.log" >&2
      fail "containerd did not start on $(containerd_socket "$dir")"
    fi
    sleep 0.2
  done
}

# Stops the containerd of DIR and every pod it runs: their shims and containers would outlive the daemon.
stop_containerd() {
  local dir=$1
  containerd_is_running "$dir" || { rm -f "$dir/containerd.pid"; return 0; }

  local address; address=$(containerd_socket "$dir")
  local task
  for task in $(ctr --address "$address" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$address" -n k8s.io tasks delete --force "$task" >/dev/null 2>&1 || true
  done

  local pid; pid=$(cat "$dir/containerd.pid")
  log "Stopping containerd on $address (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/containerd.pid"
}

# Stops the containerd of DIR, deletes its bridge and removes DIR: for throw-away instances such as the tests'.
remove_containerd() {
  local dir=$1
  stop_containerd "$dir"
  local bridge
  bridge=$(sed -n 's/.*"bridge": "\(.*\)".*/\1/p' "$dir/cni/10-orchestrator.conflist" 2>/dev/null || true)
  if [ -n "$bridge" ]; then
    ip link delete "$bridge" 2>/dev/null || true
    rm -rf "/var/lib/cni/networks/orchestrator-$bridge"
  fi
  # Sandboxes' network namespaces and root file systems may still be mounted under the state directory.
  local mount
  for mount in $(awk -v dir="$dir/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
  rm -rf "$dir"
}
