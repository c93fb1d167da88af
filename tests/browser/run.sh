#!/usr/bin/env bash
# Browser-level quality gates (issue 10): builds the site twice (at the root, and with the base
# URL http://127.0.0.1:<port>/repo/), then run.js checks both in headless Chromium: Nu HTML
# checker over every HTML file, axe-core (WCAG 2.0/2.1/2.2 A+AA), keyboard paths, internal links
# under the base path, the search box, no horizontal scroll at 320 px, no console errors or
# failed requests, tables at 375 px, every profile printed to A4 (with those of a synthetic site
# whose cities report all 91 KPIs); screenshots, a PDF and its first pages as PNGs go to
# tests/browser/artifacts/. Installs what is missing. Exits non-zero on a failure. Works from
# any current folder.
#
# The browser is Debian's /usr/bin/chromium (installed with apt when missing), or the Chrome or
# Chromium binary named by $CHROMIUM (the GitHub workflow passes the runner's Google Chrome:
# Ubuntu's apt `chromium` is only a stub that installs the snap).
#
# Every external step has a time limit (`timeout`), so a hang fails with a message naming it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# limited MINUTES WHAT COMMAND...: COMMAND under `timeout`, with a clear message when it hangs.
limited() {
  local min="$1" what="$2" rc=0
  shift 2
  timeout --kill-after=20s "${min}m" "$@" || rc=$?
  if ((rc == 124 || rc == 137)); then
    echo "error: $what did not finish within $min min and was stopped" >&2
  fi
  return "$rc"
}

# A command prefix, not a function: `timeout` runs programs only.
if [[ $(id -u) -eq 0 ]]; then as_root=(env); else as_root=(sudo env); fi
apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    limited 5 "apt-get update" "${as_root[@]}" apt-get update -qq
    apt_updated=1
  fi
  limited 15 "apt-get install $*" "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if [[ -n "${CHROMIUM:-}" ]]; then
  if [[ ! -x "$CHROMIUM" ]]; then
    echo "error: CHROMIUM=$CHROMIUM is not an executable browser" >&2
    exit 1
  fi
  echo "== browser: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
elif [[ ! -x /usr/bin/chromium ]]; then
  echo "== installing chromium (apt)"
  apt_install chromium
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installing default-jre-headless (apt)"
  apt_install default-jre-headless
fi

if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  echo "== installing poppler-utils (apt; print.js reads and renders the printed pages)"
  apt_install poppler-utils
fi

echo "== npm ci (tests/browser)"
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the machine's
# java is used instead.
(cd "$here" && limited 10 "npm ci (tests/browser)" npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# A free loopback port, known before the sub-path build so its base URL can name it.
port="${BROWSER_CHECK_PORT:-$(limited 1 "finding a free port" node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"

echo "== build (debug binary, as cargo test left it)"
limited 40 "cargo build" cargo build --quiet --manifest-path "$repo/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/cityprofiles"
limited 5 "cityprofiles build" "$bin" --root "$repo" build -o "$tmp/public" >"$tmp/build-root.log" 2>&1 ||
  { cat "$tmp/build-root.log" >&2; exit 1; }
limited 5 "cityprofiles build --base-url" "$bin" --root "$repo" build -o "$tmp/public-repo" \
  --base-url "http://127.0.0.1:$port/repo/" >"$tmp/build-repo.log" 2>&1 ||
  { cat "$tmp/build-repo.log" >&2; exit 1; }

# A synthetic site whose cities report all 91 KPIs: print.js prints its profiles too.
limited 40 "cargo build --example synth" cargo build --quiet --example synth --manifest-path "$repo/Cargo.toml"
limited 2 "synth" "${CARGO_TARGET_DIR:-$repo/target}/debug/examples/synth" --cities 3 --years 1 --seed 42 \
  --languages en,fr,ru --out "$tmp/synth" >"$tmp/synth.log" 2>&1 || { cat "$tmp/synth.log" >&2; exit 1; }
limited 5 "cityprofiles build (synthetic site)" "$bin" --root "$tmp/synth" build -o "$tmp/public-synth" >"$tmp/build-synth.log" 2>&1 ||
  { cat "$tmp/build-synth.log" >&2; exit 1; }
export SYNTH_SITE="$tmp/public-synth"

# A synthetic site with more cities (120) than the compare page holds (100), built under /repo/
# on a port of its own: compare.js chooses cities past the page's, whose columns it fetches.
many_port="$port"
while [[ $many_port == "$port" ]]; do
  many_port="$(limited 1 "finding a free port" node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
done
limited 2 "synth (120 cities)" "${CARGO_TARGET_DIR:-$repo/target}/debug/examples/synth" --cities 120 --years 1 --seed 42 \
  --out "$tmp/synth-many" >"$tmp/synth-many.log" 2>&1 || { cat "$tmp/synth-many.log" >&2; exit 1; }
limited 5 "cityprofiles build (120 cities)" "$bin" --root "$tmp/synth-many" build -o "$tmp/public-many" \
  --base-url "http://127.0.0.1:$many_port/repo/" >"$tmp/build-many.log" 2>&1 ||
  { cat "$tmp/build-many.log" >&2; exit 1; }
export MANY_SITE="$tmp/public-many" MANY_PORT="$many_port"

cd "$here"
# run.js stops the Nu checker itself after VNU_TIMEOUT_S; this limit catches a hung browser.
limited 45 "the browser checks (node run.js)" node run.js --port "$port" --suite "root=$tmp/public" --suite "repo=$tmp/public-repo"
