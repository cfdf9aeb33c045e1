#!/usr/bin/env python3
"""Write a synthetic corpus for benches/matcher_count.sh: catalogue.toml + text/<id>.json in
the layout `efrh add` stores (src/corpus/mod.rs), without PDFs; and an "unseen" lexicon.

usage: matcher_corpus.py corpus DIR DOCS PAGES_PER_DOC [WORDS_PER_PAGE]
       matcher_corpus.py lexicon FILE        the default lexicon plus a concept with a random
                                             term, so no run can reuse anything cached

Deterministic corpus (fixed seed). Pages: ~400 words in lines of ~11 words, sentence
capitals, punctuation, some line-end hyphenation, a lexicon phrase in about 1 word in 100.
"""
import hashlib
import json
import os
import random
import sys

WORDS = (
    "the of and to in a for is that on with by as are be this from or at it which local "
    "authority children young people families services support practice risk harm "
    "safeguarding partners school police health education social care plan assessment "
    "community place peer group online exploitation violence abuse neglect mental "
    "wellbeing transition adult adolescent response multi agency review framework duty "
    "guidance evidence outcome early help referral threshold team worker youth justice "
    "housing missing criminal sexual county knife crime trauma informed contextual "
    "transitional relationship trust voice rights participation should must will may their "
    "they have has been were within across between where when how professionals "
    "practitioners settings parents carers communities partnership arrangements"
).split()
PHRASES = [
    "county lines", "contextual safeguarding", "trauma-informed practice",
    "transitional safeguarding", "child criminal exploitation", "serious youth violence",
    "CSE", "gangs", "radicalisation", "child-on-child abuse", "extra-familial harm",
    "modern slavery",
]
NATIONS = ["england", "scotland", "wales", "northern-ireland", "uk"]


def page_text(rng, words):
    out = []
    start = True
    for _ in range(words):
        w = rng.choice(PHRASES) if rng.random() < 0.01 else rng.choice(WORDS)
        if start:
            w = w[:1].upper() + w[1:]
        start = rng.random() < 1 / 14
        if start:
            w += "."
        elif rng.random() < 0.05:
            w += ","
        out.append(w)
    lines = [" ".join(out[i:i + 11]) for i in range(0, len(out), 11)]
    if rng.random() < 0.3 and len(lines) > 3:
        lines[1] += " safe-"
        lines[2] = "guarding " + lines[2]
    return "\n".join(lines)


def corpus(root, docs, pages_per_doc, words_per_page):
    rng = random.Random(4)
    os.makedirs(os.path.join(root, "text"), exist_ok=True)
    cat = []
    for d in range(docs):
        doc_id = hashlib.sha256(f"matcher-bench-{d}".encode()).hexdigest()[:16]
        pages = [{"body": page_text(rng, words_per_page)} for _ in range(pages_per_doc)]
        data = json.dumps({"extractor": 1, "pages": pages}).encode()
        with open(os.path.join(root, "text", f"{doc_id}.json"), "wb") as f:
            f.write(data)
        words = sum(len(p["body"].split()) for p in pages)
        cat.append("\n".join([
            "[[document]]",
            f"id = {json.dumps(doc_id)}",
            f"title = {json.dumps(f'Synthetic document {d}')}",
            f"nation = {json.dumps(NATIONS[d % len(NATIONS)])}",
            f"year = {2010 + d % 15}",
            f"wave = {2020 if d % 2 else 2022}",
            f"file = {json.dumps(f'doc{d}.pdf')}",
            "bytes = 1000",
            f"pages = {pages_per_doc}",
            f"words = {words}",
            f"text_sha256 = {json.dumps(hashlib.sha256(data).hexdigest())}",
            "extractor = 1",
            "",
        ]))
    with open(os.path.join(root, "catalogue.toml"), "w") as f:
        f.write("\n".join(cat))


def lexicon(path):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "lexicons", "efrh.toml")) as f:
        text = f.read()
    tag = "".join(random.SystemRandom().choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
    text += f'\n[[concept]]\nid = "unseen-{tag}"\nterms = ["{tag} practice", "county {tag}"]\n'
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) in (4, 5) and a[0] == "corpus":
        corpus(a[1], int(a[2]), int(a[3]), int(a[4]) if len(a) == 5 else 400)
    elif len(a) == 2 and a[0] == "lexicon":
        lexicon(a[1])
    else:
        sys.exit(__doc__)
