#!/usr/bin/env python3
"""Write the same known text through real PDF producers, with the truth beside it.

usage: generate.py OUT_DIR

Writes OUT_DIR/<producer>.pdf for every producer found on this machine, and
OUT_DIR/truth.json: for every PDF, the per-page counts of every concept of
lexicons/efrh.toml in the text the generator put on each page (page furniture such as
"Page 2 of 4" excluded). Producers (Debian packages in brackets):

- libreoffice  justified, automatic hyphenation (en-GB), narrow page, a "Page N" paragraph
               in the flow at the end of each page, as Word users type it
               [libreoffice-writer-nogui hyphen-en-gb]
- chromium     --print-to-pdf of HTML: a small centred "Page N of M" line in the flow after
               the last body line, a table whose cells wrap [chromium]
- groff        ms macros, justified and hyphenated, "- N -" page numbers [groff]
- pdflatex     twocolumn article with a narrow gutter, a table with wrapping p{} cells
               [texlive-latex-base texlive-fonts-recommended]
- pdflatex-t1  the same in T1 font encoding: bitmap Type3 fonts with numbered glyph names
               and no ToUnicode (where cm-super is not installed)

Every page ends in the middle of a term that continues on the next page ("county" / "lines",
"online" / "harm", ...): the truth counts it on the page where it starts (spec rule 5).
Traps that must not count: gangway, gangster, CSEC, deradicalisation, the page numbers.
Deterministic: the same text every run (the producers may add dates to metadata only).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = os.path.join(HERE, "..", "..", "lexicons", "efrh.toml")

# The body text of each page. A page may end in the middle of a term (the producer breaks the
# page there); the next page continues it.
PAGES = [
    "Local partners should understand how Contextual Safeguarding responds to harm in the "
    "places where young people spend time. Practitioners assess peer groups, schools and "
    "transport hubs, and they record concerns about child sexual exploitation and child "
    "criminal exploitation. A gangway near the station is not a risk in itself, and the CSEC "
    "survey is a different matter. Where a child goes missing from home, the return interview "
    "explores the exploitation of children by adults. The partnership considers "
    "trauma-informed practice in every review, and it notes that deradicalisation programmes "
    "are outside this guidance. Serious youth violence, online harm and modern slavery are "
    "recorded separately for each area. Neighbourhood intelligence about Contextual "
    "Safeguarding interventions is shared with the police, and the review of county",
    "lines activity, which moves drugs from cities to coastal towns, is reviewed monthly. "
    "Transitional Safeguarding links the services for children and for adults, so that young "
    "people moving into adulthood keep their support. Multidisciplinary radicalisation "
    "prevention, extra-familial harm assessments and human trafficking referrals are "
    "coordinated by the designated safeguarding partners, who also consider adverse childhood "
    "experiences. Contextual Safeguarding assessments, Contextual Safeguarding panels and "
    "Contextual Safeguarding training are commissioned together. Gangster films shown in "
    "schools are not evidence of gang affiliation. Practitioners describe the responses to "
    "online",
    "harm that they have commissioned, and the partnership publishes its understanding of "
    "peer-on-peer abuse, harmful sexual behaviour and child-on-child abuse every year. "
    "Professionals understand that Transitional Safeguarding arrangements, trauma-informed "
    "supervision and Contextual Safeguarding approaches complement statutory responsibilities. "
    "Exploitation of young people, child trafficking and modern slavery are considered at the "
    "multi-agency meeting, which also examines the characteristics of extra-familial "
    "environments and the neighbourhoods where child sexual",
    "exploitation was identified. Independent reviewers recommended strengthening Contextual "
    "Safeguarding, Transitional Safeguarding and trauma-informed commissioning across the "
    "region, and asked partners to report on county lines, serious youth violence and the "
    "children who went missing from care during the year.",
]

# Table rows (chromium and pdflatex): each cell wraps inside its column.
TABLE = [
    ["Responding to child criminal exploitation in the local area",
     "Partners map county lines and the places where young people meet",
     "Reviewed by the Contextual Safeguarding lead"],
    ["Planning for Transitional Safeguarding at sixteen to twenty-five",
     "Trauma-informed practice supervision for every practitioner",
     "Online harm and online grooming awareness for parents"],
]
TABLE_TEXT = " ".join(" ".join(row) for row in TABLE)


def load_concepts():
    with open(LEXICON, "rb") as f:
        lex = tomllib.load(f)
    out = []
    for c in lex["concept"]:
        pats = []
        for t in c.get("terms", []):
            pats.append((t, True))
        for a in c.get("acronyms", []):
            pats.append((a, False))
        out.append((c["id"], pats))
    return out


def concept_regexes(concepts):
    """An independent reading of the spec's matching rules 2-4 as Python regexes: whole
    words, any run of spaces/hyphens/line breaks between a term's words, longest
    alternative first (leftmost-longest), case-insensitive terms, case-sensitive acronyms."""
    out = []
    for cid, pats in concepts:
        ci, cs = [], []
        for text, insensitive in sorted(pats, key=lambda p: -len(p[0])):
            words = re.split(r"[\s\-]+", text.strip())
            body = r"[\s\-]+".join(re.escape(w) for w in words)
            (ci if insensitive else cs).append(body)
        regs = []
        if ci:
            regs.append(re.compile(r"(?<![^\W_])(?:" + "|".join(ci) + r")(?![^\W_])", re.I))
        if cs:
            regs.append(re.compile(r"(?<![^\W_])(?:" + "|".join(cs) + r")(?![^\W_])"))
        out.append((cid, regs))
    return out


def truth(pages, regexes):
    """Per page, per concept: occurrences starting on that page (pages joined by a line
    break, so a term running over a break counts on the page where it starts)."""
    text = ""
    starts = []
    for p in pages:
        starts.append(len(text))
        text += p + "\n"
    counts = [dict() for _ in pages]
    for cid, regs in regexes:
        spans = []
        for r in regs:
            spans.extend(m.span() for m in r.finditer(text))
        # one concept: leftmost-longest without overlap across its two regexes
        spans.sort(key=lambda s: (s[0], -s[1]))
        end = -1
        for s, e in spans:
            if s < end:
                continue
            end = e
            page = max(i for i, st in enumerate(starts) if st <= s)
            counts[page][cid] = counts[page].get(cid, 0) + 1
    return counts


def esc_xml(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(cmd, cwd, timeout=300):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    if r.returncode != 0:
        sys.stderr.write(r.stdout.decode("utf-8", "replace")[-2000:])
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode})")


def libreoffice(out, work):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return None
    paras = []
    n = len(PAGES)
    for i, p in enumerate(PAGES):
        brk = ' text:style-name="Break"' if i > 0 else ' text:style-name="Body"'
        paras.append(f"<text:p{brk}>{esc_xml(p)}</text:p>")
        paras.append(f'<text:p text:style-name="PageNo">Page {i + 1}</text:p>')
    del n
    fodt = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"
   xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt"
    fo:language="en" fo:country="GB" fo:hyphenate="true"
    fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
 </style:default-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="10.5cm" fo:page-height="14.8cm"
    fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.4cm"
    fo:margin-right="1.4cm"/>
 </style:page-layout>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="Break" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:break-before="page"
    fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="PageNo" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm"/>
  <style:text-properties fo:font-size="8pt" fo:hyphenate="false"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1"/>
</office:master-styles>
<office:body><office:text>
{chr(10).join(paras)}
</office:text></office:body></office:document>
"""
    src = os.path.join(work, "libreoffice.fodt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(fodt)
    run([exe, "--headless", f"-env:UserInstallation=file://{work}/lo-profile",
         "--convert-to", "pdf", "--outdir", work, src], work)
    shutil.copy(os.path.join(work, "libreoffice.pdf"), os.path.join(out, "libreoffice.pdf"))
    return list(PAGES)


def chromium(out, work):
    exe = shutil.which("chromium") or shutil.which("chromium-browser") \
        or shutil.which("google-chrome")
    if not exe:
        return None
    pages = list(PAGES) + [TABLE_TEXT]
    n = len(pages)
    body = []
    for i, p in enumerate(PAGES):
        body.append(f'<div class="page"><p>{esc_xml(p)}</p></div>')
        body.append(f'<p class="pn">Page {i + 1} of {n}</p>')
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc_xml(c)}</td>" for c in row) + "</tr>" for row in TABLE)
    body.append(f'<table>{rows}</table><p class="pn">Page {n} of {n}</p>')
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>producer test</title><style>
@page {{ size: A5; margin: 15mm; }}
body {{ font-family: 'Liberation Sans', sans-serif; font-size: 10.5pt; text-align: justify; }}
p.pn {{ font-size: 8pt; text-align: center; margin: 4pt 0 0 0; break-after: page; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border: 1px solid #888; width: 33%; vertical-align: top; padding: 3pt;
      text-align: left; }}
</style></head><body>
{chr(10).join(body)}
</body></html>
"""
    src = os.path.join(work, "chromium.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    pdf = os.path.join(out, "chromium.pdf")
    run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={work}/chromium-profile", f"--print-to-pdf={pdf}",
         "file://" + src], work)
    return pages


def groff(out, work):
    exe = shutil.which("groff")
    if not exe or not (shutil.which("gropdf") or shutil.which("ps2pdf")):
        return None
    lines = [".nr PS 11", ".nr LL 4i", ".hy 4", ".ad b"]
    for i, p in enumerate(PAGES):
        if i > 0:
            lines.append(".bp")
        lines.append(".LP")
        # a line starting with a dot or quote would be a request
        lines.append(p.replace("\\", "\\\\"))
    src = os.path.join(work, "groff.ms")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    pdf = os.path.join(out, "groff.pdf")
    if shutil.which("gropdf"):
        with open(pdf, "wb") as f:
            r = subprocess.run([exe, "-ms", "-Tpdf", src], stdout=f, cwd=work, timeout=120)
        if r.returncode != 0:
            raise RuntimeError("groff failed")
    else:
        ps = os.path.join(work, "groff.ps")
        with open(ps, "wb") as f:
            subprocess.run([exe, "-ms", "-Tps", src], stdout=f, cwd=work, timeout=120,
                           check=True)
        run(["ps2pdf", ps, pdf], work)
    return list(PAGES)


def pdflatex(out, work, name="pdflatex", preamble=""):
    exe = shutil.which("pdflatex")
    if not exe:
        return None

    def tex(s):
        return s.replace("&", "\\&").replace("%", "\\%").replace("_", "\\_")

    pages = list(PAGES) + [TABLE_TEXT]
    parts = []
    for i, p in enumerate(PAGES):
        if i > 0:
            # \clearpage mid-sentence: the term continues on the next page
            parts.append("\\clearpage")
        parts.append(tex(p))
    table = "\\\\ \\hline\n".join(" & ".join(tex(c) for c in row) for row in TABLE)
    doc = f"""\\documentclass[twocolumn,11pt]{{article}}
\\usepackage[paperwidth=110mm,paperheight=150mm,margin=8mm,bottom=12mm,columnsep=3mm]{{geometry}}
\\usepackage[british]{{babel}}
{preamble}\\pagestyle{{plain}}
\\begin{{document}}
{chr(10).join(parts)}
\\clearpage
\\onecolumn
\\noindent\\begin{{tabular}}{{|p{{3.2cm}}|p{{3.2cm}}|p{{3.2cm}}|}}\\hline
{table}\\\\ \\hline
\\end{{tabular}}
\\end{{document}}
"""
    src = os.path.join(work, f"{name}.tex")
    with open(src, "w", encoding="utf-8") as f:
        f.write(doc)
    run([exe, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"], work)
    shutil.copy(os.path.join(work, f"{name}.pdf"), os.path.join(out, f"{name}.pdf"))
    return pages


def pdflatex_t1(out, work):
    """The pdflatex document in T1 (Cork) font encoding. Without the cm-super Type1 fonts
    (not installed by texlive-latex-base), pdfTeX embeds bitmap Type3 fonts whose glyphs are
    named after their codes (/a97), with no ToUnicode."""
    return pdflatex(out, work, "pdflatex-t1", "\\usepackage[T1]{fontenc}\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = os.path.abspath(sys.argv[1])
    work = os.path.join(out, "work")
    os.makedirs(work, exist_ok=True)
    regexes = concept_regexes(load_concepts())
    result = {}
    for name, f in [("libreoffice", libreoffice), ("chromium", chromium), ("groff", groff),
                    ("pdflatex", pdflatex), ("pdflatex-t1", pdflatex_t1)]:
        try:
            pages = f(out, work)
        except Exception as e:  # a producer that fails is reported, the others still run
            print(f"{name}: failed: {e}", file=sys.stderr)
            continue
        if pages is None:
            print(f"{name}: not installed, skipped", file=sys.stderr)
            continue
        result[f"{name}.pdf"] = {"counts": truth(pages, regexes), "texts": pages}
        print(f"{name}: {len(pages)} pages", file=sys.stderr)
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
