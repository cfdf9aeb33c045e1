#!/usr/bin/env python3
"""Hostile page layouts for the extractor's time bounds.

Writes OUTDIR/NAME.pdf, each 25 pages of about 4,000 words of Helvetica placed so as to
stress the layout stages (line building, the XY-cut, the table reader), and then times
`efrh add` of each file into a new corpus. Every file should take well under a second; before
the table reader's work bound, `stairup` stopped at the 120 s per-file limit.

    cargo build --release
    python3 benches/hostile_layouts.py /tmp/hostile target/release/efrh
"""
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

W, H, PAGES, N = 612, 792, 25, 4000


def pdf(words, w=W, h=H, pages=PAGES):
    """A PDF whose `pages` pages share one content stream of (x, y, size, text) words."""
    esc = lambda t: t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "".join(
        "BT /F1 %s Tf 1 0 0 1 %s %s Tm (%s) Tj ET\n" % (s, x, y, esc(t)) for x, y, s, t in words
    ).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [%s] /Count %d >>"
         % (" ".join("%d 0 R" % (5 + i) for i in range(pages)), pages)).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    for _ in range(pages):
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents 4 0 R "
                     "/Resources << /Font << /F1 3 0 R >> >> >>" % (w, h)).encode())
    out, offs = bytearray(b"%PDF-1.5\n"), []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def cases():
    rnd = random.Random(7)
    words = ["w%d" % (i % 97) for i in range(N)]
    jagged = []
    for c in range(80):
        pitch = rnd.uniform(4.5, 6.5)
        jagged += [(5 + c * 7.5, H - 10 - r * pitch, 4, "ab%d" % r) for r in range(50)]
    n = N // 2  # a staircase: each line one step right, and a segment far right
    stair_w, stair_h = 100 + 10 * n + 1100, 20 + n * 4 * 1.9 + 50
    stair = [w for k in range(n) for w in ((100 + 10 * k, 10 + (n - k) * 7.6, 4, "ab"),
                                            (100 + 10 * n + 1000, 10 + (n - k) * 7.6, 4, "cd"))]
    return {
        "scatter": ([(rnd.uniform(0, W - 20), rnd.uniform(0, H - 10), 4, t) for t in words],),
        "oneline": ([(i * 0.15, 400, 6, t) for i, t in enumerate(words)],),
        "samespot": ([(100, 400, 8, t) for t in words],),
        "column": ([(100 + (i % 7) * 0.5, H - 5 - i * 0.19, 0.2, t) for i, t in enumerate(words)],),
        "jagged": (jagged,),
        "diagonal": ([(i * 0.15, H - 5 - i * 0.19, 2, t) for i, t in enumerate(words)],),
        "sizes": ([(rnd.uniform(0, W - 20), rnd.uniform(0, H - 10),
                    rnd.choice([0.5, 2, 4, 8, 30, 90]), t) for t in words],),
        "zigzag": ([((i % 2) * 300 + (i % 13), H - 5 - (i // 2) * 0.38, 3, t)
                    for i, t in enumerate(words)],),
        "stairup": (stair, stair_w, stair_h),
    }


def main():
    out, efrh = Path(sys.argv[1]), sys.argv[2]
    out.mkdir(parents=True, exist_ok=True)
    for name, args in cases().items():
        path = out / f"{name}.pdf"
        path.write_bytes(pdf(*args))
        with tempfile.TemporaryDirectory() as tmp:
            start = time.monotonic()
            run = subprocess.run([efrh, "--corpus", str(Path(tmp) / "c"), "-q", "add", str(path),
                                  "--nation", "england", "--year", "2020"],
                                 capture_output=True, text=True)
            took = time.monotonic() - start
        print(f"{name:10} rc={run.returncode} {took:6.2f} s {run.stderr.strip()[:120]}")


if __name__ == "__main__":
    main()
