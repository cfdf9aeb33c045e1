#!/usr/bin/env bash
# Benchmark for `efrh cooccur` and `efrh collocates` (issue 13). Targets at 20,000 pages of
# ~400 words: `cooccur` (every window) < 1 s; `collocates` < 1 s for a concept with ~1,000
# occurrences. Whole process wall time, median of runs. The corpus is the synthetic one of
# benches/matcher_corpus.py (500 documents x 40 pages).
#
# usage: benches/talk.sh          (env: DOCS=500 PAGES_PER_DOC=40 RUNS=5 KEEP=1 EFRH=path)
# EFRH: a binary to time instead of building target/release/efrh.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${DOCS:-500}
PAGES_PER_DOC=${PAGES_PER_DOC:-40}
RUNS=${RUNS:-5}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi

if [[ -z "${EFRH:-}" ]]; then
  cargo build --release --quiet
  EFRH="$PWD/target/release/efrh"
fi

python3 benches/matcher_corpus.py corpus "$WORK/corpus" "$DOCS" "$PAGES_PER_DOC"
# A concept of three two-word terms made of common words: ~1,000 occurrences in the corpus.
cp lexicons/efrh.toml "$WORK/lex.toml"
cat >>"$WORK/lex.toml" <<'TOML'

[[concept]]
id = "bench-1k"
terms = ["youth justice", "knife crime", "early help"]
TOML
echo "corpus: $DOCS documents x $PAGES_PER_DOC pages = $((DOCS * PAGES_PER_DOC)) pages," \
  "$(du -sh "$WORK/corpus/text" | cut -f1) of stored text; $(nproc) cores"
n=$("$EFRH" --quiet --corpus "$WORK/corpus" kwic bench-1k --lexicon "$WORK/lex.toml" --format csv | tail -n +2 | wc -l)
echo "bench-1k: $n occurrences"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_it() {
  local name=$1; shift
  local times=()
  "$@" >/dev/null # warm-up (OS page cache)
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N); "$@" >/dev/null; times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  echo "$name: median $(printf '%s\n' "${times[@]}" | median) ms (min $(printf '%s\n' "${times[@]}" | sort -n | head -1), $RUNS runs)"
}
for w in sentence paragraph page; do
  time_it "cooccur --window $w" "$EFRH" --quiet --corpus "$WORK/corpus" cooccur --window "$w" --lexicon "$WORK/lex.toml" --format csv
done
time_it "collocates bench-1k" "$EFRH" --quiet --corpus "$WORK/corpus" collocates bench-1k --lexicon "$WORK/lex.toml" --format csv
time_it "collocates county-lines" "$EFRH" --quiet --corpus "$WORK/corpus" collocates county-lines --lexicon "$WORK/lex.toml" --format csv
