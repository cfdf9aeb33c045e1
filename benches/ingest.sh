#!/usr/bin/env bash
# Benchmark for `efrh add` (issue 2): ingest wall time and peak memory, beside pdftotext over
# the same files. Not a test: it prints figures; compare them by eye or across commits.
#
#   benches/ingest.sh                  (env: RUNS=3; REAL=path/to/manifest.csv)
#
# Sets: the bundled demo corpus (corpus/manifest.csv) and, when present,
# ../shared/real-pdfs/manifest.csv. For each: `efrh add --manifest` into a fresh temporary
# corpus (release build, all cores), best wall time of $RUNS runs and its peak RSS, measured
# with /usr/bin/time -v; then `pdftotext` over the same files, one after another and in
# parallel (xargs -P, as many as cores), and the ratios efrh / pdftotext.
# Needs /usr/bin/time (package `time`) and pdftotext (package `poppler-utils`); installs them
# with apt-get when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
REAL=${REAL:-../shared/real-pdfs/manifest.csv}
CORES=$(nproc)

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "--- installing $2"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else
      echo "error: $1 is missing: install the $2 package" >&2
      exit 2
    fi
  fi
}
need /usr/bin/time time
need pdftotext poppler-utils

cargo build --release --quiet
EFRH="$PWD/target/release/efrh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Files listed in a manifest, one absolute path per line.
files_of() {
  python3 - "$1" <<'PY'
import csv, os, sys
m = sys.argv[1]
base = os.path.dirname(os.path.abspath(m))
with open(m, newline="", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        print(os.path.join(base, row["path"]))
PY
}

# Run "$@" under /usr/bin/time -v; print "<wall seconds> <peak RSS in MiB>".
measure() {
  local log="$WORK/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%.3f %.1f\n", s, rss }' "$log"
}

# Best (lowest wall time) of $RUNS measurements of "$@"; `setup` runs before each.
best_of() {
  local best=""
  for _ in $(seq "$RUNS"); do
    setup
    local m; m=$(measure "$@")
    if [ -z "$best" ] || awk -v a="${m%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best=$m
    fi
  done
  echo "$best"
}

bench() {
  local name=$1 manifest=$2
  local list="$WORK/files.txt"
  files_of "$manifest" >"$list"
  local n pages bytes
  n=$(wc -l <"$list")
  bytes=$(tr '\n' '\0' <"$list" | du -cb --files0-from=- | tail -1 | cut -f1)

  setup() { rm -rf "$WORK/corpus"; }
  local efrh_m; efrh_m=$(best_of "$EFRH" --quiet --corpus "$WORK/corpus" add --manifest "$manifest")
  pages=$("$EFRH" --corpus "$WORK/corpus" list --format json |
    python3 -c 'import json, sys; print(sum(r["pages"] for r in json.load(sys.stdin)))')
  setup() { :; }
  local seq_m; seq_m=$(best_of bash -c 'while IFS= read -r f; do pdftotext -q "$f" - >/dev/null || true; done <"$1"' _ "$list")
  local par_m; par_m=$(best_of bash -c 'tr "\n" "\0" <"$1" | xargs -0 -P "$2" -I{} sh -c "pdftotext -q \"\$1\" - >/dev/null || true" _ {}' _ "$list" "$CORES")

  printf '\n%s: %d files, %d pages, %.1f MiB (best of %d runs, %d cores)\n' \
    "$name" "$n" "$pages" "$(echo "$bytes / 1048576" | bc -l)" "$RUNS" "$CORES"
  printf '  %-38s %8s s  %8s MiB peak RSS\n' "efrh add --manifest (incl. index)" $efrh_m
  printf '  %-38s %8s s  %8s MiB peak RSS (largest single process)\n' "pdftotext, one file after another" $seq_m
  printf '  %-38s %8s s  %8s MiB peak RSS (largest single process)\n' "pdftotext, $CORES at a time" $par_m
  awk -v e="${efrh_m%% *}" -v s="${seq_m%% *}" -v p="${par_m%% *}" 'BEGIN {
    printf "  ratio efrh / pdftotext: %.2f (sequential), %.2f (parallel)\n", e / s, e / p }'
}

echo "efrh ingest benchmark: $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%FT%TZ)"
bench "demo corpus" corpus/manifest.csv
if [ -f "$REAL" ]; then
  bench "real PDFs ($REAL)" "$REAL"
else
  echo "skipped: $REAL not present"
fi
