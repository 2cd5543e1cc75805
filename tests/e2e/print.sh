#!/bin/sh
# End-to-end: the print profile (PDF/X-4). Renders the immunotherapy leaflet
# for content/staff.yaml with --profile print into a temporary folder and
# checks every file with pdfprofile.py (boxes, bleed, crop marks, slug line,
# DeviceCMYK only, ink limit, 100 % K type, GTS_PDFX intent + ICC, PDF/X
# identification, /ID, file layout (object streams, a cross-reference
# stream), fonts, text, Ghostscript). Then: same bytes twice,
# the office profile unchanged, a title that needs XML escaping.
# Ends with `e2e-print: N ok, M bad`.
cd "$(dirname "$0")/../.." || exit 2
LEAFLET=${LEAFLET:-./leaflet}
unset SOURCE_DATE_EPOCH  # dates come from the leaflet unless a check sets it
L=content/leaflets/immunotherapy.yaml
S=content/staff.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0 bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL $*"; }
# profile PROFILE PDF ARGS...: run the checker, count its `ok` / `FAIL` lines.
profile() {
    python3 tests/e2e/pdfprofile.py "$@" >"$tmp/log" 2>&1
    st=$?
    n=$(grep -c '^ok ' "$tmp/log")
    m=$(grep -c '^FAIL ' "$tmp/log")
    grep -v '^ok ' "$tmp/log" | head -n 40
    ok=$((ok + n)); bad=$((bad + m))
    if [ "$st" -ne 0 ] && [ "$m" -eq 0 ]; then fail "pdfprofile.py $1 $2 exited $st"; fi
}
field() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" "$L" | head -n 1; }
ref=$(field reference)
version=$(field version)

# 1. The command of the issue writes one *-print.pdf per recipient, nothing else.
if $LEAFLET -q --profile print --staff "$S" -o "$tmp/a" "$L"; then pass; else fail "render --profile print"; fi
d="$tmp/a/immunotherapy"
n=$(ls "$d" 2>/dev/null | grep -c -- '-print\.pdf$')
ids=$(sed -n 's/^  - id: *//p' "$S" | wc -l)
if [ "$n" -gt 0 ] && [ "$n" -eq $((ids + 1)) ]; then pass; else fail "expected $((ids + 1)) print files, got $n"; fi
if ls "$d" | grep -q -- '-office\.pdf$\|-archive\.pdf$'; then fail "--profile print wrote other profiles"; else pass; fi
if (cd "$d" && sha256sum -c --quiet SHA256SUMS); then pass; else fail "SHA256SUMS does not verify"; fi

# 2. Every print file, in full.
for f in "$d"/*-print.pdf; do
    profile print "$f" --leaflet "$L" --bin "$LEAFLET" --ref "$ref" --version "$version" \
        --title "Immunothérapie" --title "Immunotherapy"
done

# 3. Same input, same bytes (and so the same /ID), also with -j 2.
$LEAFLET -q -j 2 --profile print --staff "$S" -o "$tmp/b" "$L" || fail "second render"
for f in "$d"/*-print.pdf; do
    if cmp -s "$f" "$tmp/b/immunotherapy/$(basename "$f")"; then pass; else fail "not reproducible: $(basename "$f")"; fi
done

# 4. The office profile stays as it was: A4 media, RGB, no print furniture.
if $LEAFLET -q --for generic --staff "$S" -o "$tmp/o" "$L"; then pass; else fail "render office"; fi
profile office "$tmp/o/immunotherapy/generic-fr-en-office.pdf"

# 5. A title that needs escaping in XMP (& « » <b>) and a link in the text.
cat >"$tmp/soins.yaml" <<'EOF'
id: soins
languages: [fr, en]
reference: SOI-2026-02
version: "2.1"
published: 2026-01-15
review: 2027-01-15
title:
  fr: 'Soins & « effets » \<b>'
  en: 'Care & effects \<b>'
subtitle:
  fr: "Essai d'échappement"
  en: "Escaping test"
body:
  - heading:
      fr: "Pourquoi ?"
      en: "Why?"
  - para:
      fr: "Un texte court, une adresse <https://example.org/a?b=1&c=2> et des « guillemets »."
      en: "A short text, an address <https://example.org/a?b=1&c=2> and some ‘quotes’."
  - para:
      fr: "Un second paragraphe, tout en noir."
      en: "A second paragraph, all in black."
EOF
if $LEAFLET -q --profile print -o "$tmp/s" "$tmp/soins.yaml"; then pass; else fail "render the escaping leaflet"; fi
profile print "$tmp/s/soins/generic-fr-en-print.pdf" --leaflet "$tmp/soins.yaml" --bin "$LEAFLET" \
    --ref SOI-2026-02 --version 2.1 --title 'Soins & « effets » <b>' --title 'Care & effects <b>'

echo "e2e-print: $ok ok, $bad bad"
