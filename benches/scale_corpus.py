#!/usr/bin/env python3
"""Write a set of distinct multi-page text PDFs and a manifest for benches/scale.sh (issue 11).

usage: scale_corpus.py OUT DOCS [MEAN_PAGES]

Writes OUT/pdf/doc<N>.pdf (N = 0..DOCS-1) and OUT/manifest.csv (path,title,nation,year,
publisher,kind,wave,level,authority), ready for `efrh add --manifest OUT/manifest.csv`.
Each document has 2..(2*MEAN_PAGES-2) pages (mean MEAN_PAGES, default 10) of ~260 words
of policy vocabulary, with the lexicon's phrases now and then (some broken over a line end or
a page end, some hyphenated at a line end), Helvetica, Flate-compressed content streams like
most real PDFs. Publishers are ~400 local authorities and a few national bodies, years
2010-2024, all five nations. Deterministic: the same arguments give the same bytes, and every
document's bytes differ (so every one gets its own content id).
"""
import csv
import os
import random
import sys
import zlib

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
    "extra-familial harm",
    "child sexual exploitation",
]
NATIONS = ["england", "scotland", "wales", "northern-ireland", "uk"]
KINDS = ["statutory-guidance", "guidance", "policy", "strategy", "inspection", "annual-report"]
NATIONAL = ["Department for Education", "Scottish Government", "Welsh Government", "Home Office"]


def page_lines(rng, words=260, per_line=11):
    out = []
    for _ in range(words):
        out.append(rng.choice(PHRASES) if rng.random() < 0.01 else rng.choice(WORDS))
    lines = [" ".join(out[i : i + per_line]) for i in range(0, len(out), per_line)]
    if rng.random() < 0.2 and len(lines) > 2:
        lines[1] += " safe-"
        lines[2] = "guarding " + lines[2]
    return lines


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(title, pages):
    """A PDF with one Helvetica text page per entry of `pages` (a list of lines)."""
    objs = {}  # number -> bytes
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, contents) pairs.
    kids = []
    for i, lines in enumerate(pages):
        page_no = 5 + 2 * i
        contents_no = page_no + 1
        kids.append(f"{page_no} 0 R")
        ops = ["BT", "/F1 9 Tf", "12 TL", "72 740 Td"]
        if i == 0:
            ops.append(f"({esc(title)}) Tj T* T*")
        for ln in lines:
            ops.append(f"({esc(ln)}) Tj T*")
        ops.append("ET")
        ops.append(f"BT /F1 9 Tf 300 40 Td ({i + 1}) Tj ET")
        stream = zlib.compress("\n".join(ops).encode("latin-1"), 6)
        objs[page_no] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
            + f"{contents_no} 0 R".encode()
            + b" >>"
        )
        objs[contents_no] = (
            b"<< /Length "
            + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n"
            + stream
            + b"\nendstream"
        )
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode()
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = f"<< /Title ({esc(title)}) /Producer (efrh scale_corpus.py) >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    count = max(objs) + 1
    offsets = [0] * count
    for num in range(1, count):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {count}\n0000000000 65535 f \n".encode()
    for num in range(1, count):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {count} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def main(out, docs, mean_pages):
    rng = random.Random(11)
    os.makedirs(os.path.join(out, "pdf"), exist_ok=True)
    total_pages = 0
    with open(os.path.join(out, "manifest.csv"), "w", newline="", encoding="utf-8") as mf:
        w = csv.writer(mf, lineterminator="\n")
        w.writerow(["path", "title", "nation", "year", "publisher", "kind", "wave", "level", "authority"])
        for d in range(docs):
            nation = NATIONS[d % len(NATIONS)]
            year = 2010 + (d * 7) % 15
            kind = KINDS[d % len(KINDS)]
            if d % 10 == 0:
                publisher, level, authority = NATIONAL[d % len(NATIONAL)], "national", ""
            else:
                la = d % 397
                authority = f"Authority {la:03d}"
                publisher, level = f"{authority} Safeguarding Partnership", "local"
            title = f"{publisher}: {kind.replace('-', ' ')} {year} (document {d})"
            n = rng.randint(2, max(2, 2 * mean_pages - 2))
            pages = [page_lines(rng) for _ in range(n)]
            total_pages += n
            rel = f"pdf/doc{d}.pdf"
            with open(os.path.join(out, rel), "wb") as f:
                f.write(pdf_bytes(title, pages))
            w.writerow([rel, title, nation, year, publisher, kind, 2020 if year < 2020 else 2022, level, authority])
    print(f"{docs} documents, {total_pages} pages in {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) == 4 else 10)
