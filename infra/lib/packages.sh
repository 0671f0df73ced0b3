# Debian packages the product needs, installed when missing. Sourced after common.sh.

REQUIRED_PACKAGES=(postgresql postgresql-client python3)

ensure_packages() {
  local missing=()
  for package in "${REQUIRED_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} = 0 ] && return 0

  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >"$LOG_DIR/apt-update.log" 2>&1 \
    || { tail -20 "$LOG_DIR/apt-update.log" >&2; fail "apt-get update failed"; }
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOG_DIR/apt-install.log" 2>&1 \
    || { tail -20 "$LOG_DIR/apt-install.log" >&2; fail "apt-get install failed"; }
}

ensure_dotnet_packages_restored() {
  command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"
  log "Restoring NuGet packages"
  dotnet restore "$ROOT/Orchestrator.sln" -nologo >"$LOG_DIR/restore.log" 2>&1 \
    || { tail -30 "$LOG_DIR/restore.log" >&2; fail "dotnet restore failed"; }
}
