# OCI images built offline (nothing can be pulled here) and imported into a containerd instance of ours.
# Sourced after common.sh and containerd.sh.
#   build_images [OUT]                 busybox:1.36/1.37 and the pause image as OCI archives (default $STATE_DIR/images)
#   import_images CONTAINERD_DIR [OUT] imports them, fully named, into the instance's k8s.io namespace
# The busybox images are the machine's static busybox with its applet links, named as the upstream images are so
# that pod specs written for a real cluster run unchanged. The pause image runs catatonit -P as the sandbox's PID 1.

IMAGES_DIR="$STATE_DIR/images"
BUSYBOX_IMAGE=docker.io/library/busybox
BUSYBOX_TAGS=(1.36 1.37)

# Builds one image in the OCI layout $1 with tag $2 whose root file system $3 fills (called with the bundle's
# rootfs as argument), then sets its command.
build_image_in_layout() {
  local layout=$1 tag=$2 fill=$3; shift 3
  local bundle; bundle=$(mktemp -d "${TMPDIR:-/tmp}/cri-image-XXXXXX")
  [ -d "$layout" ] || umoci init --layout "$layout"
  umoci new --image "$layout:$tag"
  rmdir "$bundle" && umoci unpack --image "$layout:$tag" "$bundle" >/dev/null
  "$fill" "$bundle/rootfs"
  umoci repack --image "$layout:$tag" "$bundle" >/dev/null
  umoci config --image "$layout:$tag" --os linux --architecture amd64 "$@"
  rm -rf "$bundle"
}

fill_busybox_rootfs() {
  local rootfs=$1
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/root" "$rootfs/tmp" "$rootfs/var/www" "$rootfs/home"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
}

fill_pause_rootfs() {
  cp /usr/bin/catatonit "$1/catatonit"
}

# Writes the layout $1 as an OCI archive $2 that `ctr image import` reads.
archive_layout() {
  tar -C "$1" -cf "$2.partial" oci-layout index.json blobs && mv "$2.partial" "$2"
}

build_images() {
  local out=${1:-$IMAGES_DIR}
  mkdir -p "$out"
  command -v umoci >/dev/null || fail "umoci is missing: call ensure_containerd_packages first"

  if [ ! -f "$out/busybox.tar" ]; then
    log "Building busybox images (${BUSYBOX_TAGS[*]}) in $out"
    rm -rf "$out/busybox"
    local tag
    for tag in "${BUSYBOX_TAGS[@]}"; do
      build_image_in_layout "$out/busybox" "$tag" fill_busybox_rootfs \
        --config.cmd sh --config.env PATH=/usr/sbin:/usr/bin:/sbin:/bin --config.workingdir /
    done
    archive_layout "$out/busybox" "$out/busybox.tar"
  fi

  if [ ! -f "$out/pause.tar" ]; then
    log "Building the pause image $PAUSE_IMAGE in $out"
    rm -rf "$out/pause"
    build_image_in_layout "$out/pause" "${PAUSE_IMAGE##*:}" fill_pause_rootfs \
      --config.entrypoint /catatonit --config.entrypoint -P --config.workingdir /
    archive_layout "$out/pause" "$out/pause.tar"
  fi
}

# Imports the images into the containerd of CONTAINERD_DIR (which must be running), building them first if needed.
import_images() {
  local dir=$1 out=${2:-$IMAGES_DIR}
  build_images "$out"
  local address; address=$(containerd_socket "$dir")
  log "Importing images into containerd on $address"
  ctr --address "$address" -n k8s.io image import --base-name "$BUSYBOX_IMAGE" "$out/busybox.tar" >/dev/null \
    || fail "importing $out/busybox.tar into $address failed"
  ctr --address "$address" -n k8s.io image import --base-name "${PAUSE_IMAGE%:*}" "$out/pause.tar" >/dev/null \
    || fail "importing $out/pause.tar into $address failed"
}
