#!/usr/bin/env bash
# Benchmark of the analysis pass (issues 10-13): every command that matches a lexicon over the
# stored texts, whole process, median of RUNS runs, with CPU time (user + sys, what the pass
# costs whatever else runs on the machine) and peak memory (the largest of the runs).
#
# Targets (2 cores): at 20,000 / 200,000 pages, `count --by nation,year` with a lexicon not
# seen before < 0.3 s / < 3 s, `kwic CONCEPT` < 0.3 s / < 3 s, `report` < 2 s / < 20 s, peak
# memory < 500 MB / < 1 GB (issue 11); `cooccur` < 1 s and `collocates` (a concept with ~1,000
# occurrences) < 1 s at 20,000 pages (issue 13); `count --by level,nation` and
# `diff --passages` timed (issue 12).
#
# usage: benches/analysis.sh [CORPUS]   (env: RUNS=5 EFRH=path KEEP=1)
# CORPUS: an existing corpus, only read (e.g. the scale engineer's /work/bench/c2k); without
# one, benches/matcher_corpus.py writes 500 documents x 40 pages of ~400 words to a temporary
# folder. EFRH: a binary to time instead of building target/release/efrh.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi
if [[ -z "${EFRH:-}" ]]; then
  cargo build --release --quiet
  EFRH="$PWD/target/release/efrh"
fi
CORPUS=${1:-}
if [[ -z "$CORPUS" ]]; then
  CORPUS="$WORK/corpus"
  python3 benches/matcher_corpus.py corpus "$CORPUS" 500 40
fi

# The default lexicon plus a concept of three two-word terms made of common words (~1,000
# occurrences at 20,000 synthetic pages) for collocates.
cp lexicons/efrh.toml "$WORK/lex.toml"
cat >>"$WORK/lex.toml" <<'TOML'

[[concept]]
id = "bench-1k"
terms = ["youth justice", "knife crime", "early help"]
TOML

"$EFRH" --quiet --corpus "$CORPUS" list --format csv >"$WORK/list.csv"
docs=$(($(wc -l <"$WORK/list.csv") - 1))
pages=$(python3 - "$WORK/list.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(sum(int(r.get("pages") or 0) for r in rows))
EOF
)
A=$(awk -F, 'NR==2 {print $1}' "$WORK/list.csv")
B=$(awk -F, 'NR==3 {print $1}' "$WORK/list.csv")
echo "corpus: $CORPUS: $docs documents, $pages pages; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
n=$("$EFRH" --quiet --corpus "$CORPUS" kwic bench-1k --lexicon "$WORK/lex.toml" --format csv | tail -n +2 | wc -l)
echo "bench-1k: $n occurrences"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_it NAME CMD...: a warm-up run (OS page cache), then RUNS timed runs.
time_it() {
  local name=$1; shift
  local wall=() cpu=() rss=0
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || true
    read -r e u s m < <(tail -n 1 "$WORK/t")
    if grep -q "exited with non-zero" "$WORK/t"; then echo "  ($name: exit code not 0: $(head -c 300 "$WORK/err"))"; fi
    wall+=("$(awk -v e="$e" 'BEGIN {printf "%d", e * 1000}')")
    cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%d", (u + s) * 1000}')")
    ((m > rss)) && rss=$m
  done
  printf '%-40s wall median %6d ms (min %6d)  cpu median %6d ms  peak %4d MB\n' "$name" \
    "$(printf '%s\n' "${wall[@]}" | median)" "$(printf '%s\n' "${wall[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${cpu[@]}" | median)" $((rss / 1024))
}

# A lexicon not seen before (a random extra concept), so nothing derived from an earlier run
# of the same lexicon could be reused.
python3 benches/matcher_corpus.py lexicon "$WORK/unseen.toml"
R=("$EFRH" --quiet --corpus "$CORPUS")
time_it "count --by nation,year (new lexicon)" "${R[@]}" count --by nation,year --lexicon "$WORK/unseen.toml" --format csv
time_it "count --by document" "${R[@]}" count --format csv
time_it "kwic county-lines" "${R[@]}" kwic county-lines --format csv
time_it "kwic bench-1k --sentence" "${R[@]}" kwic bench-1k --sentence --lexicon "$WORK/lex.toml" --format csv
time_it "report" "${R[@]}" report --out "$WORK/report"
for w in sentence paragraph page; do
  time_it "cooccur --window $w" "${R[@]}" cooccur --window "$w" --format csv
done
time_it "collocates bench-1k" "${R[@]}" collocates bench-1k --lexicon "$WORK/lex.toml" --format csv
time_it "collocates county-lines" "${R[@]}" collocates county-lines --format csv
time_it "count --by level,nation" "${R[@]}" count --by level,nation --format csv
time_it "diff A B --passages" "${R[@]}" diff "$A" "$B" --passages --format csv
