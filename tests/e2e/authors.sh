#!/bin/sh
# End-to-end, for authors and installers: the readability report (warnings,
# summary notes, --strict), the review-date warning, --proof, make install /
# uninstall with DESTDIR and PREFIX (the installed binary renders from another
# folder with its bundled fonts), the man pages, --help, --version, NO_COLOR.
cd "$(dirname "$0")/../.." || exit 2
top=$(pwd)
LF=$top/leaflet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0 bad=0
pass() { ok=$((ok + 1)); }
fail() { bad=$((bad + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    what=$1
    shift
    if "$@"; then pass; else fail "$what"; fi
}
unset NO_COLOR SOURCE_DATE_EPOCH LEAFLET_HYPHEN_DIR

# ---- fixtures -------------------------------------------------------------------
mkdir "$tmp/in"
cat >"$tmp/in/plain.yaml" <<'EOF'
id: plain
languages: [en, fr]
published: 2026-01-01
review: 2027-01-01
title: {en: "Your treatment", fr: "Votre traitement"}
body:
  - heading: {en: "How it is given", fr: "Comment il est donné"}
  - para:
      en: "You will have the drug once a week. A nurse gives it in a vein. It takes one hour."
      fr: "Vous recevez le médicament une fois par semaine. Une infirmière le donne dans une veine. Cela dure une heure."
  - bullets:
      - {en: "Drink water.", fr: "Buvez de l'eau."}
      - {en: "Rest when you are tired.", fr: "Reposez-vous si vous êtes fatigué."}
EOF
# line 10 holds a 30-word English sentence
cat >"$tmp/in/wordy.yaml" <<'EOF'
id: wordy
languages: [en, fr]
published: 2026-01-01
review: 2027-01-01
title: {en: "Coming to hospital", fr: "Venir à l'hôpital"}
body:
  - para:
      en: "Short one."
      fr: "Une phrase courte."
  - para:
      en: "When you come to the hospital for your treatment you should bring your card, your list of medicines, your letters from the doctor and a friend who can help you."
      fr: "Apportez votre carte. Venez avec un proche."
EOF
# review date (line 4, col 9) in the past for SOURCE_DATE_EPOCH=2021-07-01
cat >"$tmp/in/stale.yaml" <<'EOF'
id: stale
languages: [en]
published: 2020-01-01
review: 2021-06-30
title: Old news
body:
  - para: This leaflet is old. Do not hand it out.
EOF
jul2021=1625097600

# ---- readability report ------------------------------------------------------------
"$LF" --check "$tmp/in/wordy.yaml" >"$tmp/out" 2>"$tmp/err"
st=$?
check "report: --check on a wordy leaflet exits 0 (warnings are not errors), got $st" [ "$st" -eq 0 ]
check "report: the 30-word sentence is flagged at FILE:LINE:COL" \
    grep -q "^$tmp/in/wordy.yaml:11:12: warning: en: sentence of 30 words (\"When you come to the hospital…\")" "$tmp/err"
check "report: exactly one warning for the wordy leaflet" [ "$(grep -c ': warning: ' "$tmp/err")" -eq 1 ]
check "report: a summary note per language" [ "$(grep -c "^$tmp/in/wordy.yaml: note: \(en\|fr\): [0-9]* words, [0-9]* sentences, [0-9.]* words/sentence, longest [0-9]*, \(Flesch\|Kandel–Moles\) -\?[0-9]* (" "$tmp/err")" -eq 2 ]
check "report: nothing on stdout" [ ! -s "$tmp/out" ]
check "report: the summary gives the longest sentence" grep -q "note: en: 32 words, 2 sentences, 16.0 words/sentence, longest 30, Flesch" "$tmp/err"

"$LF" --check "$tmp/in/plain.yaml" >"$tmp/out" 2>"$tmp/err"
check "report: plain leaflet passes" [ $? -eq 0 ]
check "report: plain leaflet has no warning" sh -c "! grep -q 'warning' '$tmp/err'"
check "report: plain leaflet gets its notes" [ "$(grep -c ': note: ' "$tmp/err")" -eq 2 ]
check "report: plain English counted" grep -q "note: en: 26 words, 5 sentences, 5.2 words/sentence, longest 8, Flesch " "$tmp/err"
score=$(sed -n 's/.*note: en: .*Flesch \(-\?[0-9]*\) .*/\1/p' "$tmp/err")
check "report: plain English reads easily (Flesch ${score:-none} >= 80)" [ "${score:-0}" -ge 80 ]
"$LF" -q --check "$tmp/in/plain.yaml" >"$tmp/out" 2>"$tmp/err"
check "report: -q silences the notes" [ ! -s "$tmp/err" ]
"$LF" -q --check "$tmp/in/wordy.yaml" 2>"$tmp/err"
check "report: -q keeps the warnings" grep -q ': warning: en: sentence of 30 words' "$tmp/err"

# --strict: warnings fail, nothing written
"$LF" --strict -o "$tmp/strict" "$tmp/in/wordy.yaml" 2>"$tmp/err"
st=$?
check "strict: exit status 1 on the wordy leaflet (got $st)" [ "$st" -eq 1 ]
check "strict: nothing written" [ ! -e "$tmp/strict" ]
check "strict: says why" grep -q '^leaflet: error: --strict: 1 warning counts as errors; nothing written$' "$tmp/err"
"$LF" --strict --check "$tmp/in/wordy.yaml" 2>/dev/null
check "strict: --check --strict exits 1" [ $? -eq 1 ]
"$LF" -q --strict -o "$tmp/strict2" "$tmp/in/plain.yaml" 2>"$tmp/err"
check "strict: a plain leaflet still renders" [ $? -eq 0 ] && [ -f "$tmp/strict2/plain/generic-en-fr-office.pdf" ]

# review date
SOURCE_DATE_EPOCH=$jul2021 "$LF" --check "$tmp/in/stale.yaml" 2>"$tmp/err"
check "review: passed review date is a warning, not an error" [ $? -eq 0 ]
check "review: warning at the review date" \
    grep -q "^$tmp/in/stale.yaml:4:9: warning: review date 2021-06-30 has passed (today is 2021-07-01)" "$tmp/err"
SOURCE_DATE_EPOCH=$((jul2021 - 86400)) "$LF" --check "$tmp/in/stale.yaml" 2>"$tmp/err"
check "review: no warning on the review day itself" sh -c "! grep -q 'review date' '$tmp/err'"
SOURCE_DATE_EPOCH=$jul2021 "$LF" --strict --check "$tmp/in/stale.yaml" 2>/dev/null
check "review: --strict fails on a passed review date" [ $? -eq 1 ]
"$LF" --check "$tmp/in/stale.yaml" 2>"$tmp/err"
check "review: without SOURCE_DATE_EPOCH, today's clock is used" grep -q 'review date 2021-06-30 has passed' "$tmp/err"

# the real content: the report must stay short
"$LF" --check content/leaflets/*.yaml 2>"$tmp/err"
check "content: --check passes" [ $? -eq 0 ]
n=$(grep -c ': warning: ' "$tmp/err")
check "content: at most 2 readability warnings (got $n)" [ "$n" -le 2 ]

# ---- --proof -------------------------------------------------------------------------
"$LF" -q --proof -o "$tmp/proof" "$tmp/in/plain.yaml" 2>"$tmp/err"
check "proof: renders" [ $? -eq 0 ]
png=$tmp/proof/plain/generic-en-fr-office-1.png
check "proof: page image beside the PDF" [ -f "$png" ]
check "proof: it is a PNG" sh -c "head -c 8 '$png' | od -An -c | grep -q 'P   N   G'"
pages=$(pdfinfo "$tmp/proof/plain/generic-en-fr-office.pdf" | sed -n 's/^Pages: *//p')
check "proof: one image per page" [ "$(ls "$tmp/proof/plain" | grep -c '^generic-en-fr-office-[0-9]*\.png$')" -eq "${pages:-0}" ]
check "proof: no temporary folder left" sh -c "! ls -A '$tmp/proof/plain' | grep -q '^\.proof'"
check "proof: images are not in SHA256SUMS" sh -c "! grep -q png '$tmp/proof/plain/SHA256SUMS'"
touch "$tmp/proof/plain/generic-en-fr-office-9.png"
"$LF" -q --proof -o "$tmp/proof" "$tmp/in/plain.yaml" 2>/dev/null
check "proof: stale page images of the same PDF are replaced" [ ! -e "$tmp/proof/plain/generic-en-fr-office-9.png" ]
PATH=/nonexistent "$LF" -q --proof -o "$tmp/proof2" "$tmp/in/plain.yaml" 2>"$tmp/err"
check "proof: without pdftoppm, exit 1" [ $? -eq 1 ]
check "proof: without pdftoppm, nothing written" [ ! -e "$tmp/proof2" ]
check "proof: without pdftoppm, a clear error" grep -q 'error: --proof needs pdftoppm' "$tmp/err"

# ---- install ---------------------------------------------------------------------------
dest=$tmp/x
make -s -o leaflet install DESTDIR="$dest" PREFIX=/usr >"$tmp/make.log" 2>&1
check "install: make install DESTDIR PREFIX=/usr succeeds" [ $? -eq 0 ] || cat "$tmp/make.log"
for f in bin/leaflet share/leaflet/fonts/NotoSans-Regular.ttf share/leaflet/fonts/NotoSans-BoldItalic.ttf \
    share/leaflet/fonts/OFL.txt share/leaflet/hyphen/hyph_fr.dic share/leaflet/hyphen/hyph_en_US.dic \
    share/leaflet/hyphen/copyright.hyphen-fr share/man/man1/leaflet.1 share/man/man5/leaflet-content.5; do
    check "install: $f" [ -f "$dest/usr/$f" ]
done
check "install: the binary is executable" [ -x "$dest/usr/bin/leaflet" ]
# Only the installed fonts can be found: fontconfig sees no system folder.
cat >"$tmp/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>$tmp/fc-cache</cachedir></fontconfig>
EOF
cp "$tmp/in/plain.yaml" "$tmp/plain-copy.yaml"
(cd / && FONTCONFIG_FILE=$tmp/fonts.conf "$dest/usr/bin/leaflet" -q -o "$tmp/inst-out" "$tmp/in/plain.yaml") 2>"$tmp/err"
check "install: the installed binary renders from / with only its own fonts" [ $? -eq 0 ] || cat "$tmp/err"
pdf=$tmp/inst-out/plain/generic-en-fr-office.pdf
check "install: PDF written" [ -f "$pdf" ]
check "install: NotoSans embedded" sh -c "pdffonts '$pdf' | grep -E 'NotoSans-Regular' | grep -q ' yes '"
# Control: without the installed fonts the same run fails, so they were used.
mkdir -p "$tmp/nofonts/usr/bin"
cp "$dest/usr/bin/leaflet" "$tmp/nofonts/usr/bin/leaflet"
(cd / && FONTCONFIG_FILE=$tmp/fonts.conf "$tmp/nofonts/usr/bin/leaflet" -q -o "$tmp/nofonts-out" "$tmp/in/plain.yaml") 2>"$tmp/err"
check "install: control: no fonts installed, no leaflet" [ $? -eq 1 ]
check "install: control: says which font is missing" grep -q "error: font 'Noto Sans" "$tmp/err"
# The installed hyphenation patterns are the ones opened (when strace can tell).
if strace -f -o /dev/null true 2>/dev/null; then
    (cd / && FONTCONFIG_FILE=$tmp/fonts.conf strace -f -e trace=open,openat -o "$tmp/strace" \
        "$dest/usr/bin/leaflet" -q -o "$tmp/inst-out2" "$tmp/in/plain.yaml") 2>/dev/null
    check "install: hyphenation patterns come from share/leaflet/hyphen" \
        grep -q "share/leaflet/hyphen/hyph_fr.dic\", O_RDONLY[^=]*= [0-9]" "$tmp/strace"
else
    echo "note: strace unusable here; hyphenation lookup not traced"
fi
make -s uninstall DESTDIR="$dest" PREFIX=/usr >"$tmp/make.log" 2>&1
check "install: make uninstall succeeds" [ $? -eq 0 ]
check "install: uninstall leaves no file" [ -z "$(find "$dest" -type f)" ]
check "install: uninstall removes share/leaflet" [ ! -e "$dest/usr/share/leaflet" ]

# ---- man pages ---------------------------------------------------------------------------
for m in doc/leaflet.1 doc/leaflet-content.5; do
    groff -ww -man -Tutf8 "$m" >/dev/null 2>"$tmp/err"
    check "man: groff -ww $m is silent: $(head -c 300 "$tmp/err")" [ ! -s "$tmp/err" ]
    MANWIDTH=80 man --warnings -l "$m" >"$tmp/page" 2>"$tmp/err"
    check "man: man --warnings $m is silent: $(head -c 300 "$tmp/err")" [ ! -s "$tmp/err" ]
    check "man: $m renders" grep -q 'NAME' "$tmp/page"
done
for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
    check "man: leaflet.1 has $s" grep -q "^\.SH $s\$" doc/leaflet.1
done
check "man: leaflet.1 documents SOURCE_DATE_EPOCH" grep -q '^\.B SOURCE_DATE_EPOCH$' doc/leaflet.1
check "man: leaflet.1 documents NO_COLOR" grep -q '^\.B NO_COLOR$' doc/leaflet.1

# ---- --help, --version, streams, colour ----------------------------------------------------
"$LF" --help >"$tmp/help" 2>"$tmp/err"
check "help: exit 0, on stdout only" [ $? -eq 0 ] && [ -s "$tmp/help" ] && [ ! -s "$tmp/err" ]
longs=$(sed -n '/longopts\[\] = {/,/{NULL, 0, NULL, 0}/p' src/main.c | grep -o '{"[a-z-]*", [a-z_]*, NULL, [A-Za-z_'\'']*}')
n=0
for o in $(printf '%s\n' "$longs" | sed 's/^{"\([a-z-]*\)".*/\1/'); do
    n=$((n + 1))
    check "help: --help lists --$o" grep -q -- "--$o\b" "$tmp/help"
    mo=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    check "man: leaflet.1 lists --$o" grep -q -- "\\\\-\\\\-$mo\b" doc/leaflet.1
    # GNU style: an option with a short form is shown as "-x, --long"
    short=$(printf '%s\n' "$longs" | grep "{\"$o\"," | sed -n "s/.*NULL, '\(.\)'}/\1/p")
    if [ -n "$short" ]; then
        check "help: -$short, --$o" grep -q -- "-$short, --$o\b" "$tmp/help"
    fi
done
check "help: found the long options in main.c ($n)" [ "$n" -ge 14 ]
"$LF" --version >"$tmp/ver" 2>"$tmp/err"
check "version: exit 0" [ $? -eq 0 ] && [ ! -s "$tmp/err" ]
check "version: leaflet, libharu, libyaml, fontconfig" \
    grep -qE '^libharu [0-9.]+, libyaml [0-9.]+, fontconfig [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/ver"
check "version: first line" grep -qE '^leaflet [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/ver"
"$LF" --bogus >"$tmp/out" 2>"$tmp/err"
check "usage: unknown option exits 2, message on stderr" [ $? -eq 2 ] && [ ! -s "$tmp/out" ] && [ -s "$tmp/err" ]
esc=$(printf '\033')
"$LF" --check "$tmp/in/wordy.yaml" 2>"$tmp/err"
check "colour: none when stderr is not a terminal" sh -c "! grep -q '$esc' '$tmp/err'"
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "'$LF' --check '$tmp/in/wordy.yaml'" /dev/null >"$tmp/tty" 2>&1
    check "colour: on a terminal" grep -q "$esc\[" "$tmp/tty"
    NO_COLOR=1 script -qec "'$LF' --check '$tmp/in/wordy.yaml'" /dev/null >"$tmp/tty" 2>&1
    check "colour: never with NO_COLOR" sh -c "grep -q 'warning' '$tmp/tty' && ! grep -q '$esc' '$tmp/tty'"
else
    echo "note: script(1) unusable here; terminal colour not tested"
fi

echo "e2e-authors: $ok ok, $bad bad"
[ "$bad" -eq 0 ]
