#!/usr/bin/env python3
"""End-to-end checks of real PDFs with qpdf, poppler (pdfinfo, pdffonts,
pdftotext), MuPDF and Ghostscript. Usage: check.py OUTDIR LEAFLET_BIN LEAFLET_YAML STAFF_YAML.
Prints `ok NAME` / `FAIL NAME: why` and ends with `e2e: N ok, M bad`."""
import os, re, subprocess, sys, html

ok = bad = 0
def check(name, cond, why=""):
    global ok, bad
    if cond:
        ok += 1
    else:
        bad += 1
        print(f"FAIL {name}: {why}")
    return cond

def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u00ad\-\u2010]+")
def norm(s):
    return SPACES.sub("", html.unescape(s))

def words_bbox(pdf):
    """[(page, xMin, yMin, xMax, yMax, text)] in content order, y from the top."""
    r = run("pdftotext", "-bbox", pdf, "-")
    out, page = [], 0
    for line in r.stdout.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            out.append((page, float(m[1]), float(m[2]), float(m[3]), float(m[4]), html.unescape(m[5])))
    return out

def lines_bbox(pdf):
    """Text lines: [(page, [words])] from -bbox-layout."""
    r = run("pdftotext", "-bbox-layout", pdf, "-")
    out, page, cur = [], 0, None
    for line in r.stdout.splitlines():
        if "<page " in line:
            page += 1
        if "<line " in line:
            cur = []
        m = re.search(r"<word [^>]*>(.*)</word>", line)
        if m and cur is not None:
            cur.append(html.unescape(m[1]))
        if "</line>" in line and cur is not None:
            out.append((page, cur))
            cur = None
    return out

def column_text(pdf, npages, left):
    """The text of one half of every page, pages in order."""
    x, w = (0, int(PAGE_W / 2)) if left else (int(PAGE_W / 2), int(PAGE_W / 2) + 1)
    parts = []
    for p in range(1, npages + 1):
        r = run("pdftotext", "-f", str(p), "-l", str(p), "-x", str(x), "-y", "0", "-W", str(w),
                "-H", str(int(PAGE_H) + 1), pdf, "-")
        parts.append(r.stdout)
    return "".join(parts)

def pdfinfo(pdf):
    r = run("pdfinfo", pdf)
    info = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info, r

def dump_text(binary, leaflet, extra=()):
    r = run(binary, "--dump-text", *extra, leaflet)
    rows = []
    for line in r.stdout.splitlines():
        lid, where, lang, text = line.split("\t", 3)
        rows.append((where, lang, text))
    return rows

def common_checks(name, pdf):
    r = run("qpdf", "--check", pdf)
    check(f"{name} qpdf --check", r.returncode == 0, r.stdout[-300:] + r.stderr[-300:])
    r = run("pdffonts", pdf)
    rows = r.stdout.splitlines()[2:]
    check(f"{name} has fonts", len(rows) > 0, r.stdout)
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object ID: emb, sub, uni are the three before the last two
        check(f"{name} font embedded with ToUnicode", cols[-5] == "yes" and cols[-3] == "yes", row)
    info, r = pdfinfo(pdf)
    check(f"{name} A4", re.match(r"595\.2[78]\d* x 841\.89\d* pts", info.get("Page size", "")) is not None, info.get("Page size"))
    r = run("pdftotext", pdf, "-")
    check(f"{name} poppler prints no warning", r.stderr.strip() == "", r.stderr[:300])
    return info

def readers_checks(name, pdf, expect):
    """Three readers that decode text each their own way (poppler, MuPDF,
    Ghostscript) give back the same characters: the office fonts' one-byte
    encoding is an embedded CMap, and MuPDF looks CIDs up as codes."""
    readers = {
        "poppler": ["pdftotext", "-enc", "UTF-8", pdf, "-"],
        "MuPDF": ["mutool", "draw", "-q", "-F", "txt", pdf],
        "Ghostscript": ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                        "-sOutputFile=-", pdf],
    }
    for reader, cmd in readers.items():
        r = run(*cmd)
        t = norm(r.stdout)
        check(f"{name} {reader} extracts the text", r.returncode == 0 and len(t) > 1000, r.stderr[-300:])
        check(f"{name} {reader} has no unknown character", "\ufffd" not in t, t[:200])
        check(f"{name} {reader} reads the CMaps without a warning", "CMap" not in r.stderr, r.stderr[-300:])
        for e in expect:
            check(f"{name} {reader} finds {e!r}", norm(e) in t, t[:200])

def text_checks(name, pdf, npages, rows, langs, parallel):
    """Every text of every language comes back exactly, in its column."""
    if parallel:
        cols = {langs[0]: norm(column_text(pdf, npages, True)), langs[1]: norm(column_text(pdf, npages, False))}
    else:
        whole = norm(run("pdftotext", pdf, "-").stdout)
        cols = {l: whole for l in langs}
    for where, lang, text in rows:
        if lang not in cols:
            continue
        check(f"{name} text {where} {lang}", norm(text) in cols[lang], f"not found: {text[:90]!r}")

def typography_checks(name, pdf):
    starts, ends, n = [], [], 0
    for page, words in lines_bbox(pdf):
        if not words:
            continue
        n += 1
        if words[0][0] in ";:!?»":
            starts.append(f"page {page}: {' '.join(words)[:80]!r}")
        if words[-1].endswith("«"):
            ends.append(f"page {page}: {' '.join(words)[:80]!r}")
    check(f"{name} lines found", n > 50, str(n))
    check(f"{name} no line starts with ; : ! ? »", not starts, "; ".join(starts[:5]))
    check(f"{name} no line ends with «", not ends, "; ".join(ends[:5]))

def geometry_checks(name, pdf, parallel):
    margin = 12 * MM
    gutter_l, gutter_r = PAGE_W / 2 - 3 * MM, PAGE_W / 2 + 3 * MM
    outside, crossing = [], []
    words = words_bbox(pdf)
    for (page, x0, y0, x1, y1, t) in words:
        if not (x0 >= margin - 0.5 and x1 <= PAGE_W - margin + 0.5 and y0 >= margin - 0.5 and y1 <= PAGE_H - margin + 0.5):
            outside.append(f"page {page} {t!r} at {x0:.1f},{y0:.1f}-{x1:.1f},{y1:.1f}")
        body = y1 < PAGE_H - 45 * MM  # above the footer band
        if parallel and body and x0 < gutter_l and x1 > gutter_r:
            crossing.append(f"page {page} {t!r} ({x0:.1f}-{x1:.1f})")
    check(f"{name} words found", len(words) > 500, str(len(words)))
    check(f"{name} every word inside the page margins (12 mm)", not outside, "; ".join(outside[:5]))
    if parallel:
        check(f"{name} no word crosses the column gutter", not crossing, "; ".join(crossing[:5]))

def find_block(words, start, text):
    """Index of the first word at or after start where text begins."""
    target = norm(text)
    for i in range(start, len(words)):
        acc = ""
        for j in range(i, min(i + 12, len(words))):
            acc += norm(words[j][5])
            if not target.startswith(acc):
                break
            if len(acc) >= min(len(target), 12):
                return i
    return -1

def alignment_checks(name, pdf, rows, langs):
    words = words_bbox(pdf)
    left = [w for w in words if w[3] <= PAGE_W / 2]
    right = [w for w in words if w[1] >= PAGE_W / 2]
    blocks = {}
    for where, lang, text in rows:
        if where in ("title", "subtitle") or "." in where.split(":")[0]:
            pass
        key = where.split(".")[0] if ":bullets" in where else where
        if ":bullets" in where and where.count(".") != 1:
            continue
        blocks.setdefault(key, {}).setdefault(lang, text)
    pos = {langs[0]: 0, langs[1]: 0}
    src = {langs[0]: left, langs[1]: right}
    n = 0
    for key, texts in blocks.items():
        if key in ("title", "subtitle"):
            continue
        found = {}
        for lang in langs:
            i = find_block(src[lang], pos[lang], texts[lang])
            found[lang] = i
            if i >= 0:
                pos[lang] = i + 1
        a, b = found[langs[0]], found[langs[1]]
        if not check(f"{name} block {key} found in both columns", a >= 0 and b >= 0, f"{texts}"):
            continue
        wa, wb = src[langs[0]][a], src[langs[1]][b]
        n += 1
        check(f"{name} block {key} starts at the same height in both languages",
              wa[0] == wb[0] and abs(wa[4] - wb[4]) < 0.6,
              f"{langs[0]} page {wa[0]} y {wa[4]:.2f} vs {langs[1]} page {wb[0]} y {wb[4]:.2f}")
    check(f"{name} alignment checked on blocks", n >= 5, f"only {n}")

def footer_xobject_checks(name, pdf, npages, least):
    """The footer, the same on every page, is written once: one Form
    XObject that the pages draw (footer_checks reads its text on each); at
    least `least` of them (a page whose last artifacts go on from the
    footer, as the generic card's lines to write on, draws its own)."""
    q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True).stdout
    check(f"{name} one Form XObject", q.count(b"/Subtype /Form") == 1, str(q.count(b"/Subtype /Form")))
    n = q.count(b"/Footer Do")
    check(f"{name} {least} of {npages} pages draw the footer", least <= n <= npages, str(n))

def footer_checks(name, pdf, npages, expect):
    for p in range(1, npages + 1):
        t = run("pdftotext", "-f", str(p), "-l", str(p), pdf, "-").stdout
        flat = re.sub(r"\s+", " ", t.replace("\u00a0", " ").replace("\u202f", " "))
        for e in expect + [f"page {p} / {npages}"]:
            check(f"{name} footer on page {p} has {e!r}", e in flat, flat[-400:])

def main():
    out, binary, leaflet, staff = sys.argv[1:5]
    lid = os.path.basename(leaflet)[:-5]
    d = os.path.join(out, lid)
    rows = dump_text(binary, leaflet)
    langs = []
    for _, lang, _ in rows:
        if lang not in langs:
            langs.append(lang)
    check("dump-text gives both languages", langs == ["fr", "en"], str(langs))
    # 1. the batch: one PDF per staff member plus generic, checksums
    expected = ["zoe", "huong", "generic"]
    for rid in expected:
        check(f"{rid} written", os.path.exists(os.path.join(d, f"{rid}-fr-en-office.pdf")))
    check("no temporary file left", not [f for f in os.listdir(d) if ".tmp" in f], str(os.listdir(d)))
    r = run("sha256sum", "-c", "SHA256SUMS", cwd=d)
    check("SHA256SUMS verifies", r.returncode == 0, r.stdout + r.stderr)
    listed = len(open(os.path.join(d, "SHA256SUMS")).read().splitlines())
    check("SHA256SUMS lists every PDF", listed == len([f for f in os.listdir(d) if f.endswith(".pdf")]))
    # 2. each PDF
    for rid in expected:
        pdf = os.path.join(d, f"{rid}-fr-en-office.pdf")
        if not os.path.exists(pdf):
            continue
        info = common_checks(rid, pdf)
        npages = int(info.get("Pages", "0"))
        check(f"{rid} pages", 1 <= npages <= 8, str(npages))
        check(f"{rid} title", "Immunothérapie" in info.get("Title", ""), info.get("Title"))
        text_checks(rid, pdf, npages, rows, langs, True)
        typography_checks(rid, pdf)
        geometry_checks(rid, pdf, True)
        footer_xobject_checks(rid, pdf, npages, npages - 1 if rid == "generic" else npages)
        if rid == "zoe":
            alignment_checks(rid, pdf, rows, langs)
            footer_checks(rid, pdf, npages, ["Dr Zoë Lefèvre-Łukasiewicz", "Intitulé du poste", "Job title",
                                             "Oncologue médicale", "Medical oncologist", "Spécialité", "Specialty",
                                             "Immunothérapie des cancers", "Lieu d’exercice", "Place of practice",
                                             "+33 1 99 00 11 22", "zoe.lefevre@example.org", "Hôpital d’Essai"])
            readers_checks(rid, pdf, ["Dr Zoë Lefèvre-Łukasiewicz", "l’immunothérapie", "Nguyễn", "34–56", "☎"])
            t = norm(run("pdftotext", pdf, "-").stdout)
            check("zoe fallback font: ☎ (not in Noto Sans) is printed and extracted", "☎" in t)
            check("zoe contact card has the publication", norm("Lefèvre Z, Nguyễn T. Immune checkpoints in practice. J Onc Care. 2024;12:34–56.") in t)
        if rid == "huong":
            footer_checks(rid, pdf, npages, ["Nguyễn Thị Hương", "Intitulé du poste", "Infirmière de coordination",
                                             "huong.nguyen@example.org"])
            t = run("pdftotext", pdf, "-").stdout
            check("huong has no specialty line", "Spécialité" not in t)
        if rid == "generic":
            footer_checks(rid, pdf, npages, ["Votre contact / Your contact", "Nom / Name"])
    print(f"e2e: {ok} ok, {bad} bad")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
