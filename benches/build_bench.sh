#!/usr/bin/env bash
# Full-build benchmark of cityprofiles on synthetic sites (examples/synth.rs), optionally
# alternating with Hugo on the anchor workload of the same size (shared/bench/gen_sites.py).
# The method and the results are in BENCHMARKS.md.
#
# Usage (from the repository root):
#   benches/build_bench.sh                       # all sizes, 5 runs, warm and cold
#   SIZES="100 1000" YEARS="1" RUNS=7 benches/build_bench.sh
#
# Knobs (environment):
#   SIZES="100 1000 10000"   cities
#   YEARS="1 3"              years of data per value
#   RUNS=5                   timed runs per cell and cache state (median reported)
#   CACHES="warm cold"       cold = `sync; echo 3 > /proc/sys/vm/drop_caches` before the run
#   HUGO=/path/to/hugo       also build Hugo's anchor site (fm variant) of each size, alternating
#   ANCHOR_SITES=DIR         where gen_sites.py wrote the anchor sites (DIR/fm-N<size>/hugo)
#   WORK=/tmp/cityprofiles-bench   sites, outputs, logs and results
#   OUT=$WORK/out            where the builds write; /dev/shm keeps the file system out of the
#                            figures (on this VM's ext4, creating files soon after deleting
#                            many made write times swing from 0.2 to 4.8 s, for every tool)
#   SEED=42                  seed of the synthetic sites
#   LANGUAGES=en             languages of the synthetic sites (`en,fr,ru` for three); the
#                            summary divides output bytes by cities x languages
#   NO_BUILD=1               use the binaries already in $WORK/bin
#   WARMUP=1                 one untimed build of every cell first (0 skips it)
#   CHECK=1                  also time `check` (0 skips it)
#   APPEND=1                 add to existing runs.csv/check.csv instead of starting new ones
#   DRAWN=1                  also time `build --no-cache` ("cityprofiles-drawn": every image
#                            drawn anew); plain "cityprofiles" runs read back the images the
#                            warm-up stored in the site's .cache/cityprofiles/images, as a
#                            rebuild or a Pages run with a restored cache does (0 skips it)
#
# Each run: rm -rf the output folder (not timed), then `/usr/bin/time -v` around the build,
# wall time from `date +%s.%N`. Runs of all cells are interleaved (round-robin), so a burst of
# load from other users of the machine hits every cell alike. Results: $WORK/results/runs.csv
# (every run) and $WORK/results/summary.md (medians), plus `check` time (warm).
set -uo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-100 1000 10000}"
YEARS="${YEARS:-1 3}"
RUNS="${RUNS:-5}"
CACHES="${CACHES-warm cold}"
WORK="${WORK:-/tmp/cityprofiles-bench}"
SEED="${SEED:-42}"
LANGUAGES="${LANGUAGES:-en}"
NLANG=$(echo "$LANGUAGES" | tr ',' '\n' | grep -c .)
# Sites with more than English get their own folder, so runs of both kinds can share $WORK.
LTAG=$([ "$LANGUAGES" = en ] && echo "" || echo "-$(echo "$LANGUAGES" | tr ',' '_')")
HUGO="${HUGO:-}"
ANCHOR_SITES="${ANCHOR_SITES:-}"
OUT="${OUT:-$WORK/out}"
mkdir -p "$WORK/bin" "$WORK/sites" "$OUT" "$WORK/logs" "$WORK/results"

# A private copy of the binaries, so a concurrent `cargo build` cannot swap them mid-run.
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --quiet || exit 1
  cargo build --release --quiet --example synth || exit 1
  cp target/release/cityprofiles "$WORK/bin/cityprofiles"
  cp target/release/examples/synth "$WORK/bin/synth"
fi
BIN="$WORK/bin/cityprofiles"

for n in $SIZES; do
  for y in $YEARS; do
    site="$WORK/sites/synth-$n-$y$LTAG"
    if [ ! -f "$site/site.toml" ]; then
      "$WORK/bin/synth" --cities "$n" --years "$y" --seed "$SEED" --languages "$LANGUAGES" --out "$site" || exit 1
    fi
  done
done

RUNS_CSV="$WORK/results/runs.csv"
[ -z "${APPEND:-}" ] || [ ! -f "$RUNS_CSV" ] && echo "tool,n,years,langs,cache,run,wall_s,user_s,sys_s,max_rss_kb,pages,files,out_bytes,config_ms,load_ms,engine_ms,data_ms,render_ms,write_ms,status" > "$RUNS_CSV"

field() { grep -F "$1" "$2" | head -1 | sed 's/.*: //'; }
# Only the `--timings` lines ("  data    73.8 ms"): a build may print other indented lines
# that start with a stage's name (the translation report's "  data point names").
stage() { grep -E "^  $1 +[0-9.]+ ms" "$2" | awk '{print $2}' | head -1; }

drop_caches() {
  sync
  if ! echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
    echo "cannot drop the page cache (not root?): cold runs are not cold" >&2
    return 1
  fi
}

# one TOOL N YEARS CACHE RUN
one() {
  local tool=$1 n=$2 y=$3 cache=$4 run=$5
  local out="$OUT/$tool-$n-$y" log="$WORK/logs/$tool-$n-$y-$cache-$run"
  rm -rf "$out"
  local cmd
  if [ "$tool" = cityprofiles ]; then
    cmd=("$BIN" --root "$WORK/sites/synth-$n-$y$LTAG" build -o "$out" --timings)
  elif [ "$tool" = cityprofiles-drawn ]; then
    cmd=("$BIN" --root "$WORK/sites/synth-$n-$y$LTAG" build --no-cache -o "$out" --timings)
  else
    local hsite="$ANCHOR_SITES/fm-N$n/hugo"
    rm -rf "$hsite/resources"
    cmd=("$HUGO" --quiet --source "$hsite" --destination "$out")
  fi
  [ "$cache" = cold ] && drop_caches
  local t0 t1 status=ok
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$log.time" "${cmd[@]}" > "$log.out" 2> "$log.err" || status=fail
  t1=$(date +%s.%N)
  local wall user sys rss pages files bytes
  wall=$(echo "$t1 - $t0" | bc -l)
  user=$(field "User time" "$log.time")
  sys=$(field "System time" "$log.time")
  rss=$(field "Maximum resident set size" "$log.time")
  pages=$(find "$out" -name '*.html' 2>/dev/null | wc -l)
  files=$(find "$out" -type f 2>/dev/null | wc -l)
  bytes=$(find "$out" -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s+0}')
  local c="" l="" e="" d="" r="" w=""
  if [ "$tool" != hugo ]; then
    c=$(stage config "$log.err"); l=$(stage load "$log.err"); e=$(stage engine "$log.err")
    d=$(stage data "$log.err"); r=$(stage render "$log.err"); w=$(stage write "$log.err")
  fi
  local nl=1
  [ "$tool" != hugo ] && nl=$NLANG
  echo "$tool,$n,$y,$nl,$cache,$run,$wall,$user,$sys,$rss,$pages,$files,$bytes,$c,$l,$e,$d,$r,$w,$status" >> "$RUNS_CSV"
  printf '%-12s n=%-6s y=%s %-4s run %s: %6.2f s, %s KB, %s pages (%s)\n' \
    "$tool" "$n" "$y" "$cache" "$run" "$wall" "$rss" "$pages" "$status"
}

cells=()
for n in $SIZES; do
  for y in $YEARS; do
    cells+=("cityprofiles $n $y")
    [ "${DRAWN:-1}" = 0 ] || cells+=("cityprofiles-drawn $n $y")
  done
  if [ -n "$HUGO" ] && [ -d "$ANCHOR_SITES/fm-N$n/hugo" ]; then cells+=("hugo $n 1"); fi
done

# Warm-up: one untimed build of every cell (fills the page cache, faults the binary in).
if [ "${WARMUP:-1}" != 0 ]; then
  for cell in "${cells[@]}"; do
    read -r tool n y <<< "$cell"
    one "$tool" "$n" "$y" warmup 0 > /dev/null
  done
  sed -i '/,warmup,/d' "$RUNS_CSV"
fi

for run in $(seq 1 "$RUNS"); do
  for cache in $CACHES; do
    for cell in "${cells[@]}"; do
      read -r tool n y <<< "$cell"
      one "$tool" "$n" "$y" "$cache" "$run"
    done
  done
done

# `check` (whole build in memory plus the link checker; writes nothing), warm.
CHECK_CSV="$WORK/results/check.csv"
[ -z "${APPEND:-}" ] || [ ! -f "$CHECK_CSV" ] && echo "n,years,run,wall_s,max_rss_kb,status" > "$CHECK_CSV"
for run in $(seq 1 "$RUNS"); do
  [ "${CHECK:-1}" = 0 ] && break
  for n in $SIZES; do
    for y in $YEARS; do
      log="$WORK/logs/check-$n-$y-$run"
      status=ok
      t0=$(date +%s.%N)
      /usr/bin/time -v -o "$log.time" "$BIN" --root "$WORK/sites/synth-$n-$y$LTAG" check > "$log.out" 2> "$log.err" || status=fail
      t1=$(date +%s.%N)
      echo "$n,$y,$run,$(echo "$t1 - $t0" | bc -l),$(field "Maximum resident set size" "$log.time"),$status" >> "$CHECK_CSV"
    done
  done
done

python3 - "$RUNS_CSV" "$CHECK_CSV" > "$WORK/results/summary.md" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
checks = list(csv.DictReader(open(sys.argv[2])))
med = lambda xs: statistics.median(xs) if xs else float("nan")
keys = []
for r in rows:
    k = (r["tool"], int(r["n"]), int(r["years"]), int(r["langs"]), r["cache"])
    if k not in keys:
        keys.append(k)
keys.sort(key=lambda k: (k[1], k[0] == "hugo", k[0], k[2], k[3], k[4] != "warm"))
print("| tool | N | years | languages | cache | runs | wall s (median) | wall min–max | CPU s (user+sys) | peak RSS MiB | pages | files | output MB | KB per city per language | pages/s | load | engine | data | render |")
print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for k in keys:
    rs = [r for r in rows if (r["tool"], int(r["n"]), int(r["years"]), int(r["langs"]), r["cache"]) == k and r["status"] == "ok"]
    if not rs:
        print(f"| {k[0]} | {k[1]:,} | {k[2]} | {k[3]} | {k[4]} | 0 | failed | | | | | | | | | | | | |")
        continue
    f = lambda c: [float(r[c]) for r in rs if r[c] not in ("", None)]
    wall = f("wall_s"); cpu = [float(r["user_s"]) + float(r["sys_s"]) for r in rs]
    pages = int(med(f("pages")))
    st = lambda c: (f"{med(f(c)):.0f} ms" if f(c) else "")
    per = med(f('out_bytes')) / 1e3 / (k[1] * k[3])
    print(f"| {k[0]} | {k[1]:,} | {k[2]} | {k[3]} | {k[4]} | {len(rs)} | {med(wall):.3f} | {min(wall):.3f}–{max(wall):.3f} | {med(cpu):.2f} | "
          f"{med(f('max_rss_kb'))/1024:.0f} | {pages:,} | {int(med(f('files'))):,} | {med(f('out_bytes'))/1e6:.1f} | {per:.0f} | {pages/med(wall):,.0f} | "
          f"{st('load_ms')} | {st('engine_ms')} | {st('data_ms')} | {st('render_ms')} |")
print()
print("| check | N | years | runs | wall s (median) | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|")
ck = {}
for r in checks:
    if r["status"] == "ok":
        ck.setdefault((int(r["n"]), int(r["years"])), []).append(r)
for (n, y), rs in sorted(ck.items()):
    print(f"| check | {n:,} | {y} | {len(rs)} | {med([float(r['wall_s']) for r in rs]):.3f} | {med([float(r['max_rss_kb']) for r in rs])/1024:.0f} |")
EOF
cat "$WORK/results/summary.md"
