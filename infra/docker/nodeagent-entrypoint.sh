#!/usr/bin/env bash
# Starts the node's containerd with the project's configuration, loads the images built offline, then runs the
# node agent in the foreground.
set -euo pipefail
export ORCHESTRATOR_STATE_DIR=/var/lib/orchestrator
source /opt/orchestrator/infra/lib/common.sh
source /opt/orchestrator/infra/lib/containerd.sh
source /opt/orchestrator/infra/lib/images.sh

containerd_dir=/var/lib/orchestrator/containerd
write_containerd_config "$containerd_dir" "${POD_SUBNET:-10.244.0.0/16}" orch0
start_containerd "$containerd_dir"
build_images /var/lib/orchestrator/images
import_images "$containerd_dir" /var/lib/orchestrator/images

export NodeAgent__ContainerdSocket="$(containerd_socket "$containerd_dir")"
exec dotnet /app/Orchestrator.NodeAgent.dll
