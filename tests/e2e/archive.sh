#!/bin/sh
# End-to-end: the archive profile (PDF/A-2u). Renders the immunotherapy
# leaflet for content/staff.yaml with --profile archive into a temporary
# folder and checks every file with pdfprofile.py (XMP parsed as XML with
# its fields, Info = XMP, GTS_PDFA1 intent + ICC, /ID from the bytes, file
# layout (object streams, a cross-reference stream, the XMP alone unfiltered), fonts
# embedded with complete descriptors and ToUnicode, text of both languages,
# no forbidden feature, printable links, Ghostscript). Then: SHA256SUMS, the
# same leaflet built twice gives the same bytes, SOURCE_DATE_EPOCH, and a
# title that needs XML escaping. Ends with `e2e-archive: N ok, M bad`.
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
published=$(field published)
review=$(field review)
# The Info and XMP dates of a file, as "CreationDate|CreateDate".
dates() {
    c=$(pdfinfo -rawdates "$1" | sed -n 's/^CreationDate: *//p')
    x=$(pdfinfo -meta "$1" | sed -n 's/.*<xmp:CreateDate>\(.*\)<\/xmp:CreateDate>.*/\1/p')
    echo "$c|$x"
}

# 1. One archive file per recipient, with checksums beside them.
if $LEAFLET -q --profile archive --staff "$S" -o "$tmp/a" "$L"; then pass; else fail "render --profile archive"; fi
d="$tmp/a/immunotherapy"
n=$(ls "$d" 2>/dev/null | grep -c -- '-archive\.pdf$')
ids=$(sed -n 's/^  - id: *//p' "$S" | wc -l)
if [ "$n" -gt 0 ] && [ "$n" -eq $((ids + 1)) ]; then pass; else fail "expected $((ids + 1)) archive files, got $n"; fi
if (cd "$d" && sha256sum -c --quiet SHA256SUMS); then pass; else fail "SHA256SUMS does not verify"; fi
if [ "$(grep -c -- '-archive\.pdf$' "$d/SHA256SUMS")" -eq "$n" ]; then pass; else fail "SHA256SUMS does not list every file"; fi

# 2. Every archive file, in full.
for f in "$d"/*-archive.pdf; do
    rid=$(basename "$f" -fr-en-archive.pdf)
    # the contact card's e-mail is the link (the footer, an artifact, has none)
    links=$(awk -v id="$rid" '/^  - id:/ {on = ($3 == id)} on && /^    email:/ {n = 1} END {print n + 0}' "$S")
    profile archive "$f" --leaflet "$L" --bin "$LEAFLET" --ref "$ref" --version "$version" \
        --published "$published" --review "$review" --recipient "$rid" --langs fr-FR,en-GB \
        --title "Immunothérapie" --title "Immunotherapy" --links "$links"
done

# 3. Built twice: the same bytes, so the same /ID.
$LEAFLET -q --profile archive --staff "$S" -o "$tmp/b" "$L" || fail "second render"
for f in "$d"/*-archive.pdf; do
    if cmp -s "$f" "$tmp/b/immunotherapy/$(basename "$f")"; then pass; else fail "not reproducible: $(basename "$f")"; fi
done

# A recipient's file does not depend on the batch it was made in.
$LEAFLET -q --profile archive --for generic --staff "$S" -o "$tmp/g" "$L" || fail "render --for generic"
if cmp -s "$d/generic-fr-en-archive.pdf" "$tmp/g/immunotherapy/generic-fr-en-archive.pdf"; then pass; else fail "generic alone differs from generic in the batch"; fi

# 4. SOURCE_DATE_EPOCH sets both dates; two runs are identical; another
#    epoch gives another file (the date, and with it the /ID, follows).
for run in e1 e2; do
    SOURCE_DATE_EPOCH=1700000000 $LEAFLET -q -p archive --for generic --staff "$S" -o "$tmp/$run" "$L" ||
        fail "render with SOURCE_DATE_EPOCH ($run)"
done
e1="$tmp/e1/immunotherapy/generic-fr-en-archive.pdf"
if cmp -s "$e1" "$tmp/e2/immunotherapy/generic-fr-en-archive.pdf"; then pass; else fail "SOURCE_DATE_EPOCH: two runs differ"; fi
case $(dates "$e1") in
    "D:20231114221320+00'00'|2023-11-14T22:13:20+00:00" | "D:20231114221320Z|2023-11-14T22:13:20Z") pass ;;
    *) fail "SOURCE_DATE_EPOCH=1700000000: dates are $(dates "$e1")" ;;
esac
profile archive "$e1" --date 2023-11-14T22:13:20 --ref "$ref" --version "$version" --published "$published" \
    --review "$review" --recipient generic --langs fr-FR,en-GB
SOURCE_DATE_EPOCH=1700000001 $LEAFLET -q -p archive --for generic --staff "$S" -o "$tmp/e3" "$L" ||
    fail "render with another SOURCE_DATE_EPOCH"
if cmp -s "$e1" "$tmp/e3/immunotherapy/generic-fr-en-archive.pdf"; then fail "SOURCE_DATE_EPOCH is ignored"; else pass; fi
id1=$(qpdf --show-object=trailer "$e1" 2>/dev/null)
id3=$(qpdf --show-object=trailer "$tmp/e3/immunotherapy/generic-fr-en-archive.pdf" 2>/dev/null)
if [ -n "$id1" ] && [ "$id1" != "$id3" ]; then pass; else fail "/ID does not follow the content"; fi

# 5. A title that needs escaping in XMP (& « » <b>): well-formed, exact.
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
EOF
if $LEAFLET -q --profile archive -o "$tmp/s" "$tmp/soins.yaml"; then pass; else fail "render the escaping leaflet"; fi
s="$tmp/s/soins/generic-fr-en-archive.pdf"
profile archive "$s" --leaflet "$tmp/soins.yaml" --bin "$LEAFLET" --ref SOI-2026-02 --version 2.1 \
    --published 2026-01-15 --review 2027-01-15 --recipient generic --langs fr-FR,en-GB \
    --title 'Soins & « effets » <b>' --title 'Care & effects <b>' --links 2
if pdfinfo -meta "$s" | xmllint --noout - 2>"$tmp/xmllint"; then pass; else fail "xmllint: $(head -c 300 "$tmp/xmllint")"; fi
if pdfinfo -meta "$s" | grep -q 'Soins &amp; «.*effets.*» &lt;b&gt;'; then pass; else fail "XMP title not escaped as expected"; fi

echo "e2e-archive: $ok ok, $bad bad"
