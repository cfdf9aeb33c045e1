#!/usr/bin/env python3
"""Write a synthetic corpus for benches/search.sh: catalogue.toml + text/<id>.json, in the
layout `efrh add` stores (see src/corpus/mod.rs), without PDFs.

usage: search_corpus.py DIR DOCS PAGES_PER_DOC
       search_corpus.py --pdf FILE SEED      one small text PDF (for timing `efrh add`)
       search_corpus.py --append DIR SEED    one more 40-page document, stored directly

Deterministic (fixed seed): the same arguments give the same corpus.
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
    "housing missing trafficking criminal sexual county lines gangs knife crime trauma "
    "informed contextual transitional relationship trust voice rights participation"
).split()
PHRASES = [
    "county lines",
    "contextual safeguarding",
    "trauma-informed practice",
    "transitional safeguarding",
    "child criminal exploitation",
    "serious youth violence",
]
NATIONS = ["england", "scotland", "wales", "northern-ireland", "uk"]
KINDS = ["legislation", "statutory-guidance", "guidance", "policy", "strategy", "inspection"]


def page_text(rng, words=260, line=11):
    out = []
    for i in range(words):
        if rng.random() < 0.01:
            out.append(rng.choice(PHRASES))
        else:
            out.append(rng.choice(WORDS))
    lines = []
    for i in range(0, len(out), line):
        lines.append(" ".join(out[i : i + line]))
    # Now and then a word hyphenated at a line end.
    if rng.random() < 0.2 and len(lines) > 2:
        lines[1] += " safe-"
        lines[2] = "guarding " + lines[2]
    return "\n".join(lines)


def toml_str(s):
    return json.dumps(s)  # a JSON string is a valid TOML basic string for this ASCII text


def corpus(root, docs, pages_per_doc, first=0, append=False):
    rng = random.Random(5 + first)
    os.makedirs(os.path.join(root, "text"), exist_ok=True)
    cat = []
    for d in range(first, first + docs):
        doc_id = hashlib.sha256(f"bench-doc-{d}".encode()).hexdigest()[:16]
        pages = [{"body": page_text(rng)} for _ in range(pages_per_doc)]
        data = json.dumps({"extractor": 1, "pages": pages}).encode()
        with open(os.path.join(root, "text", f"{doc_id}.json"), "wb") as f:
            f.write(data)
        words = sum(len(p["body"].split()) for p in pages)
        year = 2010 + d % 15
        entry = [
            "[[document]]",
            f"id = {toml_str(doc_id)}",
            f"title = {toml_str(f'Synthetic document {d}')}",
            f"nation = {toml_str(NATIONS[d % len(NATIONS)])}",
            f"year = {year}",
            f"publisher = {toml_str('Bench Publisher')}",
            f"kind = {toml_str(KINDS[d % len(KINDS)])}",
            f"wave = {2020 if d % 2 else 2022}",
            f"file = {toml_str(f'doc{d}.pdf')}",
            "bytes = 1000",
            f"pages = {pages_per_doc}",
            f"words = {words}",
            f"text_sha256 = {toml_str(hashlib.sha256(data).hexdigest())}",
            "extractor = 1",
            "",
        ]
        cat.append("\n".join(entry))
    with open(os.path.join(root, "catalogue.toml"), "a" if append else "w") as f:
        f.write("\n" + "\n".join(cat))


def pdf(path, seed):
    """A one-page PDF with a few lines of Helvetica text (distinct per seed)."""
    rng = random.Random(seed)
    lines = [f"Bench document {seed}: county lines and contextual safeguarding."]
    lines += [" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(30)]
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for ln in lines:
        ops.append("(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--pdf":
        pdf(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--append":
        corpus(sys.argv[2], 1, 40, first=1_000_000 + int(sys.argv[3]), append=True)
    elif len(sys.argv) == 4:
        corpus(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(__doc__)
