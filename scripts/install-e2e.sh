#!/usr/bin/env bash
# Installs what the real-editor tests need (test:e2e, test:vscode, test:nvim), idempotently:
#   Debian packages: chromium, neovim, ripgrep and code-server's native build deps;
#   code-server 4.100.3 (VS Code 1.100.3, the last on Node 20) and mocha into the git-ignored .e2e/.
# See /work/shared/recipes/real-editors.md for why each step is as it is.
#   bash scripts/install-e2e.sh [--no-apt]
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
MOCHA_VERSION=11.8.0   # runs the test:vscode suite inside the extension host
MOCHA_TYPES_VERSION=10.0.10
APT_PKGS=(chromium neovim ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)

log() { printf 'install-e2e: %s\n' "$*"; }

missing_pkgs() {
  local p
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

if [[ "${1:-}" != "--no-apt" ]]; then
  missing=$(missing_pkgs)
  if [[ -z "$missing" ]]; then
    log "Debian packages already installed"
  elif [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null; then
    log "missing Debian packages ($missing) and not root: install them yourself"
  else
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo -n"
    log "installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

has() { [[ -f .e2e/node_modules/$1/package.json ]] && grep -q "\"version\": \"$2\"" ".e2e/node_modules/$1/package.json"; }
mkdir -p .e2e
[[ -f .e2e/package.json ]] || echo '{ "name": "mlcost-e2e-tools", "private": true }' > .e2e/package.json

if has mocha "$MOCHA_VERSION" && has @types/mocha "$MOCHA_TYPES_VERSION"; then
  log "mocha $MOCHA_VERSION already in .e2e/"
else
  npm install --prefix .e2e --no-audit --no-fund --loglevel=error "mocha@$MOCHA_VERSION" "@types/mocha@$MOCHA_TYPES_VERSION" >/dev/null
  log "installed mocha $MOCHA_VERSION into .e2e/"
fi

if has code-server "$CODE_SERVER_VERSION"; then
  log "code-server $CODE_SERVER_VERSION already in .e2e/"
  exit 0
fi
command -v rg >/dev/null || { log "ripgrep (rg) is needed to install code-server"; exit 1; }

# @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here): pre-seed its cache
# with Debian's rg so it never tries.
t=${TMPDIR:-/tmp}
d=$t/vscode-ripgrep-cache-1.15.11
mkdir -p "$d" "$t/rgpk"
cp "$(command -v rg)" "$t/rgpk/rg"
tar czf "$d/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$t/rgpk" rg

log "installing code-server $CODE_SERVER_VERSION into .e2e/ (1-2 min)"
# code-server refuses root installs without unsafe-perm; node-pty's script calls npx non-interactively.
npm_config_yes=true npm install --prefix .e2e --no-audit --no-fund --loglevel=error --unsafe-perm \
  "code-server@$CODE_SERVER_VERSION" >/dev/null
log "installed code-server $CODE_SERVER_VERSION into .e2e/"
