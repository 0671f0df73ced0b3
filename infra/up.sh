#!/usr/bin/env bash
# Brings up a region on this machine: installs missing Debian packages, builds, starts PostgreSQL (embedded unless
# ORCHESTRATOR_DB names one) and the control plane. Idempotent: what already runs is reused.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/packages.sh"
source "$ROOT/infra/lib/postgres.sh"
source "$ROOT/infra/lib/controlplane.sh"

ensure_packages curl
ensure_dotnet_packages_restored

log "Building (Release)"
dotnet build "$ROOT/Orchestrator.sln" -c Release -nologo -clp:ErrorsOnly >"$LOG_DIR/build.log" 2>&1 \
  || { tail -40 "$LOG_DIR/build.log" >&2; fail "build failed (log: $LOG_DIR/build.log)"; }

region_connection_string >/dev/null
start_control_plane 1

log "Region '$REGION' is up: control plane http://127.0.0.1:$(control_plane_port 1) (logs in $LOG_DIR)"
