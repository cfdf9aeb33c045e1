#!/usr/bin/env bash
# Benchmark for `efrh count` (issue 4). Target: `count` over 20,000 pages of ~400 words with a
# lexicon the store has never seen, under 1 s wall (whole process, median of runs).
# Matching throughput on one core (target >= 300 MB/s) is `cargo bench --bench matcher`.
#
# usage: benches/matcher_count.sh        (env: DOCS=500 PAGES_PER_DOC=40 RUNS=10 KEEP=1)
# Needs python3; uses hyperfine when installed (apt-get install hyperfine), else a shell loop.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${DOCS:-500}
PAGES_PER_DOC=${PAGES_PER_DOC:-40}
RUNS=${RUNS:-10}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi

cargo build --release --quiet
EFRH="$PWD/target/release/efrh"

python3 benches/matcher_corpus.py corpus "$WORK/corpus" "$DOCS" "$PAGES_PER_DOC"
python3 benches/matcher_corpus.py lexicon "$WORK/unseen.toml"
echo "corpus: $DOCS documents x $PAGES_PER_DOC pages = $((DOCS * PAGES_PER_DOC)) pages," \
  "$(du -sh "$WORK/corpus/text" | cut -f1) of stored text; $(nproc) cores"

# The first run ever on this lexicon (nothing cached anywhere but the OS page cache).
t0=$(date +%s%N)
"$EFRH" --quiet --corpus "$WORK/corpus" count --lexicon "$WORK/unseen.toml" --format csv >"$WORK/out.csv"
echo "first run: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(($(wc -l <"$WORK/out.csv") - 1)) rows"

for by in document nation,year; do
  cmd="$EFRH --quiet --corpus $WORK/corpus count --lexicon $WORK/unseen.toml --by $by --format csv"
  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" "$cmd" >/dev/null
    python3 -c "import json,statistics as s;r=json.load(open('$WORK/h.json'))['results'][0];print(f'count --by $by: median {s.median(r[\"times\"])*1000:.0f} ms (min {min(r[\"times\"])*1000:.0f}, max {max(r[\"times\"])*1000:.0f}, {len(r[\"times\"])} runs, hyperfine)')"
  else
    times=()
    for _ in $(seq "$RUNS"); do
      t0=$(date +%s%N); $cmd >/dev/null; times+=($(( ($(date +%s%N) - t0) / 1000000 )))
    done
    echo "count --by $by: median $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms ($RUNS runs, shell loop)"
  fi
done
