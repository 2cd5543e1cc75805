#!/bin/sh
# Tagged PDF (PDF/UA-1): the structure tree of real output, in reading order,
# with languages; every marked-content sequence tied to one element or an
# artifact (tagged.py); office, print and archive files.
cd "$(dirname "$0")/../.." || exit 2
L=content/leaflets/immunotherapy.yaml
S=tests/e2e/staff.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0 bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL $*"; }
if ./leaflet -q -p office,print,archive --staff "$S" -o "$tmp/o" "$L" 2>/dev/null; then pass; else fail "render"; fi
python3 tests/e2e/tagged.py "$tmp"/o/immunotherapy/*.pdf || fail "tagged.py failed or crashed"
pdf="$tmp/o/immunotherapy/zoe-fr-en-office.pdf"
pdfinfo -struct-text "$pdf" >"$tmp/tree.txt" 2>"$tmp/err.txt"
[ -s "$tmp/tree.txt" ] && [ ! -s "$tmp/err.txt" ] && pass || fail "pdfinfo -struct-text: $(head -c 300 "$tmp/err.txt")"
# reading order: the whole French text, then the whole English text
line() { grep -n -F -m1 "$1" "$tmp/tree.txt" | cut -d: -f1; }
fr_first=$(line 'Immunothérapie'); fr_last=$(line 'Votre contact'); en_first=$(line 'Immunotherapy'); en_last=$(line 'Your contact')
if [ -n "$fr_first" ] && [ -n "$en_first" ] && [ "$fr_first" -lt "$fr_last" ] && [ "$fr_last" -lt "$en_first" ] && [ "$en_first" -lt "$en_last" ]; then pass
else fail "reading order is not French then English ($fr_first $fr_last $en_first $en_last)"; fi
# one Sect per language, each with its /Lang, the contact card a Sect inside
qpdf --qdf --object-streams=disable "$pdf" "$tmp/q.pdf"
if grep -a -q '/Lang (fr-FR)' "$tmp/q.pdf" && grep -a -q '/Lang (en-GB)' "$tmp/q.pdf"; then pass; else fail "Sect /Lang fr-FR and en-GB"; fi
n=$(grep -c '^  *Sect' "$tmp/tree.txt")
[ "$n" -eq 4 ] && pass || fail "expected 4 Sect (2 languages, 2 contact cards), found $n"
grep -q '^    H1' "$tmp/tree.txt" && grep -q '^    H2' "$tmp/tree.txt" && grep -q '^      LI' "$tmp/tree.txt" && pass || fail "H1/H2/L/LI in the tree"
# footers, page numbers and rules are artifacts: not in the tree
if grep -q 'page 1 / ' "$tmp/tree.txt"; then fail "page number tagged as content"; else pass; fi
# text extraction unchanged by tagging: the e2e text checks run on the same files (office.sh)
echo "e2e-tagged: $ok ok, $bad bad"
