#!/usr/bin/env bash
# Benchmark for issue 12: `count --by level,nation` and `diff` (counts and --passages) on a
# 20,000-page synthetic corpus (benches/matcher_corpus.py: 500 documents x 40 pages of ~400
# words), a quarter of its documents local (with an authority) and every document an edition of
# one of 25 series (dated). Prints the median wall time of RUNS runs of the whole process.
#
# usage: benches/meta.sh        (env: DOCS=500 PAGES_PER_DOC=40 RUNS=10 KEEP=1)
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
# Level, authority, series and date after each record's wave line (document d: the d-th record).
python3 - "$WORK/corpus/catalogue.toml" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
d = -1
def extra(m):
    global d
    d += 1
    year = int(re.search(r"year = (\d+)", m.group(0)).group(1))
    lines = [m.group(0)]
    if d % 4 == 0:
        lines += ['level = "local"', f'authority = "Authority {d % 20}"']
    lines += [f'series = "series-{d % 25}"', f'date = "{year}-{1 + d % 12:02d}"']
    return "\n".join(lines)
text = re.sub(r"(?ms)^\[\[document\]\].*?^wave = \d+", extra, text)
open(path, "w").write(text)
EOF
echo "corpus: $DOCS documents x $PAGES_PER_DOC pages = $((DOCS * PAGES_PER_DOC)) pages; $(nproc) cores"
"$EFRH" --quiet --corpus "$WORK/corpus" list --format csv >"$WORK/list.csv"
A=$(awk -F, 'NR==2 {print $1}' "$WORK/list.csv")
B=$(awk -F, 'NR==3 {print $1}' "$WORK/list.csv")

median() {
  local label=$1; shift
  local times=()
  "$@" >/dev/null # warm-up
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N); "$@" >/dev/null; times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  echo "$label: median $(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms ($RUNS runs)"
}

median "count --by level,nation" "$EFRH" --quiet --corpus "$WORK/corpus" count --by level,nation --format csv
median "diff A B (counts, 2 x $PAGES_PER_DOC pages)" "$EFRH" --quiet --corpus "$WORK/corpus" diff "$A" "$B" --format csv
median "diff --series series-0 --from 2012 --to 2022" "$EFRH" --quiet --corpus "$WORK/corpus" diff --series series-0 --from 2012 --to 2022 --format csv
if "$EFRH" diff --help | grep -q -- --passages; then
  median "diff A B --passages (2 x $PAGES_PER_DOC pages)" "$EFRH" --quiet --corpus "$WORK/corpus" diff "$A" "$B" --passages --format csv
  echo "passages rows: $(($("$EFRH" --quiet --corpus "$WORK/corpus" diff "$A" "$B" --passages --format csv | wc -l) - 1))"
fi
