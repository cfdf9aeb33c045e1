#!/usr/bin/env bash
# Benchmark for a corpus of 20,000 documents (issue 11): the store and the commands that read
# it directly (add, search, list, text, check). Not a test: it prints figures.
#
#   benches/scale.sh                  (env: OUT=/work/bench SIZES="2000 20000" RUNS=15 EFRH=path)
#
# For each size N: benches/scale_corpus.py writes N distinct text PDFs (~10 pages each) and a
# manifest into $OUT/pdf<N/1000>k (once; kept), `efrh add --manifest` adds them to a new corpus
# $OUT/c<N/1000>k (release build, all cores, under /usr/bin/time -v: wall time, peak RSS;
# kept, and reused when it already holds N documents: remove it to measure again), then
# pdftotext runs over the same files one after another (once: its figure is kept in
# $OUT/pdf<N/1000>k/pdftotext.time, "<wall s> <peak RSS MiB>"; remove it to measure again).
# EFRH: a binary to time instead of building target/release/efrh. Then, whole process, median of $RUNS
# runs (hyperfine when installed, else a shell loop), and each command's peak RSS:
#   search (a phrase; a boolean query with field filters), list --format csv,
#   text ID --page N, show ID, check.
# Needs python3, /usr/bin/time (package `time`), pdftotext (package `poppler-utils`);
# hyperfine (package `hyperfine`) is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-/work/bench}
SIZES=${SIZES:-2000 20000}
RUNS=${RUNS:-15}
export NO_COLOR=1

for tool in /usr/bin/time pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install time poppler-utils python3)" >&2; exit 2; }
done

if [[ -z "${EFRH:-}" ]]; then
  cargo build --release --quiet
  EFRH="$PWD/target/release/efrh"
fi
mkdir -p "$OUT"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

# Run "$@" under /usr/bin/time -v (output discarded); print "<wall s> <peak RSS MiB>".
measure() {
  /usr/bin/time -v "$@" >/dev/null 2>"$LOG" || { tail -5 "$LOG" >&2; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%.3f %.1f\n", s, rss }' "$LOG"
}

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# Median wall time and mean CPU time (user + system; what the command costs whatever else
# runs on the machine), in ms, of "$@" over $RUNS runs, after 2 warm-up runs.
median_ms() {
  if command -v hyperfine >/dev/null; then
    local json; json=$(mktemp)
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f %.1f" % (r["median"] * 1000, (r["user"] + r["system"]) * 1000))' "$json"
    rm -f "$json"
  else
    "$@" >/dev/null 2>&1; "$@" >/dev/null 2>&1
    local times=()
    for _ in $(seq "$RUNS"); do
      local t0; t0=$(ms_now); "$@" >/dev/null 2>&1; times+=($(( $(ms_now) - t0 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)], "?" }'
  fi
}

row() { # name, command...
  local name=$1; shift
  local med; med=$(median_ms "$@")
  local m; m=$(measure "$@")
  printf '  %-44s %9s ms median %9s ms CPU  %8s MiB peak RSS\n' "$name" "${med% *}" "${med#* }" "${m#* }"
}

echo "efrh scale benchmark: $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
  tag="$((n / 1000))k"
  src="$OUT/pdf$tag"
  corpus="$OUT/c$tag"
  if [ ! -f "$src/manifest.csv" ] || [ "$(($(wc -l <"$src/manifest.csv") - 1))" -ne "$n" ]; then
    rm -rf "$src"
    python3 benches/scale_corpus.py "$src" "$n"
  fi
  have=0
  if [ -f "$corpus/catalogue.toml" ]; then
    have=$(grep -c '^\[\[document\]\]' "$corpus/catalogue.toml" || true)
  fi
  echo
  if [ "$have" -ne "$n" ]; then
    rm -rf "$corpus"
    add_m=$(measure "$EFRH" --quiet --corpus "$corpus" add --manifest "$src/manifest.csv")
    if [ ! -s "$src/pdftotext.time" ]; then
      measure bash -c 'cd "$1" && find pdf -name "*.pdf" | sort | while IFS= read -r f; do pdftotext -q "$f" - >/dev/null || true; done' _ "$src" >"$src/pdftotext.time"
    fi
    seq_m=$(cat "$src/pdftotext.time")
    pages=$(awk -F' = ' '/^pages = /{ s += $2 } END { print s }' "$corpus/catalogue.toml")
    printf '%s: %d documents, %d pages, PDFs %s, corpus %s\n' "$tag" "$n" "$pages" \
      "$(du -sh "$src" | cut -f1)" "$(du -sh "$corpus" | cut -f1)"
    printf '  %-44s %9s s  %8s MiB peak RSS\n' "efrh add --manifest (incl. index)" $add_m
    printf '  %-44s %9s s  %8s MiB peak RSS\n' "pdftotext, one file after another" $seq_m
    awk -v e="${add_m%% *}" -v s="${seq_m%% *}" 'BEGIN { printf "  ratio add / pdftotext: %.2f\n", e / s }'
  else
    pages=$(awk -F' = ' '/^pages = /{ s += $2 } END { print s }' "$corpus/catalogue.toml")
    printf '%s: %d documents, %d pages (corpus %s already added; remove it to time add)\n' \
      "$tag" "$n" "$pages" "$corpus"
  fi
  id=$("$EFRH" --corpus "$corpus" list --format csv | awk -F, 'NR == 2 { print $1 }')
  C=("$EFRH" --corpus "$corpus")
  "${C[@]}" search gangs --limit 1 >/dev/null # the index is up to date before timing
  row 'search "county lines"' "${C[@]}" search '"county lines"'
  row 'search boolean + nation:wales year:[..]' "${C[@]}" search 'trauma-informed AND (gangs OR exploitation) NOT knife nation:wales year:[2015 TO 2022]'
  row 'list --format csv' "${C[@]}" list --format csv
  row "text ID --page 2" "${C[@]}" text "$id" --page 2
  row "show ID" "${C[@]}" show "$id"
  m=$(measure "${C[@]}" check)
  printf '  %-44s %9s s  %8s MiB peak RSS (one run)\n' "check (hashes every PDF and text)" $m
done
for n in $SIZES; do [ -f "$OUT/c$((n / 1000))k/catalogue.toml" ] || exit 0; done
touch "$OUT/READY"
