#!/usr/bin/env python3
"""Save-to-reload latency of `cityprofiles serve` (issue: dev server), standard library only.

For a site folder it copies the site to a scratch folder, starts `serve` on a free port,
subscribes to the live-reload event stream, and then, EDITS times for each kind of edit:

  data       one city's `population` in its city.toml (alternating values)
  value      one KPI value of one city (the first value line with a number), which
             changes that KPI's indicator page, its dimension's page and the data files
  narrative  one city's index.md (a word appended to its last line)
  template   a site template override (templates/404.html, a comment changed)

it writes the file and measures the time until the server sends `event: reload`. That is
what a user waits for: the watcher's debounce (30 ms) plus the rebuild plus the write. The
server's own "Rebuilt in N ms" lines are reported beside it.

Usage: python3 benches/serve_latency.py SITE [--bin target/release/cityprofiles] [--edits 7]
Prints one line per edit kind: median, min, max of both figures, and every run.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def subscribe(port):
    """Opens the live-reload event stream and reads up to its `init` event. The server ends
    the stream after each reload (browsers reconnect), so every edit gets a new one."""
    # The first build of a 10,000-city site takes most of a minute before the stream answers.
    sock = socket.create_connection(("127.0.0.1", port), timeout=600)
    sock.sendall(b"GET /_tower-livereload/event-stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    f = sock.makefile("rb")
    for line in f:
        if b"event: init" in line:
            return sock, f
    raise RuntimeError("event stream closed before init")


def wait_reload(f):
    """Blocks until the next `event: reload`; returns when it arrived."""
    for line in f:
        if b"event: reload" in line:
            return time.perf_counter()
    raise RuntimeError("event stream closed without a reload")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--bin", default="target/release/cityprofiles")
    ap.add_argument("--edits", type=int, default=7)
    ap.add_argument("--city", help="city folder name to edit (default: the first)")
    ap.add_argument("--timings", action="store_true", help="print the server's stage times per kind of edit (medians)")
    args = ap.parse_args()

    scratch = tempfile.mkdtemp(prefix="serve-latency-")
    site = os.path.join(scratch, "site")
    # Only what a site is made of: a repository checkout also holds target/ and node_modules/.
    os.makedirs(site)
    for part in ["site.toml", "content", "templates", "static", "i18n", "catalog"]:
        src = os.path.join(args.site, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, part))
        elif os.path.isfile(src):
            shutil.copy(src, os.path.join(site, part))
    cities = sorted(os.listdir(os.path.join(site, "content", "cities")))
    city_dir = os.path.join(site, "content", "cities", args.city or cities[0])
    city_toml = os.path.join(city_dir, "city.toml")
    narrative = os.path.join(city_dir, "index.md")
    os.makedirs(os.path.join(site, "templates"), exist_ok=True)
    template = os.path.join(site, "templates", "404.html")
    theme_404 = os.path.join(os.path.dirname(__file__), "..", "templates", "404.html")
    with open(theme_404) as f:
        theme_404_text = f.read()
    with open(template, "w") as f:
        f.write(theme_404_text + "\n{# edit 0 #}\n")

    port = free_port()
    log_path = os.path.join(scratch, "serve.log")
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [args.bin, "--root", site, "serve", "--port", str(port)] + (["--timings"] if args.timings else []),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 600
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    sys.exit("serve did not start; see " + log_path)
                time.sleep(0.2)
        time.sleep(2.0)  # let the watcher settle after the first build

        def rebuilt_lines():
            with open(log_path) as f:
                return re.findall(r"Rebuilt in (\d+) ms", f.read())

        def stage_lines():
            with open(log_path) as f:
                return re.findall(r"stages \(ms\): (.*)", f.read())

        def edit_data(i):
            text = open(city_toml).read()
            text = re.sub(r"(?m)^population = \d+", f"population = {100000 + i}", text, count=1)
            open(city_toml, "w").write(text)

        value_line = re.compile(r'(?m)^("[^"\n]+" = (?:\{ value = )?)(\d+(?:\.\d+)?)\b')

        def edit_value(i):
            text = open(city_toml).read()
            m = value_line.search(text)
            if not m:
                raise RuntimeError("no plain KPI value in " + city_toml)
            # Alternates the last digit, so the value stays plausible and always changes.
            new = m.group(2)[:-1] + str((int(m.group(2)[-1]) + 1) % 10)
            open(city_toml, "w").write(text[: m.start(2)] + new + text[m.end(2) :])

        def edit_narrative(i):
            text = open(narrative).read().rstrip("\n")
            open(narrative, "w").write(text + f" edit{i}\n")

        def edit_template(i):
            open(template, "w").write(theme_404_text + f"\n{{# edit {i} #}}\n")

        results = {}
        for kind, edit in [
            ("data", edit_data),
            ("value", edit_value),
            ("narrative", edit_narrative),
            ("template", edit_template),
        ]:
            if kind == "narrative" and not os.path.exists(narrative):
                continue
            lat, own, stages = [], [], []
            for i in range(1, args.edits + 1):
                sock, f = subscribe(port)
                before = len(rebuilt_lines())
                before_stages = len(stage_lines())
                t0 = time.perf_counter()
                edit(i)
                t1 = wait_reload(f)
                sock.close()
                lat.append((t1 - t0) * 1000)
                time.sleep(0.3)
                lines = rebuilt_lines()
                if len(lines) > before:
                    own.append(int(lines[-1]))
                sl = stage_lines()
                if len(sl) > before_stages:
                    stages.append(dict((k, float(v)) for k, v in (x.rsplit(" ", 1) for x in sl[-1].split(", "))))
                time.sleep(1.0)
            results[kind] = (lat, own, stages)
        for kind, (lat, own, stages) in results.items():
            print(
                f"{kind:9s} save-to-reload median {statistics.median(lat):6.0f} ms "
                f"(min {min(lat):.0f}, max {max(lat):.0f}); "
                f"rebuild median {statistics.median(own) if own else float('nan'):.0f} ms; "
                f"runs {', '.join(f'{x:.0f}' for x in lat)} / {', '.join(map(str, own))}"
            )
            if stages:
                # The first edit fills caches; leave it out of the stage medians.
                rest = stages[1:] or stages
                print("          stages (median ms, edits 2..): " + ", ".join(
                    f"{k} {statistics.median(s[k] for s in rest):.1f}" for k in rest[0]))
    except (TimeoutError, RuntimeError):
        print(open(log_path).read()[-3000:], file=sys.stderr)
        raise
    finally:
        proc.terminate()
        proc.wait()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
