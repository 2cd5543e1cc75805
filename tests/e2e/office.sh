#!/bin/sh
# End-to-end: render the immunotherapy leaflet for the fixture staff, then
# inspect the PDFs (check.py); render again and compare bytes; other layouts.
cd "$(dirname "$0")/../.." || exit 2
L=content/leaflets/immunotherapy.yaml
S=tests/e2e/staff.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0 bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL $*"; }

if ./leaflet -q --staff "$S" -o "$tmp/a" "$L"; then pass; else fail "render office batch"; fi
python3 tests/e2e/check.py "$tmp/a" ./leaflet "$L" "$S"

# Same input, same bytes: a second run, and -j 2 against -j 1.
./leaflet -q -j 2 --staff "$S" -o "$tmp/b" "$L" || fail "render with -j 2"
for f in "$tmp"/a/immunotherapy/*.pdf; do
    if cmp -s "$f" "$tmp/b/immunotherapy/$(basename "$f")"; then pass; else fail "not reproducible: $(basename "$f")"; fi
done

# Each leaflet alone (--for: every cache cold) = the same leaflet in the batch,
# where it reused what earlier recipients left (the body laid out, its
# structure written, fonts' shared glyphs, compressed chunks).
# Also with the real directory (seven recipients, several footer heights).
./leaflet -q -j 2 --staff content/staff.yaml -o "$tmp/r" "$L" || fail "render content/staff.yaml"
for set in a:"$S" r:content/staff.yaml; do
    dir=${set%%:*} staff=${set#*:}
    for f in "$tmp/$dir"/immunotherapy/*.pdf; do
        id=$(basename "$f" -fr-en-office.pdf)
        ./leaflet -q --for "$id" --staff "$staff" -o "$tmp/one-$dir-$id" "$L" || fail "render --for $id"
        if cmp -s "$f" "$tmp/one-$dir-$id/immunotherapy/$(basename "$f")"; then pass; else fail "$id alone differs from $id in the batch ($staff)"; fi
    done
done

# Sequential layout: the second language starts on a new page.
if ./leaflet -q -L sequential --for zoe --staff "$S" -o "$tmp/s" "$L"; then pass; else fail "render sequential"; fi
pdf="$tmp/s/immunotherapy/zoe-fr-en-office.pdf"
if [ -f "$pdf" ]; then
    n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    first_en=$(for p in $(seq 1 "$n"); do pdftotext -f "$p" -l "$p" "$pdf" - | grep -q 'What is immunotherapy' && echo "$p" && break; done)
    last_fr=$(for p in $(seq 1 "$n"); do pdftotext -f "$p" -l "$p" "$pdf" - | grep -q 'immunothérapie' && echo "$p"; done | head -n 1)
    if [ -n "$first_en" ] && pdftotext -f "$first_en" -l "$first_en" "$pdf" - | grep -q '^Immunotherapy'; then pass; else fail "sequential: English section does not open its page with its title"; fi
    if pdftotext -f "$first_en" -l "$first_en" "$pdf" - | grep -q 'Qu’est-ce que'; then fail "sequential: French text on the English page"; else pass; fi
    [ -n "$last_fr" ] && pass || fail "sequential: no French"
fi

# One language: a single column, French only.
if ./leaflet -q -l fr --for generic --staff "$S" -o "$tmp/f" "$L"; then pass; else fail "render --lang fr"; fi
pdf="$tmp/f/immunotherapy/generic-fr-office.pdf"
if [ -f "$pdf" ] && pdftotext "$pdf" - | grep -q 'Immunothérapie' && ! pdftotext "$pdf" - | grep -q 'What is immunotherapy'; then pass; else fail "--lang fr: not a French-only leaflet"; fi

# --check writes nothing.
if ./leaflet --check --staff "$S" -o "$tmp/c" "$L" && [ ! -e "$tmp/c" ]; then pass; else fail "--check wrote something or failed"; fi
echo "e2e-batch: $ok ok, $bad bad"
