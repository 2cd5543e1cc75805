#!/usr/bin/env python3
"""Tagged PDF (PDF/UA-1) checks on real output, with qpdf's JSON and poppler.
Usage: tagged.py FILE.pdf... Prints `ok`/`FAIL` lines and `e2e-tagged-files: N ok, M bad`."""
import re, subprocess, sys, os
sys.path.insert(0, os.path.dirname(__file__))
from pdfprofile import Pdf, operations, text_value  # noqa: E402

ok = bad = 0
def check(name, cond, why=""):
    global ok, bad
    if cond:
        ok += 1
    else:
        bad += 1
        print(f"FAIL {name}: {why}"[:600])
    return cond

STANDARD = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
            "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
            "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
            "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "Warichu", "Figure", "Formula", "Form"}

def refkey(x):
    return x if isinstance(x, str) and re.match(r"^\d+ \d+ R$", x) else None

def check_file(path):
    name = os.path.basename(path)
    pdf = Pdf(path)
    cat = pdf.catalog
    mark = pdf.get(cat.get("/MarkInfo")) or {}
    check(f"{name} /MarkInfo /Marked true", mark.get("/Marked") is True, str(mark))
    check(f"{name} catalog /Lang", bool(text_value(cat.get("/Lang"))), str(cat.get("/Lang")))
    vp = pdf.get(cat.get("/ViewerPreferences")) or {}
    check(f"{name} /DisplayDocTitle true", vp.get("/DisplayDocTitle") is True, str(vp))
    root = pdf.get(cat.get("/StructTreeRoot"))
    if not check(f"{name} /StructTreeRoot", isinstance(root, dict), str(cat.keys())):
        return
    # XMP says PDF/UA-1
    md = cat.get("/Metadata")
    xmp = pdf.stream(md)[1].decode("utf-8", "replace") if md else ""
    check(f"{name} XMP pdfuaid:part 1", re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp) is not None)
    # the parent tree: key -> element (annotations) or [elements by MCID] (pages)
    ptree = pdf.get(root.get("/ParentTree")) or {}
    nums = ptree.get("/Nums") or []
    ptmap = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    check(f"{name} parent tree keys ascending", list(ptmap) == sorted(ptmap))
    # walk the tree in order: element types, languages, reading order of text
    elems, order, seen = {}, [], set()
    def walk(ref, parent, depth):
        if ref in seen or depth > 60:
            return
        seen.add(ref)
        e = pdf.get(ref)
        elems[ref] = (e, parent)
        order.append(ref)
        kids = e.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for k in kids:
            if refkey(k):
                ke = pdf.get(k)
                if isinstance(ke, dict) and ke.get("/Type") != "/OBJR" and "/S" in ke:
                    walk(k, ref, depth + 1)
    top = root.get("/K")
    check(f"{name} the tree's root is one Document", refkey(top) and pdf.get(top).get("/S") == "/Document", str(top))
    walk(top, None, 0)
    types = [elems[r][0].get("/S", "")[1:] for r in order]
    check(f"{name} only standard structure types", set(types) <= STANDARD, str(set(types) - STANDARD))
    for t in ("Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Note"):
        check(f"{name} has {t}", t in types)
    wrong_p = [r for r in order if elems[r][1] and elems[r][0].get("/P") != elems[r][1]]
    check(f"{name} /P of every element is its parent", not wrong_p, str(wrong_p[:5]))
    doc_kids = pdf.get(top).get("/K")
    doc_kids = doc_kids if isinstance(doc_kids, list) else [doc_kids]
    sects = [k for k in doc_kids if (pdf.get(k) or {}).get("/S") == "/Sect"]
    langs = [text_value(pdf.get(k).get("/Lang")) for k in sects]
    # every MCR on every page: each MCID belongs to exactly one element, as the parent tree says
    page_refs = pdf.page_refs
    owner, twice = {}, []
    for r in order:
        e = elems[r][0]
        kids = e.get("/K")
        for k in kids if isinstance(kids, list) else [kids]:
            d = pdf.get(k) if refkey(k) else k
            if isinstance(d, dict) and d.get("/Type") == "/MCR":
                key = (d.get("/Pg"), d.get("/MCID"))
                if key in owner:
                    twice.append(key)
                owner[key] = r
            elif isinstance(k, int):
                owner[(e.get("/Pg"), k)] = r
    check(f"{name} every MCID belongs to one element only", not twice, str(twice[:5]))
    untagged, unknown, total_mc, artifacts = [], [], 0, 0
    check(f"{name} every page /Tabs /S", all(pdf.get(p).get("/Tabs") == "/S" for p in page_refs))
    for i, pref in enumerate(page_refs):
        page = pdf.get(pref)
        sp = page.get("/StructParents")
        arr = pdf.get(ptmap.get(sp)) if sp is not None else None
        check(f"{name} page {i + 1} has its parent-tree entry", isinstance(arr, list), str(sp))
        arr = arr or []
        depth, mcids = [], []
        for op, a in operations(pdf.contents(page)):
            if op in ("BDC", "BMC"):
                tag = "/" + a[0] if a and isinstance(a[0], str) else None  # the lexer drops the slash
                mcid = None
                if op == "BDC" and "MCID" in a:
                    mcid = int(a[a.index("MCID") + 1])
                depth.append((tag, mcid))
                if tag == "/Artifact":
                    artifacts += 1
                elif mcid is not None:
                    total_mc += 1
                    mcids.append(mcid)
                    el = arr[mcid] if mcid < len(arr) else None
                    if owner.get((pref, mcid)) != el or el is None:
                        unknown.append((i + 1, mcid))
                    elif pdf.get(el).get("/S") != tag:
                        unknown.append((i + 1, mcid, tag, pdf.get(el).get("/S")))
                else:
                    unknown.append((i + 1, tag))
            elif op == "EMC":
                if depth:
                    depth.pop()
            elif op in ("Tj", "TJ", "'", '"', "re", "f", "S", "m", "c"):
                if not depth:
                    untagged.append((i + 1, op))
        check(f"{name} page {i + 1} MCIDs are 0..n-1, once each", sorted(mcids) == list(range(len(mcids))), str(mcids[:20]))
    check(f"{name} marked content found", total_mc > 50 and artifacts > 5, f"{total_mc} sequences, {artifacts} artifacts")
    check(f"{name} no content outside a structure element or artifact", not untagged, str(untagged[:10]))
    check(f"{name} every sequence's MCID is in the parent tree, under its own tag", not unknown, str(unknown[:10]))
    # links: annotation <-> Link element through /StructParent and OBJR
    nlinks = 0
    for i, pref in enumerate(page_refs):
        for a in pdf.get(pdf.get(pref).get("/Annots")) or []:
            ad = pdf.get(a)
            if ad.get("/Subtype") != "/Link":
                continue
            nlinks += 1
            sp = ad.get("/StructParent")
            el = ptmap.get(sp)
            ok_link = el is not None and pdf.get(el).get("/S") == "/Link"
            if ok_link:
                kids = pdf.get(el).get("/K")
                kids = kids if isinstance(kids, list) else [kids]
                objrs = [pdf.get(k) for k in kids if not isinstance(k, int)]  # integers are MCIDs
                ok_link = any(isinstance(o, dict) and o.get("/Type") == "/OBJR" and o.get("/Obj") == a for o in objrs)
            check(f"{name} link annotation tied to its Link element (StructParent, OBJR), with /Contents",
                  ok_link and bool(text_value(ad.get("/Contents"))), str(ad)[:200])
    return sects, langs, nlinks

def main():
    nlinks = 0
    for path in sys.argv[1:]:
        r = check_file(path)
        nlinks += r[2] if r else 0
    check("some files have links, tagged", nlinks > 0, str(nlinks))
    print(f"e2e-tagged-files: {ok} ok, {bad} bad")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
