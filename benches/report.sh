#!/usr/bin/env bash
# Benchmark for `efrh report` (issue 6). Target: the whole report (matching every page with
# the default lexicon, drawing 18 charts as SVG and PNG, writing report.html) on a corpus of
# 20,000 pages of ~400 words in a few seconds of wall time.
#
# Measured 2026-11-22 (release, 2 cores): median 792 ms wall (0.42 s user), 58 MB peak RSS,
# 18 chart files + a 320 KB report.html; `efrh chart` one concept as PNG: median 270 ms.
#
# usage: benches/report.sh      (env: PAGES=20000 DOCS=500 WORDS=400 RUNS=5 KEEP=1 to keep the corpus)
# Needs python3 (corpus generator benches/report_corpus.py).
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES=${PAGES:-20000}
DOCS=${DOCS:-500}
WORDS=${WORDS:-400}
RUNS=${RUNS:-5}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi
CORPUS="$WORK/corpus"

cargo build --release --quiet
EFRH="$PWD/target/release/efrh"

echo "corpus: $DOCS documents x $((PAGES / DOCS)) pages x ~$WORDS words = $PAGES pages in $CORPUS"
python3 benches/report_corpus.py "$CORPUS" "$DOCS" $((PAGES / DOCS)) "$WORDS"
du -sh "$CORPUS/text" | awk '{ print "stored text: " $1 }'

ms_now() { date +%s%3N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

times=()
for i in $(seq "$RUNS"); do
  t0=$(ms_now)
  "$EFRH" --corpus "$CORPUS" --quiet report --out "$WORK/out" >/dev/null
  times+=($(( $(ms_now) - t0 )))
done
echo "efrh report: median $(printf '%s\n' "${times[@]}" | median) ms ($RUNS runs: ${times[*]} ms)"
ls "$WORK/out/charts" | wc -l | awk '{ print "  chart files: " $1 }'
du -h "$WORK/out/report.html" | awk '{ print "  report.html: " $1 }'

if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "  peak memory: %M KiB, cpu: %U s user + %S s sys, wall %e s" \
    "$EFRH" --corpus "$CORPUS" --quiet report --out "$WORK/out" 2>&1 >/dev/null | tail -1
fi

times=()
for i in $(seq "$RUNS"); do
  t0=$(ms_now)
  "$EFRH" --corpus "$CORPUS" --quiet chart --concept contextual-safeguarding --out "$WORK/cs.png" >/dev/null
  times+=($(( $(ms_now) - t0 )))
done
echo "efrh chart (one concept, PNG): median $(printf '%s\n' "${times[@]}" | median) ms ($RUNS runs: ${times[*]} ms)"
