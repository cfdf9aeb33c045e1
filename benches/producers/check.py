#!/usr/bin/env python3
"""Compare efrh's counts on the producer corpus with the known truth.

usage: check.py OUT_DIR [EFRH_BINARY]

OUT_DIR is what generate.py wrote (the PDFs and truth.json). The PDFs are added to a fresh
corpus OUT_DIR/corpus with the given binary (default target/debug/efrh), then:

- count cells: (document, concept) from `efrh count --by document`;
- kwic cells: (document, page, concept) from `efrh kwic CONCEPT`, where the truth or efrh
  has at least one occurrence (cells where both are zero are not counted as exact);
- search: for every term that runs over a page break, `efrh search '"phrase"'` must find
  the page where it starts.

Prints one line per producer with the exact cells, then every cell that differs. Exit 1
when any cell differs.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402


def efrh(binary, corpus, *args):
    r = subprocess.run([binary, "--corpus", corpus, "--quiet", *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=600)
    if r.returncode not in (0, 1):
        sys.exit(f"efrh {' '.join(args)} failed: {r.stderr.decode()}")
    return r.stdout.decode("utf-8")


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def crossings(texts):
    """(phrase, pages): the last word of each body page with the next page's first word,
    and every page where that phrase starts (whole words, case-insensitive)."""
    out = []
    for i in range(len(generate.PAGES) - 1):
        last = generate.PAGES[i].split()[-1]
        first = generate.PAGES[i + 1].split()[0].strip(".,")
        phrase = f"{last} {first}"
        r = re.compile(r"(?<![^\W_])" + re.escape(last) + r"[\s\-]+" + re.escape(first)
                       + r"(?![^\W_])", re.I)
        joined, starts = "", []
        for t in texts:
            starts.append(len(joined))
            joined += t + "\n"
        pages = sorted({max(k for k, st in enumerate(starts) if st <= m.start()) + 1
                        for m in r.finditer(joined)})
        out.append((phrase, pages))
    return out


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = os.path.abspath(sys.argv[1])
    binary = os.path.abspath(sys.argv[2] if len(sys.argv) == 3 else
                             os.path.join(HERE, "..", "..", "target", "debug", "efrh"))
    with open(os.path.join(out, "truth.json")) as f:
        truth = json.load(f)
    corpus = os.path.join(out, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)
    for name in sorted(truth):
        efrh(binary, corpus, "add", os.path.join(out, name), "--nation", "england", "--year",
             "2020", "--title", name)
    ids = {r["title"]: r["id"] for r in rows(efrh(binary, corpus, "list", "--format", "csv"))}
    concepts = [c for c, _ in generate.load_concepts()]
    got_page = {}
    for c in concepts:
        for r in rows(efrh(binary, corpus, "kwic", c, "--format", "csv")):
            key = (r["title"], int(r["page"]), c)
            got_page[key] = got_page.get(key, 0) + 1
    got_doc = {(r["title"], r["concept"]): int(r["count"])
               for r in rows(efrh(binary, corpus, "count", "--by", "document", "--format",
                                  "csv"))}
    failed = False
    misses = []
    for name in sorted(truth):
        pages = truth[name]["counts"]
        want_page = {}
        for i, counts in enumerate(pages):
            for c, n in counts.items():
                want_page[(name, i + 1, c)] = n
        keys = {k for k in want_page if k[0] == name} | {k for k in got_page if k[0] == name}
        exact = sum(1 for k in keys if want_page.get(k, 0) == got_page.get(k, 0))
        for k in sorted(keys):
            if want_page.get(k, 0) != got_page.get(k, 0):
                misses.append(f"  kwic {k[0]} page {k[1]} {k[2]}: want {want_page.get(k, 0)}"
                              f" got {got_page.get(k, 0)}")
        doc_exact = 0
        for c in concepts:
            want = sum(p.get(c, 0) for p in pages)
            got = got_doc.get((name, c), 0)
            if want == got:
                doc_exact += 1
            else:
                misses.append(f"  count {name} {c}: want {want} got {got}")
        search_ok = 0
        cross = crossings(truth[name]["texts"])
        for phrase, want in cross:
            hits = rows(efrh(binary, corpus, "search", f'"{phrase}"', "id:" + ids[name],
                             "--format", "csv", "--limit", "50"))
            found = sorted(int(h["page"]) for h in hits)
            if found == want:
                search_ok += 1
            else:
                misses.append(f"  search {name} \"{phrase}\": want pages {want} got {found}")
        print(f"{name}: kwic cells exact {exact}/{len(keys)}, count cells exact "
              f"{doc_exact}/{len(concepts)}, page-break phrases found {search_ok}/{len(cross)}")
        failed |= exact != len(keys) or doc_exact != len(concepts) or search_ok != len(cross)
    for m in misses:
        print(m)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
