#!/bin/sh
# Kerning: a heading set with and without the font's pair kerning. The kerned
# one is narrower by exactly the font's own pair values (as HarfBuzz's hb-shape
# reports them, word by word), and pdftotext reads the same text from both.
# The immunotherapy leaflet's content streams carry TJ adjustments.
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0 bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL $*"; }
HEADING='AVATAR, Tour, Vous, « Type »'
mkdir -p "$tmp/in"
cat >"$tmp/in/kern-test.yaml" <<EOT
id: kern-test
languages: [en]
title: {en: Kerning}
body:
  - heading: {en: "$HEADING"}
  - para: {en: "Pairs such as To, Va and r, sit visibly loose without kerning."}
EOT
./leaflet -q -o "$tmp/k" "$tmp/in/kern-test.yaml" && pass || fail "render kerned"
./leaflet -q --no-kerning -o "$tmp/u" "$tmp/in/kern-test.yaml" && pass || fail "render unkerned"
K="$tmp/k/kern-test/generic-en-office.pdf"
U="$tmp/u/kern-test/generic-en-office.pdf"
if [ "$(pdftotext "$K" -)" = "$(pdftotext "$U" -)" ]; then pass; else fail "pdftotext differs between kerned and unkerned"; fi
if pdftotext "$K" - | grep -qF "$HEADING"; then pass; else fail "kerned heading not extracted as typed (no extra spaces)"; fi
python3 - "$K" "$U" "$HEADING" <<'EOT' || bad=$((bad + 1))
import html, re, subprocess, sys
kerned, plain, heading = sys.argv[1:4]
SIZE = 16.5  # heading size in layout.c (H1_SIZE)
def line_width(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    words = [(float(m[1]), float(m[2]), float(m[3]), html.unescape(m[5])) for m in
             re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)]
    first = [w for w in words if w[3] == "AVATAR,"][0]
    last = [w for w in words if w[3] == "»" and abs(w[1] - first[1]) < 0.5][0]
    return last[2] - first[0]
def hb_width(word, features):
    out = subprocess.run(["hb-shape", "--no-glyph-names", "--features=" + features,
                          "--output-format=json", "fonts/NotoSans-Bold.ttf", word],
                         capture_output=True, text=True, check=True).stdout
    return sum(int(a) for a in re.findall(r'"ax":(-?\d+)', out))
off = "-liga,-clig,-calt,-dlig"
expected = sum(hb_width(w, "-kern," + off) - hb_width(w, off) for w in heading.split()) * SIZE / 1000
got = line_width(plain) - line_width(kerned)
print(f"kerning: narrower by {got:.3f} pt, the font's pairs say {expected:.3f} pt")
if expected < 1.0:
    print("FAIL the test string has no kerning pairs in this font"); sys.exit(1)
if abs(got - expected) > 0.05:
    print(f"FAIL kerned heading is {got:.3f} pt narrower, expected {expected:.3f}"); sys.exit(1)
EOT
[ $? -eq 0 ] && pass
./leaflet -q --for generic -o "$tmp/i" content/leaflets/immunotherapy.yaml || fail "render immunotherapy"
if qpdf --qdf --object-streams=disable "$tmp/i/immunotherapy/generic-fr-en-office.pdf" "$tmp/i.qdf" &&
    grep -aqE '[>)]-?[0-9]+[<(].*\]TJ' "$tmp/i.qdf"; then pass; else fail "no TJ kerning adjustments in the leaflet's content streams"; fi
echo "e2e-kerning: $ok ok, $bad bad"
