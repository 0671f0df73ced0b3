#!/usr/bin/env bash
# Stops what infra/up.sh started, by the process ids it recorded, and keeps the data.
#   infra/down.sh           stop, keep data
#   infra/down.sh --purge   stop and remove .orchestrator/ (the database, images, certificates, logs)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/postgres.sh"
source "$ROOT/infra/lib/controlplane.sh"
source "$ROOT/infra/lib/gateway.sh"

stop_gateway
stop_control_planes
stop_embedded_postgres

if [ "${1:-}" = "--purge" ]; then
  log "Removing $STATE_DIR"
  rm -rf "$STATE_DIR"
fi
