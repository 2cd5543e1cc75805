#!/usr/bin/env python3
"""Checks of the print (PDF/X-4) and archive (PDF/A-2u) profiles, with the
standard library and Debian command-line tools only (qpdf, poppler-utils,
ghostscript). The PDF is read through `qpdf --json`; content streams are
parsed here (a small content-stream lexer and graphics-state interpreter).

Usage:
  pdfprofile.py print   PDF [options]
  pdfprofile.py archive PDF [options]
  pdfprofile.py office  PDF
options:
  --leaflet YAML --bin LEAFLET   compare the text with `LEAFLET --dump-text YAML`
  --ref R --version V --published D --review D --recipient ID
  --langs fr-FR,en-GB            language tags expected in the XMP
  --date 2023-11-14T22:13:20     expected creation date (UTC)
Prints `ok NAME` or `FAIL NAME: why` per check; the calling suite counts them.
Exit status 0 when every check passed, 1 otherwise."""
import base64
import datetime
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

MM = 72 / 25.4
A4 = (595.28, 841.89)
BLEED = 3 * MM
TOL = 0.02

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "leaflet": "https://example.org/ns/leaflet/1.0/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Schemas PDF/A-2 predefines (ISO 19005-2, 6.6.2.3.1): others need a pdfaExtension description.
PREDEFINED = {NS[k] for k in ("x", "rdf", "dc", "xmp", "pdf", "pdfaid", "xmpMM", "pdfaExtension",
                              "pdfaSchema", "pdfaProperty")} | {
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/bj/",
    "http://ns.adobe.com/xap/1.0/t/pg/", "http://ns.adobe.com/xap/1.0/g/img/",
    "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/camera-raw-settings/1.0/", "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "http://ns.adobe.com/xap/1.0/sType/Version#",
    "http://ns.adobe.com/xap/1.0/sType/Font#", "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
    "http://ns.adobe.com/xap/1.0/sType/Job#", "http://ns.adobe.com/xap/1.0/g/",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/"}

ok_count = bad_count = 0


def check(name, cond, why=""):
    global ok_count, bad_count
    if cond:
        ok_count += 1
        print(f"ok {name}")
    else:
        bad_count += 1
        print(f"FAIL {name}: {why}")
    return bool(cond)


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, **kw)


# --------------------------------------------------------------------------
# The PDF's objects, from qpdf --json (raw stream dictionaries; Flate decoded
# here, so that /Filter stays visible).

REF = re.compile(r"^\d+ \d+ R$")


class Pdf:
    def __init__(self, path):
        self.path = path
        self.bytes = open(path, "rb").read()
        r = run("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=none", path)
        if r.returncode not in (0, 3):
            raise RuntimeError(f"qpdf --json failed: {r.stderr.decode()[:300]}")
        j = json.loads(r.stdout)
        self.objs = j["qpdf"][1]
        self.trailer = self.objs["trailer"]["value"]
        self.page_refs = [p["object"] for p in j["pages"]]
        self.catalog = self.get(self.trailer.get("/Root"))
        self.info = self.get(self.trailer.get("/Info")) or {}

    def entry(self, ref):
        return self.objs.get("obj:" + ref)

    def get(self, x):
        """Resolve an indirect reference; a stream gives its dictionary."""
        if isinstance(x, str) and REF.match(x):
            o = self.entry(x)
            if o is None:
                return None
            if "stream" in o:
                return o["stream"]["dict"]
            return o.get("value")
        return x

    def stream(self, ref):
        """(dictionary, decoded bytes) of the stream object ref."""
        o = self.entry(ref)
        if not o or "stream" not in o:
            return None, None
        d = o["stream"]["dict"]
        data = base64.b64decode(o["stream"].get("data", ""))
        filters = d.get("/Filter")
        if isinstance(filters, str):
            filters = [filters]
        for f in filters or []:
            if f == "/FlateDecode":
                data = zlib.decompress(data)
            else:
                raise RuntimeError(f"stream {ref}: filter {f} not handled")
        return d, data

    def page(self, i):
        return self.get(self.page_refs[i])

    def inherited(self, page, key):
        while page is not None:
            if key in page:
                return self.get(page[key])
            page = self.get(page.get("/Parent"))
        return None

    def contents(self, page):
        c = page.get("/Contents")
        refs = c if isinstance(c, list) else [c]
        return b"\n".join(self.stream(r)[1] for r in refs if r)


def text_value(v):
    """A PDF string from qpdf's JSON: u:text or b:hex."""
    if not isinstance(v, str):
        return None
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    return None


def pdf_date(s):
    """D:YYYYMMDDHHmmSS+HH'mm' → aware datetime, or None."""
    m = re.match(r"^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:(Z)|([+-])(\d\d)'(\d\d)'?)?$", s or "")
    if not m:
        return None
    tz = datetime.timezone.utc
    if m[8]:
        off = datetime.timedelta(hours=int(m[9]), minutes=int(m[10]))
        tz = datetime.timezone(off if m[8] == "+" else -off)
    return datetime.datetime(*(int(m[i]) for i in range(1, 7)), tzinfo=tz)


def xmp_date(s):
    try:
        return datetime.datetime.fromisoformat((s or "").replace("Z", "+00:00"))
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Content streams: a lexer and a small interpreter.

DELIM = b"()<>[]{}/%"
WS = b" \t\r\n\f\x00"


def lex(data):
    """Yield tokens: ('num', float) ('name', str) ('str', bytes) ('op', str)
    ('[',) (']',) ('<<',) ('>>',)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c in WS:
            i += 1
        elif c == 0x25:  # %
            while i < n and data[i] not in b"\r\n":
                i += 1
        elif c == 0x2F:  # /
            j = i + 1
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            yield ("name", data[i + 1:j].decode("latin-1"))
            i = j
        elif c == 0x28:  # (
            depth, j, out = 1, i + 1, bytearray()
            while j < n and depth:
                ch = data[j]
                if ch == 0x5C and j + 1 < n:
                    e = data[j + 1]
                    esc = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}
                    if e in esc:
                        out.append(esc[e])
                        j += 2
                    elif 0x30 <= e <= 0x37:
                        k = j + 1
                        while k < n and k < j + 4 and 0x30 <= data[k] <= 0x37:
                            k += 1
                        out.append(int(data[j + 1:k], 8) & 255)
                        j = k
                    elif e in b"\r\n":
                        j += 2
                    else:
                        out.append(e)
                        j += 2
                    continue
                if ch == 0x28:
                    depth += 1
                elif ch == 0x29:
                    depth -= 1
                    if depth == 0:
                        break
                out.append(ch)
                j += 1
            yield ("str", bytes(out))
            i = j + 1
        elif c == 0x3C:  # <
            if data[i:i + 2] == b"<<":
                yield ("<<",)
                i += 2
            else:
                j = data.index(b">", i)
                h = re.sub(rb"\s", b"", data[i + 1:j])
                if len(h) % 2:
                    h += b"0"
                yield ("str", bytes.fromhex(h.decode()))
                i = j + 1
        elif c == 0x3E:
            yield (">>",)
            i += 2
        elif c in b"[]":
            yield (chr(c),)
            i += 1
        else:
            j = i
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            w = data[i:j].decode("latin-1")
            i = j
            if re.match(r"^[+-]?(\d+\.?\d*|\.\d+)$", w):
                yield ("num", float(w))
            else:
                yield ("op", w)
                if w == "BI":  # inline image: its data is not tokens
                    k = data.find(b"EI", i)
                    i = n if k < 0 else k + 2


def operations(data):
    """[(operator, operands)]; arrays become lists."""
    ops, stack, arrays = [], [], []
    for t in lex(data):
        if t[0] == "[":
            arrays.append(stack)
            stack = []
        elif t[0] == "]":
            inner, stack = stack, arrays.pop() if arrays else []
            stack.append(inner)
        elif t[0] in ("<<", ">>"):
            stack.append(t[0])
        elif t[0] == "op":
            ops.append((t[1], stack))
            stack = []
        else:
            stack.append(t[1])
    return ops


def mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def apply(m, x, y):
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class ToUnicode:
    def __init__(self, data):
        self.map = {}
        self.width = 2
        text = data.decode("latin-1")
        for block in re.findall(r"begincodespacerange(.*?)endcodespacerange", text, re.S):
            h = re.findall(r"<([0-9A-Fa-f]+)>", block)
            if h:
                self.width = len(h[0]) // 2
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                self.map[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
                lo, hi = int(lo, 16), int(hi, 16)
                if dst.startswith("["):
                    for k, d in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", dst)):
                        self.map[lo + k] = bytes.fromhex(d).decode("utf-16-be", "replace")
                else:
                    base = bytearray(bytes.fromhex(dst[1:-1]))
                    for code in range(lo, hi + 1):
                        b = bytearray(base)
                        v = int.from_bytes(b[-2:], "big") + (code - lo)
                        b[-2:] = (v & 0xffff).to_bytes(2, "big")
                        self.map[code] = bytes(b).decode("utf-16-be", "replace")


class Page:
    """What one page draws: colour operators, text shown, paths painted."""

    def __init__(self, pdf, index):
        self.pdf = pdf
        self.index = index
        self.dict = pdf.page(index)
        res = pdf.inherited(self.dict, "/Resources") or {}
        self.resources = res
        self.fonts = {}
        for name, ref in (pdf.get(res.get("/Font")) or {}).items():
            self.fonts[name[1:]] = ref
        self.colour_ops = []   # (op, operands)
        self.texts = []        # (font name, codes, unicode text, fill colour)
        self.paths = []        # (paint op, [points], line width, fill, stroke, ctm-applied bbox)
        self.other_ops = set()
        self.run(pdf.contents(self.dict))

    def run(self, data):
        ctm = [1, 0, 0, 1, 0, 0]
        stack = []
        fill, stroke, lw = ("g", (0.0,)), ("G", (0.0,)), 1.0
        font = None
        path = []
        tounicode = {}
        for op, a in operations(data):
            if op == "q":
                stack.append((ctm, fill, stroke, lw))
            elif op == "Q":
                if stack:
                    ctm, fill, stroke, lw = stack.pop()
            elif op == "cm" and len(a) == 6:
                ctm = mul([float(v) for v in a], ctm)
            elif op in ("k", "K", "rg", "RG", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN"):
                self.colour_ops.append((op, a))
                vals = tuple(v for v in a if isinstance(v, float))
                if op in ("k", "rg", "g", "sc", "scn", "cs"):
                    fill = (op, vals)
                else:
                    stroke = (op, vals)
            elif op == "w" and a:
                lw = a[0]
            elif op == "m" and len(a) == 2:
                path.append([apply(ctm, a[0], a[1])])
            elif op == "l" and len(a) == 2 and path:
                path[-1].append(apply(ctm, a[0], a[1]))
            elif op == "c" and len(a) == 6 and path:
                path[-1].extend(apply(ctm, a[i], a[i + 1]) for i in (0, 2, 4))
            elif op in ("v", "y") and len(a) == 4 and path:
                path[-1].extend(apply(ctm, a[i], a[i + 1]) for i in (0, 2))
            elif op == "re" and len(a) == 4:
                x, y, w, h = a
                path.append([apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h),
                             apply(ctm, x, y + h)])
            elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
                if op != "n":
                    self.paths.append((op, path, lw * (abs(ctm[0]) or 1), fill, stroke))
                path = []
            elif op == "h":
                pass
            elif op == "Tf" and len(a) == 2:
                font = a[0]
                if font not in tounicode:
                    tounicode[font] = self.tounicode(font)
            elif op in ("Tj", "'", '"', "TJ"):
                strs = [s for s in (a[-1] if op == "TJ" and a and isinstance(a[-1], list) else a[-1:])
                        if isinstance(s, bytes)]
                codes = b"".join(strs)
                tu = tounicode.get(font)
                self.texts.append((font, codes, self.decode(tu, codes), fill))
            elif op in ("BT", "ET", "Tm", "Td", "TD", "T*", "Tc", "Tw", "Tz", "TL", "Ts", "Tr",
                        "W", "W*", "J", "j", "M", "d", "ri", "i"):
                pass
            elif op in ("BDC", "BMC", "EMC", "MP", "DP"):
                pass  # marked content (tagged PDF)
            else:
                self.other_ops.add(op)

    def tounicode(self, name):
        ref = self.fonts.get(name)
        fd = self.pdf.get(ref) if ref else None
        if not fd or "/ToUnicode" not in fd:
            return None
        return ToUnicode(self.pdf.stream(fd["/ToUnicode"])[1])

    @staticmethod
    def decode(tu, codes):
        if tu is None:
            return None
        w = tu.width
        out = []
        for i in range(0, len(codes) - w + 1, w):
            out.append(tu.map.get(int.from_bytes(codes[i:i + w], "big"), "\ufffd"))
        return "".join(out)


def box(page, pdf, key):
    b = pdf.inherited(page, key)
    if b is None and key in ("/CropBox", "/BleedBox", "/TrimBox"):
        return box(page, pdf, "/MediaBox" if key == "/CropBox" else "/CropBox")
    x0, y0, x1, y1 = (float(v) for v in b)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def contains(outer, inner, tol=TOL):
    return (outer[0] <= inner[0] + tol and outer[1] <= inner[1] + tol and
            outer[2] >= inner[2] - tol and outer[3] >= inner[3] - tol)


def bbox(points):
    xs = [p[0] for sp in points for p in sp]
    ys = [p[1] for sp in points for p in sp]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


# --------------------------------------------------------------------------
# Checks shared by the profiles

SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u00ad\-\u2010]+")


def norm(s):
    return SPACES.sub("", html.unescape(s))


def fold(s):
    """Spaces of any width as one plain space (titles carry NBSP before » etc.)."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", s or "")


def dump_text(binary, leaflet):
    r = run(binary, "--dump-text", leaflet)
    rows = []
    for line in r.stdout.decode().splitlines():
        _, where, lang, text = line.split("\t", 3)
        rows.append((where, lang, text))
    return rows


def column_text(path, npages, trim, left):
    """The text of the left or right half of the trimmed page, every page."""
    x0, y0, x1, y1 = trim
    media_h = None
    parts = []
    for p in range(1, npages + 1):
        if media_h is None:
            info = run("pdfinfo", "-f", "1", "-l", "1", "-box", path).stdout.decode()
            m = re.search(r"MediaBox:\s+\S+\s+\S+\s+\S+\s+(\S+)", info)
            media_h = float(m[1])
        top = media_h - y1  # pdftotext measures from the top
        half = (x1 - x0) / 2
        x = x0 if left else x0 + half
        r = run("pdftotext", "-f", str(p), "-l", str(p), "-x", str(int(x)), "-y", str(int(top)),
                "-W", str(int(half) + 1), "-H", str(int(y1 - y0) + 1), path, "-")
        parts.append(r.stdout.decode())
    return "".join(parts)


def check_text(name, path, pdf, binary, leaflet):
    rows = dump_text(binary, leaflet)
    langs = []
    for _, lang, _ in rows:
        if lang not in langs:
            langs.append(lang)
    if not check(f"{name} dump-text gives two languages", len(langs) == 2 and len(rows) > 4, str(langs)):
        return rows
    trim = box(pdf.page(0), pdf, "/TrimBox")
    n = len(pdf.page_refs)
    cols = {langs[0]: norm(column_text(path, n, trim, True)),
            langs[1]: norm(column_text(path, n, trim, False))}
    missing = [(where, lang, text) for where, lang, text in rows if norm(text) not in cols[lang]]
    for lang in langs:
        miss = [f"{w}: {t[:60]!r}" for w, l, t in missing if l == lang]
        k = len([1 for _, l, _ in rows if l == lang])
        check(f"{name} every {lang} text extracts exactly from its column ({k} blocks)", not miss,
              "; ".join(miss[:4]))
    return rows


def xref_section(data):
    """(offset, end) of the bytes where the file's /ID is written: the classic
    trailer dictionary, or the cross-reference stream's dictionary (the object
    that startxref points at, up to its `stream` keyword)."""
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not m:
        return None
    x = int(m[1])
    if data.startswith(b"xref", x):
        t = data.find(b"trailer", x)
        return (t, m.start()) if t >= 0 else None
    s = data.find(b"stream", x)
    return (x, s) if re.match(rb"\d+ 0 obj\s*<<", data[x:x + 32]) and s > x else None


def check_id(name, pdf):
    ids = pdf.trailer.get("/ID")
    if not check(f"{name} trailer /ID has two strings", isinstance(ids, list) and len(ids) == 2, str(ids)):
        return
    # qpdf shows a byte string that happens to decode as text as u:…; read the
    # hex strings from the trailer (or the cross-reference stream's dictionary)
    data = pdf.bytes
    sec = xref_section(data)
    m = sec and re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", data[sec[0]:sec[1]])
    if not check(f"{name} trailer /ID written as two hex strings", m is not None):
        return
    a, b = bytes.fromhex(m[1].decode()), bytes.fromhex(m[2].decode())
    check(f"{name} /ID is 16 bytes, both parts equal", len(a) == 16 and a == b, f"{a.hex()} {b.hex()}")
    # Derived from the content: the MD5 of the file written with a zero /ID.
    t = sec[0] + m.start()
    zeroed = data[:t] + data[t:t + len(m[0])].replace(m[1], b"0" * 32).replace(m[2], b"0" * 32) + \
        data[t + len(m[0]):]
    check(f"{name} /ID is the MD5 of the file's bytes (not the clock)",
          hashlib.md5(zeroed).digest() == a, f"/ID {a.hex()}")


def check_layout(name, pdf):
    """Print and archive: libharu's classic file repacked (src/pdfpack.c):
    a cross-reference stream, every object that is not a stream in an
    object stream, every stream compressed but the XMP."""
    data = pdf.bytes
    sec = xref_section(data)
    xdict = data[sec[0]:sec[1]] if sec else b""
    check(f"{name} cross-reference stream (no xref table, no trailer keyword)",
          re.search(rb"/Type\s*/XRef", xdict) and b"trailer" not in xdict, repr(xdict[:80]))
    r = run("qpdf", "--show-xref", pdf.path)
    rows = r.stdout.decode().splitlines()
    loose, packed = [], 0
    for row in rows:
        m = re.match(r"(\d+)/0: (un)?compressed", row)
        if not m:
            continue
        if not m[2]:
            packed += 1
        elif "stream" not in (pdf.entry(f"{m[1]} 0 R") or {}):
            loose.append(m[1])
    check(f"{name} every object that is not a stream is in an object stream ({packed})",
          r.returncode == 0 and packed > 0 and not loose, f"outside: {loose[:10]}")
    md = pdf.catalog.get("/Metadata")
    raw = []
    for key, o in pdf.objs.items():
        d = o.get("stream", {}).get("dict") if isinstance(o, dict) else None
        if d is None or d.get("/Type") in ("/XRef", "/ObjStm"):
            continue
        if "/Filter" not in d and key != f"obj:{md}":
            raw.append(key)
    check(f"{name} every stream is compressed but the XMP", not raw, str(raw[:10]))


def check_fonts(name, pdf, pages):
    r = run("pdffonts", pdf.path)
    rows = r.stdout.decode().splitlines()[2:]
    check(f"{name} pdffonts lists fonts", rows, r.stdout.decode()[:200])
    for row in rows:
        c = row.split()
        check(f"{name} pdffonts: embedded and with ToUnicode: {c[0]}", c[-5] == "yes" and c[-3] == "yes", row)
    seen = {}
    for pg in pages:
        for fname, ref in pg.fonts.items():
            seen[ref] = fname
    for ref in sorted(seen):
        f = pdf.get(ref)
        label = f"{name} font {f.get('/BaseFont')}"
        desc = f
        if f.get("/Subtype") == "/Type0":
            desc = pdf.get((f.get("/DescendantFonts") or [None])[0]) or {}
            check(f"{label}: CIDFontType2 has a CIDToGIDMap", desc.get("/Subtype") != "/CIDFontType2"
                  or "/CIDToGIDMap" in desc, str(desc)[:200])
        fd = pdf.get(desc.get("/FontDescriptor")) or {}
        check(f"{label}: font program embedded",
              any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), str(fd)[:200])
        need = ["/Type", "/FontName", "/Flags", "/FontBBox", "/ItalicAngle", "/Ascent", "/Descent",
                "/CapHeight", "/StemV"]
        miss = [k for k in need if k not in fd]
        check(f"{label}: FontDescriptor complete (CapHeight included)", not miss, f"missing {miss}")
        check(f"{label}: has a ToUnicode CMap", "/ToUnicode" in f)
    # Every code shown maps to Unicode (not U+FFFD, not a control character).
    bad = []
    shown = 0
    for pg in pages:
        for font, codes, text, _ in pg.texts:
            shown += len(codes)
            if text is None:
                bad.append(f"page {pg.index + 1}: font {font} has no ToUnicode")
            elif "\ufffd" in text or any(ord(ch) < 0x20 for ch in text):
                bad.append(f"page {pg.index + 1}: {text[:40]!r}")
    check(f"{name} ToUnicode maps every code shown ({shown} bytes)", shown > 0 and not bad, "; ".join(bad[:3]))


def icc_header(name, pdf, intent, want_space, want_n, want_classes):
    ref = intent.get("/DestOutputProfile")
    d, data = pdf.stream(ref) if isinstance(ref, str) else (None, None)
    if not check(f"{name} OutputIntent embeds an ICC profile (DestOutputProfile stream)", data, str(ref)):
        return None
    check(f"{name} ICC stream /N {want_n}", d.get("/N") == want_n, str(d.get("/N")))
    hdr = data[:128]
    size = int.from_bytes(hdr[0:4], "big")
    check(f"{name} ICC header: size field = profile length ({len(data)})", size == len(data), str(size))
    check(f"{name} ICC header: 'acsp' signature", hdr[36:40] == b"acsp", repr(hdr[36:40]))
    check(f"{name} ICC header: major version 2 or 4", hdr[8] in (2, 4), str(hdr[8]))
    check(f"{name} ICC header: device class {want_classes}", hdr[12:16] in want_classes, repr(hdr[12:16]))
    check(f"{name} ICC header: colour space {want_space!r}", hdr[16:20] == want_space, repr(hdr[16:20]))
    check(f"{name} ICC header: PCS XYZ or Lab", hdr[20:24] in (b"XYZ ", b"Lab "), repr(hdr[20:24]))
    tags = int.from_bytes(data[128:132], "big") if len(data) >= 132 else 0
    check(f"{name} ICC tag table in bounds ({tags} tags)",
          0 < tags < 200 and all(int.from_bytes(data[132 + 12 * i + 4:132 + 12 * i + 8], "big") +
                                  int.from_bytes(data[132 + 12 * i + 8:132 + 12 * i + 12], "big") <= len(data)
                                  for i in range(tags)), str(tags))
    return data


def debian_icc(name, data):
    """The embedded profile is a file installed by a Debian package."""
    digest = hashlib.sha256(data).digest()
    found = None
    for root in ("/usr/share/color/icc",):
        for dirpath, _, files in os.walk(root):
            for f in files:
                p = os.path.join(dirpath, f)
                try:
                    if hashlib.sha256(open(p, "rb").read()).digest() == digest:
                        found = p
                except OSError:
                    pass
    pkg = run("dpkg", "-S", found).stdout.decode().split(":")[0] if found else ""
    check(f"{name} ICC profile is a Debian package's file", found and pkg, "no identical file under /usr/share/color/icc")
    return found, pkg


def parse_xmp(name, pdf):
    ref = pdf.catalog.get("/Metadata")
    if not check(f"{name} catalog has /Metadata", isinstance(ref, str)):
        return None
    d, data = pdf.stream(ref)
    check(f"{name} XMP stream /Type /Metadata /Subtype /XML",
          d.get("/Type") == "/Metadata" and d.get("/Subtype") == "/XML", str(d))
    check(f"{name} XMP stream not compressed", "/Filter" not in d, str(d))
    check(f"{name} XMP packet header and trailer",
          data.startswith(b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>')
          and re.search(rb'<\?xpacket end="[rw]"\?>\s*$', data), repr(data[:60]))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        check(f"{name} XMP is well-formed XML", False, str(e))
        return None
    check(f"{name} XMP is well-formed XML", True)
    return root


def xmp_props(root):
    """{'{ns}local': element} of every top-level property."""
    props = {}
    rdf = root.find(f"{{{NS['rdf']}}}RDF")
    if rdf is None:
        return props
    for desc in rdf.findall(f"{{{NS['rdf']}}}Description"):
        for k, v in desc.attrib.items():
            if not k.startswith(f"{{{NS['rdf']}}}"):
                e = ET.Element(k)
                e.text = v
                props[k] = e
        for child in desc:
            props[child.tag] = child
    return props


def q(prefix, local):
    return f"{{{NS[prefix]}}}{local}"


def alt(elem):
    """rdf:Alt → {lang: text}; rdf:Seq/Bag → [texts]; simple → text."""
    if elem is None:
        return None
    for kind in ("Alt", "Seq", "Bag"):
        c = elem.find(q("rdf", kind))
        if c is not None:
            lis = c.findall(q("rdf", "li"))
            if kind == "Alt":
                return {li.get(XML_LANG): li.text or "" for li in lis}
            return [li.text or "" for li in lis]
    return elem.text


def check_info_xmp(name, pdf, props, opts):
    info = pdf.info
    title = text_value(info.get("/Title"))
    check(f"{name} Info /Title present", title, str(info.get("/Title")))
    t = alt(props.get(q("dc", "title")))
    check(f"{name} XMP dc:title x-default = Info /Title", isinstance(t, dict) and t.get("x-default") == title,
          f"{t!r} vs {title!r}")
    cd, md = pdf_date(text_value(info.get("/CreationDate"))), pdf_date(text_value(info.get("/ModDate")))
    xc = props.get(q("xmp", "CreateDate"))
    xm = props.get(q("xmp", "ModifyDate"))
    check(f"{name} XMP xmp:CreateDate = Info /CreationDate", cd and xc is not None and xmp_date(xc.text) == cd,
          f"{xc.text if xc is not None else None} vs {info.get('/CreationDate')}")
    check(f"{name} XMP xmp:ModifyDate = Info /ModDate", md and xm is not None and xmp_date(xm.text) == md,
          f"{xm.text if xm is not None else None} vs {info.get('/ModDate')}")
    if opts.get("date"):
        want = datetime.datetime.fromisoformat(opts["date"]).replace(tzinfo=datetime.timezone.utc)
        check(f"{name} Info /CreationDate is {opts['date']}Z", cd == want and
              text_value(info.get("/CreationDate")).startswith("D:" + want.strftime("%Y%m%d%H%M%S")),
              str(info.get("/CreationDate")))
        check(f"{name} XMP xmp:CreateDate is {opts['date']} UTC", xc is not None and xmp_date(xc.text) == want and
              xc.text.startswith(opts["date"]) and re.search(r"(Z|\+00:00)$", xc.text), xc.text if xc is not None else "")
    for key, prop in (("/Producer", q("pdf", "Producer")), ("/Keywords", q("pdf", "Keywords"))):
        v = text_value(info.get(key))
        e = props.get(prop)
        if v is not None:
            check(f"{name} XMP {prop.split('}')[1]} = Info {key}", e is not None and e.text == v,
                  f"{e.text if e is not None else None!r} vs {v!r}")
    author = text_value(info.get("/Author"))
    c = alt(props.get(q("dc", "creator")))
    check(f"{name} XMP dc:creator = Info /Author", author and c == [author], f"{c!r} vs {author!r}")
    subj = text_value(info.get("/Subject"))
    if subj is not None:
        dsc = alt(props.get(q("dc", "description")))
        check(f"{name} XMP dc:description x-default = Info /Subject",
              isinstance(dsc, dict) and dsc.get("x-default") == subj, f"{dsc!r}")
    return title


def walk(v, path=""):
    """Every (key path, key, value) of a JSON object tree."""
    if isinstance(v, dict):
        for k, x in v.items():
            yield path, k, x
            yield from walk(x, path + k)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x, path)


def gs_render(name, path, npages, tmp, res=72):
    """Ghostscript renders every page (ppm) with no warning; the page images."""
    out = os.path.join(tmp, "p%d.ppm")
    r = run("gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=ppmraw", f"-r{res}",
            f"-sOutputFile={out}", path)
    msg = (r.stdout + r.stderr).decode("latin-1").strip()
    check(f"{name} Ghostscript renders with status 0", r.returncode == 0, msg[:300])
    check(f"{name} Ghostscript prints no warning or error", msg == "", msg[:300])
    pages = [os.path.join(tmp, f"p{i}.ppm") for i in range(1, npages + 1)]
    check(f"{name} Ghostscript rendered all {npages} pages", all(os.path.exists(p) for p in pages))
    return pages


def read_ppm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m[1]), int(m[2])
    return w, h, data[m.end():]


def pixel(img, x, y):
    """RGB at media point (x, y) (origin bottom-left; 1 px = 1 pt at 72 dpi)."""
    w, h, px = img
    col, row = int(x), h - 1 - int(y)
    col, row = max(0, min(w - 1, col)), max(0, min(h - 1, row))
    i = 3 * (row * w + col)
    return tuple(px[i:i + 3])


def is_white(p):
    return min(p) >= 250


# --------------------------------------------------------------------------
# print: PDF/X-4

def cmyk(colour):
    op, v = colour
    return v if op in ("k", "K") and len(v) == 4 else None


def check_print(path, opts):
    name = os.path.basename(path)
    pdf = Pdf(path)
    n = len(pdf.page_refs)
    check(f"{name} PDF header 1.6 (PDF/X-4)", pdf.bytes.startswith(b"%PDF-1.6"), repr(pdf.bytes[:8]))
    r = run("qpdf", "--check", path)
    check(f"{name} qpdf --check", r.returncode == 0, r.stdout.decode()[-200:])

    # Boxes, as pdfinfo -box reports them.
    info = run("pdfinfo", "-box", "-f", "1", "-l", str(n), path).stdout.decode()
    boxes = {}
    for m in re.finditer(r"^Page\s+(\d+)\s+(\w+Box):\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info, re.M):
        boxes.setdefault(int(m[1]), {})[m[2]] = tuple(float(m[i]) for i in range(3, 7))
    check(f"{name} pdfinfo -box reports every page", len(boxes) == n, info[:200])
    for p in range(1, n + 1):
        b = boxes.get(p, {})
        t, bl, md, cr = b.get("TrimBox"), b.get("BleedBox"), b.get("MediaBox"), b.get("CropBox")
        if not check(f"{name} p{p} has TrimBox, BleedBox, MediaBox", t and bl and md, str(b)):
            continue
        check(f"{name} p{p} TrimBox 595.28 x 841.89 pt (A4)",
              abs(t[2] - t[0] - A4[0]) <= 0.02 and abs(t[3] - t[1] - A4[1]) <= 0.02, str(t))
        d = [t[0] - bl[0], t[1] - bl[1], bl[2] - t[2], bl[3] - t[3]]
        check(f"{name} p{p} BleedBox 8.5 pt (3 mm) larger on each side",
              all(abs(x - BLEED) <= 0.02 for x in d), str(d))
        check(f"{name} p{p} MediaBox contains BleedBox contains TrimBox",
              contains(md, bl) and contains(bl, t) and (cr is None or contains(cr, bl)), str(b))
    # The same from the dictionaries, exactly (pdfinfo rounds to 0.01 pt).
    pages = [Page(pdf, i) for i in range(n)]
    for pg in pages:
        t, bl = box(pg.dict, pdf, "/TrimBox"), box(pg.dict, pdf, "/BleedBox")
        check(f"{name} p{pg.index + 1} /TrimBox and /BleedBox set on the page",
              "/TrimBox" in pg.dict and "/BleedBox" in pg.dict)
        check(f"{name} p{pg.index + 1} /BleedBox = /TrimBox + 3 mm exactly",
              all(abs(a - b) < 0.01 for a, b in zip(bl, (t[0] - BLEED, t[1] - BLEED, t[2] + BLEED, t[3] + BLEED))),
              f"{bl} vs {t}")

    # Colour: DeviceCMYK only, ink <= 300 %, type in 100 % K.
    rgb_ops = [(pg.index + 1, op) for pg in pages for op, _ in pg.colour_ops if op in ("rg", "RG")]
    check(f"{name} no rg/RG operator in any content stream", not rgb_ops, str(rgb_ops[:5]))
    other = [(pg.index + 1, op) for pg in pages for op, _ in pg.colour_ops if op not in ("k", "K")]
    check(f"{name} every colour operator is k/K (DeviceCMYK)", not other, str(other[:5]))
    raw = b"".join(pdf.contents(pg.dict) for pg in pages)
    check(f"{name} no 'RGB' in any content stream", b"RGB" not in raw)
    res_bad = [(pg.index + 1, k) for pg in pages for k in ("/ColorSpace", "/Shading", "/Pattern", "/XObject")
               if k in pg.resources]
    check(f"{name} no colour spaces, shadings, patterns or images in the resources", not res_bad, str(res_bad))
    ops_bad = [(pg.index + 1, op) for pg in pages for op in pg.other_ops]
    check(f"{name} no other operators (images, shadings, XObjects)", not ops_bad, str(ops_bad[:5]))
    kops = [(pg.index + 1, op, a) for pg in pages for op, a in pg.colour_ops if op in ("k", "K")]
    check(f"{name} has CMYK colour operators", len(kops) > 10, str(len(kops)))
    malformed = [k for k in kops if len(k[2]) != 4 or not all(isinstance(v, float) and 0 <= v <= 1 for v in k[2])]
    check(f"{name} every k/K has four values in 0..1", not malformed, str(malformed[:3]))
    over = [k for k in kops if len(k[2]) == 4 and sum(k[2]) > 3.0 + 1e-9]
    check(f"{name} total ink C+M+Y+K <= 300 % for every colour ({len(set(tuple(k[2]) for k in kops))} colours)",
          not over, str(over[:3]))
    by_colour = {}
    for pg in pages:
        for font, codes, text, fill in pg.texts:
            by_colour.setdefault(cmyk(fill) or fill, []).append(text or "")
    text_cols = {c: sum(len(t) for t in ts) for c, ts in by_colour.items()}
    check(f"{name} text is only drawn in CMYK", all(isinstance(c, tuple) and len(c) == 4 and
                                                     all(isinstance(v, float) for v in c) for c in text_cols),
          str(list(text_cols)))
    main_colour = max(text_cols, key=text_cols.get) if text_cols else None
    check(f"{name} body text colour is exactly 0 0 0 1 (100 % K)", main_colour == (0.0, 0.0, 0.0, 1.0),
          f"most text is in {main_colour}")
    rich = [c for c in text_cols if isinstance(c, tuple) and len(c) == 4 and c[3] >= 0.7 and sum(c[:3]) > 0]
    check(f"{name} no rich black type (K >= 70 % mixed with C, M or Y)", not rich, str(rich))
    if opts.get("leaflet"):
        black = norm("".join(by_colour.get((0.0, 0.0, 0.0, 1.0), [])))
        rows = dump_text(opts["bin"], opts["leaflet"])
        paras = [(w, l, t) for w, l, t in rows if w.endswith(":para") and "http" not in t and "@" not in t]
        miss = [f"{w} {l}: {t[:50]!r}" for w, l, t in paras if norm(t) not in black]
        check(f"{name} every paragraph without a link is set in 0 0 0 1 ({len(paras)} paragraphs)",
              paras and not miss, "; ".join(miss[:3]))

    # Fills touching the trim extend into the bleed; nothing beyond the bleed.
    img_pages = []
    with tempfile.TemporaryDirectory() as tmp:
        img_pages = [read_ppm(p) for p in gs_render(name, path, n, tmp) if os.path.exists(p)]
    bleeding = 0
    for pg in pages:
        t, bl, md = box(pg.dict, pdf, "/TrimBox"), box(pg.dict, pdf, "/BleedBox"), box(pg.dict, pdf, "/MediaBox")
        img = img_pages[pg.index] if pg.index < len(img_pages) else None
        short, beyond = [], []
        for op, path_pts, lw, fill, stroke in pg.paths:
            if op not in ("f", "F", "f*", "B", "B*", "b", "b*"):
                continue
            bb = bbox(path_pts)
            if bb is None:
                continue
            if not contains(bl, bb):
                beyond.append(bb)
            for side, (edge, bedge) in enumerate(((t[0], bl[0]), (t[1], bl[1]), (t[2], bl[2]), (t[3], bl[3]))):
                inward = bb[side] >= edge - TOL if side < 2 else bb[side] <= edge + TOL
                touches = abs(bb[side] - edge) <= 0.5
                if touches and inward:
                    short.append((side, bb))
                if abs(bb[side] - bedge) <= TOL:
                    bleeding += 1
                    if img:  # the ink is really there in the bleed, and stops at its edge
                        mid = ((bb[1] + bb[3]) / 2) if side in (0, 2) else ((bb[0] + bb[2]) / 2)
                        mid_edge = (edge + bedge) / 2
                        out = bedge + (-3 if side < 2 else 3)
                        inside = pixel(img, mid_edge, mid) if side in (0, 2) else pixel(img, mid, mid_edge)
                        outside = pixel(img, out, mid) if side in (0, 2) else pixel(img, mid, out)
                        check(f"{name} p{pg.index + 1} rendered: colour in the bleed, white beyond it",
                              not is_white(inside) and is_white(outside), f"{inside} {outside} at side {side}")
        check(f"{name} p{pg.index + 1} no fill stops at the trim edge (all extend into the bleed)",
              not short, str(short[:3]))
        check(f"{name} p{pg.index + 1} no fill reaches beyond the BleedBox", not beyond, str(beyond[:3]))

        # Crop marks: 8 strokes of 0.25 pt in 100 % K, about 10 mm long,
        # 3 mm from the trim, on the trim lines, outside the BleedBox.
        marks = [(p, lw, stroke) for op, path_pts, lw, fill, stroke in pg.paths if op in ("S", "s")
                 for p in path_pts if abs(lw - 0.25) < 1e-6]
        check(f"{name} p{pg.index + 1} 8 crop marks of 0.25 pt", len(marks) == 8, str(len(marks)))
        wrong, unseen = [], []
        for (pts, lw, stroke) in marks:
            (ax, ay), (bx, by) = pts[0], pts[-1]
            length = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
            horiz = abs(ay - by) < TOL
            on_trim = (horiz and min(abs(ay - t[1]), abs(ay - t[3])) < TOL) or \
                      (not horiz and abs(ax - bx) < TOL and min(abs(ax - t[0]), abs(ax - t[2])) < TOL)
            lo, hi = (min(ax, bx), max(ax, bx)) if horiz else (min(ay, by), max(ay, by))
            e0, e1 = (t[0], t[2]) if horiz else (t[1], t[3])
            gap = e0 - hi if hi <= e0 + TOL else lo - e1
            b0, b1 = (bl[0], bl[2]) if horiz else (bl[1], bl[3])
            outside = hi <= b0 + TOL or lo >= b1 - TOL
            if not (cmyk(stroke) == (0.0, 0.0, 0.0, 1.0) and abs(length - 10 * MM) < 0.5 and on_trim
                    and abs(gap - 3 * MM) < TOL and outside
                    and contains(md, (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))):
                wrong.append(f"{pts} len {length:.2f} gap {gap:.2f} colour {stroke}")
            mx, my = (ax + bx) / 2, (ay + by) / 2
            if img and is_white(pixel(img, mx, my)) and is_white(pixel(img, mx - (not horiz), my - horiz)):
                unseen.append(f"({mx:.1f}, {my:.1f})")
        check(f"{name} p{pg.index + 1} crop marks: 100 % K, 10 mm, on the trim lines, 3 mm off, outside the bleed",
              marks and not wrong, "; ".join(wrong[:3]))
        check(f"{name} p{pg.index + 1} rendered: every crop mark visible", img and marks and not unseen,
              "; ".join(unseen[:3]))

    check(f"{name} some fill reaches the bleed (the title band)", bleeding > 0)

    # Slug line: outside the bleed, with the file name, reference and version.
    r = run("pdftotext", "-bbox", path, "-")
    page, slug = 0, {}
    media_h = None
    for line in r.stdout.decode().splitlines():
        m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if m:
            page += 1
            media_h = float(m[2])
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m and page:
            pg = pages[page - 1]
            t, bl = box(pg.dict, pdf, "/TrimBox"), box(pg.dict, pdf, "/BleedBox")
            x0, x1 = float(m[1]), float(m[3])
            y0, y1 = media_h - float(m[4]), media_h - float(m[2])
            if not contains(t, (x0, y0, x1, y1), 0.5):
                slug.setdefault(page, []).append(((x0, y0, x1, y1), html.unescape(m[5])))
    for p in range(1, n + 1):
        words = slug.get(p, [])
        text = " ".join(w for _, w in words)
        bl = box(pages[p - 1].dict, pdf, "/BleedBox")
        check(f"{name} p{p} slug line outside the trim", words, "no text outside the trim")
        inside = [w for b, w in words if not (b[2] <= bl[0] or b[0] >= bl[2] or b[3] <= bl[1] or b[1] >= bl[3])]
        check(f"{name} p{p} slug line clear of the bleed", not inside, str(inside[:5]))
        want = [name]
        if opts.get("ref"):
            want.append(opts["ref"])
        if opts.get("version"):
            want.append(f"version {opts['version']}")
        want.append(f"page {p}/{n}")
        for w in want:
            check(f"{name} p{p} slug line has {w!r}", w in text, text)

    # Output intent, PDF/X identification, metadata.
    intents = pdf.get(pdf.catalog.get("/OutputIntents")) or []
    x = [pdf.get(i) for i in intents if (pdf.get(i) or {}).get("/S") == "/GTS_PDFX"]
    if check(f"{name} one /OutputIntents entry /S /GTS_PDFX", len(x) == 1, str(intents)[:200]):
        oi = x[0]
        check(f"{name} OutputIntent /Type /OutputIntent", oi.get("/Type") == "/OutputIntent")
        check(f"{name} OutputIntent has an OutputConditionIdentifier",
              text_value(oi.get("/OutputConditionIdentifier")), str(oi.get("/OutputConditionIdentifier")))
        data = icc_header(name, pdf, oi, b"CMYK", 4, (b"prtr",))
        if data:
            debian_icc(name, data)
    check(f"{name} Info /GTS_PDFXVersion (PDF/X-4)", text_value(pdf.info.get("/GTS_PDFXVersion")) == "PDF/X-4",
          str(pdf.info.get("/GTS_PDFXVersion")))
    check(f"{name} Info /Trapped /False", pdf.info.get("/Trapped") == "/False", str(pdf.info.get("/Trapped")))
    root = parse_xmp(name, pdf)
    if root is not None:
        props = xmp_props(root)
        v = props.get(q("pdfxid", "GTS_PDFXVersion"))
        check(f"{name} XMP pdfxid:GTS_PDFXVersion PDF/X-4", v is not None and v.text == "PDF/X-4")
        v = props.get(q("pdf", "Trapped"))
        check(f"{name} XMP pdf:Trapped False", v is not None and v.text == "False")
        title = check_info_xmp(name, pdf, props, opts)
        for t in opts.get("titles", []):
            check(f"{name} Info /Title has {t!r}", title and fold(t) in fold(title), str(title))
    check_id(name, pdf)
    check_layout(name, pdf)
    check_fonts(name, pdf, pages)
    check(f"{name} not encrypted", "/Encrypt" not in pdf.trailer)
    if opts.get("leaflet"):
        check_text(name, path, pdf, opts["bin"], opts["leaflet"])


# --------------------------------------------------------------------------
# archive: PDF/A-2u

FORBIDDEN_KEYS = {"/JavaScript": "JavaScript", "/JS": "JavaScript", "/EmbeddedFiles": "embedded files",
                  "/SMask": "soft mask (transparency)", "/AA": "additional actions", "/XFA": "XFA form",
                  "/Encrypt": "encryption", "/OPI": "OPI", "/PS": "PostScript", "/Alternates": "alternate images"}
FORBIDDEN_ACTIONS = {"/Launch", "/JavaScript", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
                     "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}


def check_archive(path, opts):
    name = os.path.basename(path)
    pdf = Pdf(path)
    n = len(pdf.page_refs)
    data = pdf.bytes
    check(f"{name} PDF header %PDF-1.x and a binary comment line",
          re.match(rb"%PDF-1\.[4-7]\r?\n%[\x80-\xff]{4}", data), repr(data[:16]))
    check(f"{name} ends with %%EOF", data.rstrip(b"\r\n").endswith(b"%%EOF"), repr(data[-16:]))
    r = run("qpdf", "--check", path)
    check(f"{name} qpdf --check", r.returncode == 0, r.stdout.decode()[-200:])
    r = run("pdftotext", path, "-")
    check(f"{name} poppler reads it with no warning", r.returncode == 0 and not r.stderr.strip(),
          r.stderr.decode()[:200])

    # XMP
    root = parse_xmp(name, pdf)
    if root is not None:
        props = xmp_props(root)
        part, conf = props.get(q("pdfaid", "part")), props.get(q("pdfaid", "conformance"))
        check(f"{name} XMP pdfaid:part 2", part is not None and part.text == "2")
        check(f"{name} XMP pdfaid:conformance U", conf is not None and conf.text == "U")
        title = check_info_xmp(name, pdf, props, opts)
        titles = alt(props.get(q("dc", "title"))) or {}
        langs = alt(props.get(q("dc", "language")))
        if opts.get("langs"):
            want = opts["langs"].split(",")
            check(f"{name} XMP dc:language = {want}", langs == want, str(langs))
            check(f"{name} catalog /Lang = {want[0]}", text_value(pdf.catalog.get("/Lang")) == want[0],
                  str(pdf.catalog.get("/Lang")))
        if opts.get("titles"):
            for lang, t in zip(opts["langs"].split(","), opts["titles"]):
                check(f"{name} XMP dc:title [{lang}] = {t!r}", fold(titles.get(lang)) == fold(t), str(titles))
                check(f"{name} Info /Title has {t!r}", title and fold(t) in fold(title), str(title))
        for key in ("reference", "version", "published", "review", "recipient"):
            e = props.get(q("leaflet", key))
            want = opts.get({"reference": "ref"}.get(key, key))
            check(f"{name} XMP leaflet:{key} = {want!r}", want and e is not None and e.text == want,
                  repr(e.text if e is not None else None))
        # Properties outside the predefined schemas are described by pdfaExtension.
        described = {}
        for schema in root.iter():
            uri = schema.find(q("pdfaSchema", "namespaceURI"))
            if uri is None:
                continue
            names = {p.text for p in schema.iter(q("pdfaProperty", "name"))}
            described[uri.text] = names
            for prop in schema.iter(q("rdf", "li")):
                if prop.find(q("pdfaProperty", "name")) is not None:
                    check(f"{name} pdfaExtension property {prop.find(q('pdfaProperty', 'name')).text} complete",
                          all(prop.find(q("pdfaProperty", k)) is not None and prop.find(q("pdfaProperty", k)).text
                              for k in ("valueType", "category", "description")))
            check(f"{name} pdfaExtension schema {uri.text} has a prefix",
                  schema.find(q("pdfaSchema", "prefix")) is not None)
        undescribed = []
        for tag in props:
            ns, local = tag[1:].split("}")
            if ns not in PREDEFINED and local not in described.get(ns, set()):
                undescribed.append(tag)
        check(f"{name} every XMP property outside the PDF/A schemas is described (pdfaExtension)",
              not undescribed, str(undescribed))

    # Output intent: GTS_PDFA1 with an RGB profile; the content uses RGB (or gray) only.
    intents = [pdf.get(i) for i in pdf.get(pdf.catalog.get("/OutputIntents")) or []]
    a = [i for i in intents if (i or {}).get("/S") == "/GTS_PDFA1"]
    if check(f"{name} one /OutputIntents entry /S /GTS_PDFA1", len(a) == 1, str(intents)[:200]):
        check(f"{name} OutputIntent has an OutputConditionIdentifier",
              text_value(a[0].get("/OutputConditionIdentifier")))
        prof = icc_header(name, pdf, a[0], b"RGB ", 3, (b"mntr", b"scnr"))
        if prof:
            debian_icc(name, prof)
    pages = [Page(pdf, i) for i in range(n)]
    used = {op for pg in pages for op, _ in pg.colour_ops}
    check(f"{name} content colours are DeviceRGB/Gray, matching the RGB output profile",
          used and used <= {"rg", "RG", "g", "G"}, str(used))
    check(f"{name} no images, shadings, XObjects or inline images",
          not [op for pg in pages for op in pg.other_ops], str([pg.other_ops for pg in pages]))

    # Forbidden features anywhere in the file.
    found = []
    for key, obj in pdf.objs.items():
        o = obj.get("value") if "value" in obj else obj.get("stream", {}).get("dict")
        items = list(walk(o)) if isinstance(o, (dict, list)) else []
        if key == "trailer":
            items = list(walk(obj.get("value")))
        for _, k, v in items:
            if k in FORBIDDEN_KEYS:
                found.append(f"{key}: {k} ({FORBIDDEN_KEYS[k]})")
            if k in ("/CA", "/ca") and isinstance(v, (int, float)) and v < 1:
                found.append(f"{key}: {k} {v} (transparency)")
            if k == "/S" and v in FORBIDDEN_ACTIONS:
                found.append(f"{key}: action {v}")
            if k == "/S" and v == "/Transparency":
                found.append(f"{key}: transparency group")
            if k == "/BM" and v not in ("/Normal", "/Compatible"):
                found.append(f"{key}: blend mode {v}")
            if k == "/Filter" and (v == "/LZWDecode" or (isinstance(v, list) and "/LZWDecode" in v)):
                found.append(f"{key}: LZW")
            if k == "/Subtype" and v in ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/3D", "/RichMedia"):
                found.append(f"{key}: annotation {v}")
    check(f"{name} no JavaScript, encryption, embedded files, transparency, launch actions, LZW",
          not found, "; ".join(found[:5]))
    check(f"{name} no /Encrypt in the trailer", "/Encrypt" not in pdf.trailer)
    names = pdf.get(pdf.catalog.get("/Names")) or {}
    check(f"{name} catalog /Names has no JavaScript or EmbeddedFiles",
          "/JavaScript" not in names and "/EmbeddedFiles" not in names)
    check(f"{name} no /OpenAction or /AA in the catalog",
          "/AA" not in pdf.catalog and "/OpenAction" not in pdf.catalog, str(list(pdf.catalog)))

    # Link annotations print, are visible.
    links = 0
    for i, pref in enumerate(pdf.page_refs):
        for aref in pdf.get(pdf.page(i).get("/Annots")) or []:
            an = pdf.get(aref) or {}
            f = an.get("/F", 0)
            if an.get("/Subtype") == "/Link":
                links += 1
                check(f"{name} p{i + 1} link annotation has the Print flag and is not hidden",
                      isinstance(f, int) and f & 4 and not f & (1 | 2 | 32), f"/F {f}")
                act = pdf.get(an.get("/A")) or {}
                check(f"{name} p{i + 1} link is a /URI action with an ASCII URI", act.get("/S") == "/URI" and
                      all(ord(ch) < 128 for ch in (text_value(act.get("/URI")) or "\x80")), str(act))
            else:
                check(f"{name} p{i + 1} annotation {an.get('/Subtype')} has an appearance", "/AP" in an)
    if opts.get("links"):
        check(f"{name} has link annotations", links >= int(opts["links"]), str(links))

    check_id(name, pdf)
    check_layout(name, pdf)
    check_fonts(name, pdf, pages)
    if opts.get("leaflet"):
        check_text(name, path, pdf, opts["bin"], opts["leaflet"])
    with tempfile.TemporaryDirectory() as tmp:
        gs_render(name, path, n, tmp, res=30)


def check_office(path, opts):
    name = os.path.basename(path)
    pdf = Pdf(path)
    pg = pdf.page(0)
    md = box(pg, pdf, "/MediaBox")
    check(f"{name} office: MediaBox is A4", abs(md[2] - md[0] - A4[0]) <= 0.02 and abs(md[3] - md[1] - A4[1]) <= 0.02,
          str(md))
    check(f"{name} office: no TrimBox/BleedBox", "/TrimBox" not in pg and "/BleedBox" not in pg)
    check(f"{name} office: no OutputIntents", "/OutputIntents" not in pdf.catalog)
    md_ref = pdf.catalog.get("/Metadata")
    xmp = pdf.stream(md_ref)[1] if md_ref else b""
    check(f"{name} office: XMP says PDF/UA only (no PDF/A or PDF/X claim)",
          b"pdfuaid:part" in xmp and b"pdfaid:" not in xmp and b"pdfxid:" not in xmp)
    ops = {op for op, _ in Page(pdf, 0).colour_ops}
    check(f"{name} office: RGB colour", ops and ops <= {"rg", "RG"}, str(ops))


def main(argv):
    if len(argv) < 3 or argv[1] not in ("print", "archive", "office"):
        print(__doc__, file=sys.stderr)
        return 2
    opts, rest, i = {}, [], 2
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and i + 1 < len(argv):
            key = a[2:]
            if key == "title":
                opts.setdefault("titles", []).append(argv[i + 1])
            else:
                opts[key] = argv[i + 1]
            i += 2
        else:
            rest.append(a)
            i += 1
    for path in rest:
        if not check(f"{os.path.basename(path)} exists", os.path.isfile(path), path):
            continue
        {"print": check_print, "archive": check_archive, "office": check_office}[argv[1]](path, opts)
    return 1 if bad_count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
