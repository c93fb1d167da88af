#!/usr/bin/env bash
# Validates the data package of the shipped site with the Frictionless tool and its
# CITATION.cff with cffconvert (both from PyPI), each installed in a virtual environment of its
# own: in one environment pip's resolver settles their shared YAML dependency on an old
# ruamel.yaml that no longer builds. Exits non-zero on any problem. Every external step has a
# time limit, so a hang fails with a message naming it.
set -euo pipefail

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
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${FRICTIONLESS_VENV:-$repo/target/frictionless-venv}"
if [[ ! -x "$venv/bin/frictionless" ]]; then
  limited 2 "python3 -m venv" python3 -m venv "$venv"
  limited 10 "pip install frictionless" "$venv/bin/pip" install --quiet --disable-pip-version-check frictionless
fi
cff_venv="${CFFCONVERT_VENV:-$repo/target/cffconvert-venv}"
if [[ ! -x "$cff_venv/bin/cffconvert" ]]; then
  limited 2 "python3 -m venv" python3 -m venv "$cff_venv"
  limited 10 "pip install cffconvert" "$cff_venv/bin/pip" install --quiet --disable-pip-version-check cffconvert==2.0.0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
limited 40 "cargo run -- build" cargo run --quiet --manifest-path "$repo/Cargo.toml" -- --root "$repo" build -o "$tmp/public" >/dev/null 2>&1
limited 10 "frictionless validate" "$venv/bin/frictionless" validate "$tmp/public/data/datapackage.json"
limited 5 "cffconvert --validate" "$cff_venv/bin/cffconvert" --validate -i "$tmp/public/data/CITATION.cff"
