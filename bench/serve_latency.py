#!/usr/bin/env python3
"""Save-to-served latency of `diwan serve` (the issue-6 benchmark; not a test).

Standard library only. Copies a diwan site (e.g. the diwan/ layout of
/work/shared/bench/gen_corpus.py with a site.toml beside it) to a scratch dir, starts
`diwan serve --port 0`, then repeats two edits and polls over HTTP until the change is served:

  body   append a marker paragraph to one article -> poll that article's page
  title  append a marker to the newest article's title -> poll the home page

Latency = time from the edit's close() to the first response containing the marker.
Only the server this script started is stopped, by its pid. Prints one JSON object, and the
server's own per-rebuild step timings are left in WORK/server.log.

Usage: serve_latency.py --bin target/release/diwan --site /tmp/serve-bench/diwan --work /tmp/serve-work [--reps 7]
"""
import argparse, json, os, re, shutil, signal, statistics, subprocess, time, urllib.parse, urllib.request


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read()
    except Exception:
        return None


def wait_for(url, marker, deadline, poll=0.002):
    needle = marker.encode()
    while time.perf_counter() < deadline:
        body = get(url)
        if body is not None and needle in body:
            return time.perf_counter()
        time.sleep(poll)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--settle", type=float, default=1.0)
    ap.add_argument("--debounce", default="30")
    args = ap.parse_args()
    site = os.path.join(args.work, "site")
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public"))
    content = os.path.join(site, "content", "articles")
    names = sorted(f for f in os.listdir(content) if f.endswith(".md"))
    log = open(os.path.join(args.work, "server.log"), "w")
    t0 = time.perf_counter()
    proc = subprocess.Popen([os.path.abspath(args.bin), "serve", "--port", "0", "--debounce", args.debounce],
                            cwd=site, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://\S+", line)
        if not m:
            return {"error": "no URL: " + line}
        base = m.group(0).rstrip("/")
        result = {"n_articles": len(names), "startup_s": round(time.perf_counter() - t0, 3)}
        records = json.load(open(os.path.join(site, "public", "data", "articles.json")))
        # The export writes Arabic letters as they are; a client sends them percent-encoded.
        by_title = {r["title"]: urllib.parse.quote(r["url"], safe="/%#") for r in records}
        newest_title = records[0]["title"]
        newest = None
        for n in names:
            p = os.path.join(content, n)
            if re.search(r'^title = "(.*)"$', open(p, encoding="utf-8").read(), re.M).group(1) == newest_title:
                newest = p
                break
        time.sleep(args.settle)
        body_lat, title_lat = [], []
        for rep in range(args.reps):
            name = names[(len(names) // 2 + 7 * rep) % len(names)]
            path = os.path.join(content, name)
            text = open(path, encoding="utf-8").read()
            title = re.search(r'^title = "(.*)"$', text, re.M).group(1)
            url = base + "/" + by_title[title]
            marker = f"BODYMARK{rep}x{int(time.time()*1000)}"
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"\n\nتحديث عاجل {marker}\n")
            t = time.perf_counter()
            seen = wait_for(url, marker, t + 30)
            body_lat.append(None if seen is None else round(seen - t, 4))
            time.sleep(args.settle)
            # Title edit on the newest article, which is listed on the home page.
            path = newest
            marker = f"TITLEMARK{rep}x{int(time.time()*1000)}"
            text = open(path, encoding="utf-8").read()
            text = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} {marker}"', text, count=1, flags=re.M)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            t = time.perf_counter()
            seen = wait_for(base + "/", marker, t + 30)
            title_lat.append(None if seen is None else round(seen - t, 4))
            time.sleep(args.settle)
        med = lambda xs: round(statistics.median([x for x in xs if x is not None]), 4) if any(x is not None for x in xs) else None
        result.update(body_s=body_lat, title_s=title_lat, body_median_s=med(body_lat), title_median_s=med(title_lat))
        return result
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
