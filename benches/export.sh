#!/usr/bin/env bash
# Benchmark for `efrh export qdpx` (issue 15). Target: the REFI-QDA project of 20,000 pages
# of ~400 words with every occurrence of the default lexicon coded, under 10 s wall.
#
# Measured 2026-12-03 (release, 2 cores shared with other builds, load average ~14): median
# 8.5 s wall (3 runs: 8.6, 8.5, 7.7 s) but 2.1 s user + 0.2 s sys CPU, 19.8 MB peak RSS;
# 34,730 coded selections, project.qde 11 MB, project.qdpx 112 MB (500 texts + 500 PDFs).
#
# usage: benches/export.sh   (env: PAGES=20000 DOCS=500 WORDS=400 PDF_KB=200 RUNS=3 KEEP=1)
# Needs python3 (corpus generator benches/report_corpus.py, which writes the stored texts but
# no PDFs). Each document gets a placeholder "PDF" of PDF_KB KB of random bytes in the store:
# the export copies PDFs as they are (stored, not recompressed), so only their size matters.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES=${PAGES:-20000}
DOCS=${DOCS:-500}
WORDS=${WORDS:-400}
PDF_KB=${PDF_KB:-200}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi
CORPUS="$WORK/corpus"

cargo build --release --quiet
EFRH="$PWD/target/release/efrh"

echo "corpus: $DOCS documents x $((PAGES / DOCS)) pages x ~$WORDS words = $PAGES pages in $CORPUS"
python3 benches/report_corpus.py "$CORPUS" "$DOCS" $((PAGES / DOCS)) "$WORDS"
for t in "$CORPUS"/text/*.json; do
  head -c $((PDF_KB * 1024)) /dev/urandom >"$CORPUS/pdf/$(basename "$t" .json).pdf"
done
du -sh "$CORPUS/text" | awk '{ print "stored text: " $1 }'
du -sh "$CORPUS/pdf" | awk '{ print "stored PDFs: " $1 }'

ms_now() { date +%s%3N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

times=()
for i in $(seq "$RUNS"); do
  t0=$(ms_now)
  "$EFRH" --corpus "$CORPUS" --quiet export qdpx --out "$WORK/project.qdpx"
  times+=($(( $(ms_now) - t0 )))
done
echo "efrh export qdpx: median $(printf '%s\n' "${times[@]}" | median) ms ($RUNS runs: ${times[*]} ms)"
du -h "$WORK/project.qdpx" | awk '{ print "  project.qdpx: " $1 }'
python3 - "$WORK/project.qdpx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
qde = z.read("project.qde")
print("  project.qde: %.1f MB, %d coded selections, %d entries"
      % (len(qde) / 1e6, qde.count(b"<PlainTextSelection "), len(z.namelist())))
PY

if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "  peak memory: %M KiB, cpu: %U s user + %S s sys, wall %e s" \
    "$EFRH" --corpus "$CORPUS" --quiet export qdpx --out "$WORK/project.qdpx" 2>&1 | tail -1
fi
