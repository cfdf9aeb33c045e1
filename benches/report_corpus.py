#!/usr/bin/env python3
"""Write a synthetic corpus for benches/report.sh: catalogue.toml + text/<id>.json in the
layout `efrh add` stores (see src/corpus/), without PDFs.

The documents are filler text with the three approaches and some harms sprinkled in with
probabilities that rise over the years (Contextual Safeguarding from 2015 in England and Wales,
Trauma-informed Practice from 2016 strongest in Scotland, Transitional Safeguarding from 2019),
so the charts have realistic shapes. Titles say "(synthetic)". Not research data.

usage: report_corpus.py DIR DOCS PAGES_PER_DOC [WORDS_PER_PAGE]
Deterministic (fixed seed): the same arguments give the same corpus.
"""
import hashlib
import json
import os
import random
import sys

FILLER = (
    "the of and to in a for is that on with by as are be this from or at it which local "
    "authority children young people families services support practice risk "
    "partners school police health education social care plan assessment community place "
    "peer group wellbeing transition adolescent response multi agency review framework duty "
    "guidance evidence outcome early help referral threshold team worker youth justice "
    "housing relationship trust voice rights participation"
).split()
HARMS = [
    "county lines", "child sexual exploitation", "CSE", "child criminal exploitation",
    "serious youth violence", "gangs", "online abuse", "radicalisation", "modern slavery",
    "missing from home", "peer-on-peer abuse", "extra-familial harm",
]
NATIONS = ["england", "scotland", "wales", "northern-ireland", "uk"]
NATION_WEIGHT = [0.45, 0.2, 0.17, 0.1, 0.08]


def approach_rate(approach, nation, year):
    """Chance per page that the approach is mentioned."""
    if approach == "contextual safeguarding":
        start = {"england": 2015, "wales": 2017, "scotland": 2019, "northern-ireland": 2020, "uk": 2018}[nation]
        return 0.0 if year < start else min(0.5, 0.04 * (year - start + 1))
    if approach == "trauma-informed practice":
        start = {"scotland": 2016, "wales": 2017, "england": 2018, "northern-ireland": 2018, "uk": 2019}[nation]
        boost = 2.0 if nation == "scotland" else 1.0
        return 0.0 if year < start else min(0.6, 0.03 * boost * (year - start + 1))
    if approach == "transitional safeguarding":
        start = {"england": 2019, "wales": 2020, "scotland": 2021, "northern-ireland": 2022, "uk": 2021}[nation]
        return 0.0 if year < start else min(0.4, 0.05 * (year - start + 1))
    return 0.0


def page_text(rng, nation, year, words):
    out = []
    for _ in range(words):
        r = rng.random()
        if r < 0.004:
            out.append(rng.choice(HARMS))
        else:
            out.append(rng.choice(FILLER))
    for a in ("contextual safeguarding", "trauma-informed practice", "transitional safeguarding"):
        if rng.random() < approach_rate(a, nation, year):
            out.insert(rng.randrange(len(out) + 1), a)
    lines = [" ".join(out[i : i + 12]) for i in range(0, len(out), 12)]
    return "\n".join(lines)


def word_count(text):
    return sum(1 for t in text.split() if any(c.isalnum() for c in t))


def main():
    root, docs, per_doc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    words = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    rng = random.Random(20201122)
    os.makedirs(os.path.join(root, "text"), exist_ok=True)
    os.makedirs(os.path.join(root, "pdf"), exist_ok=True)
    records = []
    for i in range(docs):
        nation = rng.choices(NATIONS, NATION_WEIGHT)[0]
        year = rng.randint(2010, 2022)
        wave = 2020 if year <= 2019 else 2022
        if rng.random() < 0.05:
            wave = None
        pages = [{"body": page_text(rng, nation, year, words)} for _ in range(per_doc)]
        text = json.dumps({"extractor": 1, "pages": pages}).encode()
        doc_id = hashlib.sha256(b"synthetic %d" % i).hexdigest()[:16]
        with open(os.path.join(root, "text", doc_id + ".json"), "wb") as f:
            f.write(text)
        records.append(
            {
                "id": doc_id,
                "title": "Synthetic %s document %d (%d) (synthetic)" % (nation, i, year),
                "nation": nation,
                "year": year,
                "wave": wave,
                "file": "synthetic-%d.pdf" % i,
                "bytes": len(text),
                "pages": per_doc,
                "words": sum(word_count(p["body"]) for p in pages),
                "text_sha256": hashlib.sha256(text).hexdigest(),
                "extractor": 1,
            }
        )
    records.sort(key=lambda r: (NATIONS.index(r["nation"]), r["year"], r["title"], r["id"]))
    with open(os.path.join(root, "catalogue.toml"), "w") as f:
        for r in records:
            f.write("[[document]]\n")
            for k in ("id", "title", "nation", "year", "wave", "file", "bytes", "pages", "words",
                      "text_sha256", "extractor"):
                v = r[k]
                if v is None:
                    continue
                f.write("%s = %s\n" % (k, json.dumps(v) if isinstance(v, str) else v))
            f.write("\n")


if __name__ == "__main__":
    main()
