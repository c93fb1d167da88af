#!/usr/bin/env bash
# Validates the data package of the shipped site with the Frictionless tool (PyPI), installed in
# a virtual environment of its own. Exits non-zero on any problem.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${FRICTIONLESS_VENV:-$repo/target/frictionless-venv}"
if [[ ! -x "$venv/bin/frictionless" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check frictionless
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --manifest-path "$repo/Cargo.toml" -- --root "$repo" build -o "$tmp/public" >/dev/null 2>&1
"$venv/bin/frictionless" validate "$tmp/public/data/datapackage.json"
