#!/usr/bin/env python3
"""Incremental-rebuild latency probe for `diwan serve` / `hugo server` / `zola serve`.

Origin: shared/bench/incr_probe.py of the shared benchmark kit, copied so that the
repository does not need it at run time, and extended with `--tool diwan` (the site is
the corpus's diwan/ folder with a site.toml; the probed article gets a fixed `slug` in the
scratch copy so its URL survives the title edit; the title edit is looked for on the
index page that lists the article, diwan's list being paginated).

Standard library only.  Copies the site to a scratch dir (the corpus stays
pristine), starts the dev server on a free port, waits for the first build,
then repeats two edits and polls over HTTP until the change is served:

  body   append a marker paragraph to one article -> poll that article's URL
  title  append a marker to that article's title  -> poll the home page
         (the timeline lists every title, so this needs a list re-render)

Latency = time from the edit's close() to the first response that contains
the marker (poll interval --poll-ms, growing to at most 100 ms / 5% of the
time waited so far).  Only the server process this script
started is signalled, by its PID.  Prints one JSON object on stdout.

Usage: incr_probe.py --tool hugo|zola --bin PATH --site DIR --work DIR
                     [--reps 3] [--server-args "..."] [--timeout 60]
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read()
    except Exception:
        return None


TAG = re.compile(rb"<[^>]*>")


def wait_for(url, marker, deadline, poll):
    """Poll until the body contains marker.  The interval grows with the time
    waited (poll .. 100 ms, about 5% of the elapsed time) so that polling a
    2 MB timeline does not steal much CPU from the server on a small machine."""
    t0 = time.perf_counter()
    needle = None if marker is None else marker.encode("utf-8")
    while True:
        body = get(url)
        now = time.perf_counter()
        # Tags are ignored: a generator may wrap part of the marker (diwan isolates the
        # Latin run «BODYMARK0x» in <bdi>, the digits after it being neutral).
        if body is not None and (needle is None or needle in TAG.sub(b"", body)):
            return now
        if now >= deadline:
            return None
        time.sleep(max(poll, min(0.1, (now - t0) / 20)))


def vm_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


FRONT_DATE = re.compile(r'^date = (\S+)$', re.M)
FRONT_TITLE = re.compile(r'^title = "(.*)"$', re.M)


def pin_slug(path, slug):
    """Adds `slug = "..."` to the front matter of a diwan article (scratch copy only)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert text.startswith("+++\n"), path
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f'+++\nslug = "{slug}"\n' + text[4:])


def diwan_list_page(content, name, paginate, new_title):
    """URL of the index page that lists `name` once its title is `new_title`, in diwan's
    order: newest first, undated last, then title, then path (see content::sort_articles).
    Called before the edit is written: reading 10,000 files takes longer than the rebuild."""
    keys = []
    for f in os.listdir(content):
        if not f.endswith(".md"):
            continue
        with open(os.path.join(content, f), encoding="utf-8") as fh:
            head = fh.read(2048)
        d, t = FRONT_DATE.search(head), FRONT_TITLE.search(head)
        date = d.group(1) if d else ""
        title = json.loads('"' + t.group(1) + '"') if t else ""
        if f == name:
            title = new_title
        # dated before undated, newest first: sort on the negated date's characters
        keys.append(((0, tuple(-ord(c) for c in date)) if date else (1, ()), title, f))
    keys.sort()
    pos = [k[2] for k in keys].index(name)
    page = pos // paginate + 1
    return "/" if page == 1 else f"/page/{page}/"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", choices=["diwan", "hugo", "zola"], required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", required=True, help="generated site dir (diwan/, zola/ or hugo/)")
    ap.add_argument("--work", required=True, help="scratch dir (deleted and recreated)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--server-args", default="")
    ap.add_argument("--timeout", type=float, default=60.0, help="per-edit limit, s")
    ap.add_argument("--start-timeout", type=float, default=600.0)
    ap.add_argument("--poll-ms", type=float, default=20.0)
    ap.add_argument("--paginate", type=int, default=20, help="diwan: articles per index page")
    ap.add_argument("--settle", type=float, default=2.0, help="quiet time between edits, s")
    args = ap.parse_args()

    site = os.path.join(args.work, "site")
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public"))

    if args.tool == "diwan":
        content = os.path.join(site, "content", "articles")
        url_of = lambda stem: f"/articles/probe-{stem}/"
    elif args.tool == "hugo":
        content = os.path.join(site, "content", "posts")
        url_of = lambda stem: f"/posts/{stem}/"
    else:
        content = os.path.join(site, "content")
        url_of = lambda stem: f"/{stem}/"
    articles = sorted(f for f in os.listdir(content) if re.fullmatch(r"\d+\.md", f))
    if not articles:
        sys.exit("no articles found")

    picked = [articles[(len(articles) // 2 + 7 * rep) % len(articles)] for rep in range(args.reps)]
    if args.tool == "diwan":
        for name in picked:  # a fixed slug: diwan derives slugs from titles
            pin_slug(os.path.join(content, name), "probe-" + name[:-3])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if args.tool == "diwan":
        cmd = [args.bin, "serve", "--root", site, "--port", str(port)]
    elif args.tool == "hugo":
        cmd = [args.bin, "server", "--bind", "127.0.0.1", "--port", str(port),
               "--baseURL", base + "/", "--appendPort=false"]
    else:
        cmd = [args.bin, "serve", "--interface", "127.0.0.1", "--port", str(port),
               "--force"]
    cmd += shlex.split(args.server_args)

    log_path = os.path.join(args.work, "server.log")
    log = open(log_path, "w")
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=site, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    result = {"tool": args.tool, "cmd": " ".join(cmd), "n_articles": len(articles),
              "poll_ms": args.poll_ms}
    poll = args.poll_ms / 1000.0
    try:
        ready = wait_for(base + "/", None, t_start + args.start_timeout, 0.1)
        if ready is None or proc.poll() is not None:
            result["error"] = "server did not come up; see " + log_path
            return result
        result["startup_s"] = round(ready - t_start, 3)
        time.sleep(args.settle)

        body_lat, title_lat = [], []
        for rep in range(args.reps):
            name = picked[rep]
            path = os.path.join(content, name)
            stem = name[:-3]
            url = base + url_of(stem)
            if get(url) is None:
                result["error"] = f"article URL not served: {url}"
                return result

            # 1) body edit -> the article page
            marker = f"BODYMARK{rep}x{int(time.time() * 1000)}"
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"\n\nتحديث عاجل {marker}\n")
            t0 = time.perf_counter()
            seen = wait_for(url, marker, t0 + args.timeout, poll)
            body_lat.append(None if seen is None else round(seen - t0, 3))
            time.sleep(args.settle)

            # 2) title edit -> the timeline (home page)
            marker = f"TITLEMARK{rep}x{int(time.time() * 1000)}"
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            old_title = FRONT_TITLE.search(text)
            text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} {marker}"',
                          text, count=1, flags=re.M)
            list_url = base + "/"
            if args.tool == "diwan":
                new_title = json.loads('"' + old_title.group(1) + '"') + " " + marker
                list_url = base + diwan_list_page(content, name, args.paginate, new_title)
            # The clock starts when the edit is written, as for the body edit.
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            t0 = time.perf_counter()
            seen = wait_for(list_url, marker, t0 + args.timeout, poll)
            title_lat.append(None if seen is None else round(seen - t0, 3))
            time.sleep(args.settle)

        def med(xs):
            ok = [x for x in xs if x is not None]
            return round(statistics.median(ok), 3) if ok else None

        log.flush()
        with open(log_path, encoding="utf-8", errors="replace") as fh:
            reported = [float(v) * (1.0 if u == "ms" else 1000.0) for v, u in
                        re.findall(r"(?:Built|Total|Done) in ([\d.]+) ?(ms|s)\b", fh.read())]
        result.update(body_s=body_lat, title_s=title_lat,
                      # the tool's own "Total in"/"Done in" lines, ms: initial build, then rebuilds
                      server_reported_ms=reported,
                      body_median_s=med(body_lat), title_median_s=med(title_lat),
                      server_peak_rss_kb=vm_hwm_kb(proc.pid))
        return result
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        if os.environ.get("KEEP_INCR_WORK") != "1":
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
