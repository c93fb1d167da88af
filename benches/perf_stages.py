"""Shares out perf samples by build stage (used for BENCHMARKS.md section 4.1).

    perf record -F 299 --call-graph dwarf,16384 -o perf.data \
        target/release/cityprofiles --root SITE build -o OUT
    perf script -i perf.data --no-inline -F comm,tid,ip,sym > stacks.txt
    python3 benches/perf_stages.py stacks.txt

Each sample goes to the first stage (in the order below) that has a matching frame anywhere on
its stack. The patterns name functions of the tree measured; adjust them when modules move.
"""
import re, sys, collections
path = sys.argv[1]
samples, cur = [], []
for line in open(path, errors="replace"):
    if not line.strip():
        if cur: samples.append(cur); cur = []
        continue
    if line[0] in "\t ":
        p = line.strip().split(None, 1); cur.append(p[1] if len(p) > 1 else "?")
    else: cur = []
if cur: samples.append(cur)
stages = [
  ("downloads (data/*.csv, *.json, datapackage)", r"downloads::"),
  ("search index, sitemap, atom", r"search::|site::discovery::"),
  ("render: city pages (city_view + template)", r"render::pages::profile::"),
  ("render: indicator pages (indicator_view)", r"render::pages::indicator::"),
  ("render: templates (minijinja, all pages)", r"minijinja::"),
  ("render: other", r"render::"),
  ("engine (kpi::run, score_city, compare_kpi)", r"kpi::engine::"),
  ("load (read, TOML parse, Markdown)", r"content::(loader|city|markdown|toml_reader|page)|toml::|pulldown"),
  ("write (site::output, kernel write path)", r"site::output|write_site|copy_folio|ext4|vfs_write|__x64_sys_write|do_sys_open|__x64_sys_openat|mkdir|rename|unlink"),
  ("diagnostics printing", r"diagnostics::|annotate_snippets"),
  ("drop / free of outputs", r"drop_in_place"),
]
c = collections.Counter()
for s in samples:
    for name, rx in stages:
        if any(re.search(rx, f) for f in s):
            c[name] += 1; break
    else:
        c["other: " + s[0][:60]] += 1
n = len(samples)
print(f"{n} samples")
for k, v in c.most_common(25): print(f"  {100*v/n:5.1f}%  {k}")
