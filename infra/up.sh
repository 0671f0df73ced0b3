#!/usr/bin/env bash
# Brings up a region on this machine: installs missing Debian packages, builds, starts PostgreSQL (embedded unless
# ORCHESTRATOR_DB names one), the control plane and the gateway, and points kubectl at the gateway (context
# orchestrator-<region>, made current), then applies samples/. Idempotent: what already runs is reused.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/packages.sh"
source "$ROOT/infra/lib/postgres.sh"
source "$ROOT/infra/lib/controlplane.sh"
source "$ROOT/infra/lib/gateway.sh"

ensure_packages curl
ensure_dotnet_packages_restored

log "Building (Release)"
dotnet build "$ROOT/Orchestrator.sln" -c Release -nologo -clp:ErrorsOnly >"$LOG_DIR/build.log" 2>&1 \
  || { tail -40 "$LOG_DIR/build.log" >&2; fail "build failed (log: $LOG_DIR/build.log)"; }

region_connection_string >/dev/null
start_control_plane 1
start_gateway 1
write_kubeconfigs

# The sample workload, applied as an operator would; applying again changes nothing. Nothing runs its pods until
# node agents join the region.
log "Applying samples/"
"$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_FILE" apply -f "$ROOT/samples/" >"$LOG_DIR/samples.log" 2>&1 \
  || { cat "$LOG_DIR/samples.log" >&2; fail "applying samples/ failed (log: $LOG_DIR/samples.log)"; }
sed 's/^/    /' "$LOG_DIR/samples.log"

log "Region '$REGION' is up: gateway https://127.0.0.1:$GATEWAY_PORT, control plane" \
  "http://127.0.0.1:$(control_plane_port 1) (logs in $LOG_DIR)"
