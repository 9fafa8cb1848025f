# Sourced by ./dev and .ci/run: make this machine ready for shiplog, idempotently and quietly.
# Node 24 LTS comes from the npm registry (package node@24) into .tools/node24; Debian packages
# come from apt; dependencies from `npm ci` whenever package-lock.json is newer than node_modules.

SHIPLOG_DEBIAN_PACKAGES=(nats-server python3-build python3-setuptools python3-wheel wabt twine docker-registry skopeo chromium gh openssl)

shiplog_log() { printf '\033[2m[setup]\033[0m %s\n' "$*" >&2; }

shiplog_setup_node() {
  local root="$1" prefix="$1/.tools/node24"
  local bin="$prefix/node_modules/node/bin"
  if [ ! -x "$bin/node" ] || ! "$bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)'; then
    if ! command -v npm >/dev/null 2>&1; then
      if command -v apt-get >/dev/null 2>&1; then
        shiplog_apt_install npm
      else
        shiplog_log "npm is needed to fetch Node 24: install npm (any version; https://nodejs.org or your package manager), then run ./dev again"
        exit 1
      fi
    fi
    shiplog_log "installing Node 24 into .tools/node24"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$bin:$PATH"
}

shiplog_apt_install() {
  shiplog_log "installing Debian packages: $*"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

shiplog_setup_debian() {
  local missing=()
  local pkg
  if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    # Not Debian or Ubuntu: say exactly what the demo and the tests need, and go on.
    shiplog_log "no apt here: install these yourself for the demo and the tests: a Rust toolchain (cargo), nats-server 2.9 or later, python3 with the build, setuptools and wheel modules, twine, wabt (wat2wasm), docker-registry (distribution), skopeo, chromium, gh (the GitHub CLI), openssl"
    return 0
  fi
  for pkg in "${SHIPLOG_DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  # The fixture release builds crates: Debian's cargo unless a Rust toolchain (rustup) is on PATH.
  command -v cargo >/dev/null 2>&1 || missing+=(cargo)
  [ ${#missing[@]} -eq 0 ] && return 0
  shiplog_apt_install "${missing[@]}"
}

shiplog_setup_deps() {
  local root="$1"
  local stamp="$root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
    shiplog_log "npm ci"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

shiplog_setup() {
  local root="$1"
  shiplog_setup_node "$root"
  shiplog_setup_debian
  shiplog_setup_deps "$root"
}
