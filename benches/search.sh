#!/usr/bin/env bash
# Benchmark for `efrh search` (issue 5). Targets (whole process, median of repeated runs):
#   search, phrase query, 20,000-page corpus ........ < 50 ms
#   search, filtered boolean query, same corpus ...... < 50 ms
#   incremental add of one document to that corpus ... < 1 s
#
# usage: benches/search.sh            (env: PAGES=20000 DOCS=500 RUNS=30 KEEP=1 to keep the corpus)
# Needs python3; uses hyperfine when installed (apt-get install hyperfine), else a shell loop.
set -euo pipefail
cd "$(dirname "$0")/.."

PAGES=${PAGES:-20000}
DOCS=${DOCS:-500}
RUNS=${RUNS:-30}
ADD_RUNS=${ADD_RUNS:-11}
WORK=$(mktemp -d)
if [[ -z "${KEEP:-}" ]]; then trap 'rm -rf "$WORK"' EXIT; fi
CORPUS="$WORK/corpus"

cargo build --release --quiet
EFRH="$PWD/target/release/efrh"
export NO_COLOR=1

echo "corpus: $DOCS documents x $((PAGES / DOCS)) pages = $PAGES pages in $CORPUS"
python3 benches/search_corpus.py "$CORPUS" "$DOCS" $((PAGES / DOCS))

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# Median wall time in ms of running "$@" $RUNS times (fallback when hyperfine is absent).
median_ms() {
  local runs=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local t0; t0=$(ms_now)
    "$@" >/dev/null 2>&1
    times+=($(( $(ms_now) - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

t0=$(ms_now)
"$EFRH" --corpus "$CORPUS" search gangs --limit 1 >/dev/null
echo "first search (builds the whole index): $(( $(ms_now) - t0 )) ms"
du -sh "$CORPUS/index" | awk '{ print "index size: " $1 }'

PHRASE='"county lines"'
BOOLEAN='trauma-informed AND (gangs OR exploitation) NOT knife nation:wales year:[2015 TO 2022]'
run_search() { "$EFRH" --corpus "$CORPUS" search "$1" >/dev/null; }

echo "hits: phrase $("$EFRH" --corpus "$CORPUS" search "$PHRASE" --limit 100000 --format csv | tail -n +2 | wc -l)," \
  "boolean $("$EFRH" --corpus "$CORPUS" search "$BOOLEAN" --limit 100000 --format csv | tail -n +2 | wc -l) pages"

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/search.json" \
    -n phrase "$EFRH --corpus $CORPUS search '$PHRASE'" \
    -n boolean "$EFRH --corpus $CORPUS search '$BOOLEAN'" >/dev/null
  python3 - "$WORK/search.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"search {r['command']:8s} median {r['median'] * 1000:6.1f} ms  "
          f"(mean {r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} ms, {len(r['times'])} runs)")
EOF
else
  echo "search phrase   median $(median_ms "$RUNS" run_search "$PHRASE") ms ($RUNS runs)"
  echo "search boolean  median $(median_ms "$RUNS" run_search "$BOOLEAN") ms ($RUNS runs)"
fi

# Incremental add of one document (a new one each run), through `efrh add`, which updates
# the index. Then the index half alone: a document stored directly, synced by `search`.
add_times=()
for i in $(seq "$ADD_RUNS"); do
  python3 benches/search_corpus.py --pdf "$WORK/new$i.pdf" "$i"
  t0=$(ms_now)
  if ! "$EFRH" --corpus "$CORPUS" --quiet add "$WORK/new$i.pdf" --nation wales --year 2021 \
      --title "New $i" >/dev/null 2>"$WORK/add.err"; then
    echo "efrh add failed: $(cat "$WORK/add.err")"; add_times=(); break
  fi
  add_times+=($(( $(ms_now) - t0 )))
done
if ((${#add_times[@]})); then
  echo "efrh add, one document: median $(printf '%s\n' "${add_times[@]}" | sort -n |
    awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') ms (${#add_times[@]} runs: ${add_times[*]})"
  "$EFRH" --corpus "$CORPUS" search '"bench document"' --format csv | tail -n +2 | wc -l |
    awk -v n="${#add_times[@]}" '{ print "  added documents found by search: " $1 " of " n }'
  # (The synthetic documents have no PDFs, so `check` reports those; count index problems only.)
  echo "  search-index problems reported by efrh check: $("$EFRH" --corpus "$CORPUS" check 2>&1 |
    grep -c 'search index' || true)"
fi

sync_times=()
for i in $(seq "$ADD_RUNS"); do
  python3 benches/search_corpus.py --append "$CORPUS" "$i"
  t0=$(ms_now)
  "$EFRH" --corpus "$CORPUS" search gangs >/dev/null
  sync_times+=($(( $(ms_now) - t0 )))
done
echo "index sync of one new document + search: median $(printf '%s\n' "${sync_times[@]}" | sort -n |
  awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') ms (${#sync_times[@]} runs: ${sync_times[*]})"
