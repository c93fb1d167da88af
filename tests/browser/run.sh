#!/usr/bin/env bash
# Browser-level quality gates (issue 10): builds the site twice (at the root, and with the base
# URL http://127.0.0.1:<port>/repo/), then run.js checks both in Debian's headless Chromium:
# Nu HTML checker over every HTML file, axe-core (WCAG 2.0/2.1/2.2 A+AA), keyboard paths, no
# horizontal scroll at 320 px, no console errors or failed requests, a print PDF; screenshots and
# the PDF go to tests/browser/artifacts/. Installs what is missing. Exits non-zero on a failure.
# Works from any current folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    sudo_ apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq "$@" >/dev/null
}
if [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium (apt)"
  apt_install chromium
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installing default-jre-headless (apt)"
  apt_install default-jre-headless
fi

echo "== npm ci (tests/browser)"
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the machine's
# java is used instead.
(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A free loopback port, known before the sub-path build so its base URL can name it.
port="${BROWSER_CHECK_PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"

echo "== build (debug binary, as cargo test left it)"
cargo build --quiet --manifest-path "$repo/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/cityprofiles"
"$bin" --root "$repo" build -o "$tmp/public" >"$tmp/build-root.log" 2>&1 || { cat "$tmp/build-root.log" >&2; exit 1; }
"$bin" --root "$repo" build -o "$tmp/public-repo" --base-url "http://127.0.0.1:$port/repo/" \
  >"$tmp/build-repo.log" 2>&1 || { cat "$tmp/build-repo.log" >&2; exit 1; }

cd "$here"
node run.js --port "$port" --suite "root=$tmp/public" --suite "repo=$tmp/public-repo"
