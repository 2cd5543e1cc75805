#!/bin/sh
# The bad-input corpus (see README.md). Run from the repository root:
#     sh tests/bad/run.sh
# For each tests/bad/*.yaml: `leaflet --check FILE`; for each
# tests/bad/staff-*.yaml: `leaflet --check --staff FILE tests/bad/good/ok.yaml`.
# Every case must exit 1, print each of its `# expect:` lines exactly on
# stderr, print no other error for that file, and write nothing (-o points at
# an empty directory that must stay empty). Prints `ok NAME` or
# `FAIL NAME: WHY` per case, and last `bad-input: N ok, M bad`.
# LEAFLET=path/to/binary overrides ./leaflet.
LEAFLET=${LEAFLET:-./leaflet}
GOOD=tests/bad/good/ok.yaml
nok=0
nbad=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

pass() { echo "ok $1"; nok=$((nok + 1)); }
fail() { echo "FAIL $1: $2"; nbad=$((nbad + 1)); }

# run NAME FILE EXPECTFILE ARGS... : one case; EXPECTFILE holds the expected
# lines (with "# expect: " removed). Sets nothing; reports pass/fail.
run() {
    name=$1 file=$2 expect=$3
    shift 3
    out="$tmp/out.$name"
    mkdir "$out" || { fail "$name" "cannot create $out"; return; }
    "$LEAFLET" --check -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    why=""
    if [ "$status" -ne 1 ]; then
        why="exit status $status, expected 1"
    fi
    if [ ! -s "$expect" ]; then
        why="${why:+$why; }no '# expect:' line in $file"
    fi
    while IFS= read -r line; do
        grep -Fxq -- "$line" "$tmp/stderr" || why="${why:+$why; }missing: $line"
    done <"$expect"
    # no error about this file that was not expected
    grep -F -- "$file:" "$tmp/stderr" | grep -F ': error: ' >"$tmp/errors"
    while IFS= read -r line; do
        grep -Fxq -- "$line" "$expect" || why="${why:+$why; }unexpected: $line"
    done <"$tmp/errors"
    if [ -n "$(ls -A "$out")" ]; then
        why="${why:+$why; }wrote into the output directory"
    fi
    if [ -n "$why" ]; then
        fail "$name" "$why"
        sed 's/^/    stderr: /' "$tmp/stderr" | head -n 20
    else
        pass "$name"
    fi
}

if [ ! -x "$LEAFLET" ]; then
    fail setup "$LEAFLET not found (build it with make)"
    echo "bad-input: $nok ok, $nbad bad"
    exit 1
fi

# The reference leaflet itself must pass, or every staff case proves nothing.
mkdir "$tmp/out.good"
if "$LEAFLET" --check -o "$tmp/out.good" "$GOOD" >"$tmp/stdout" 2>"$tmp/stderr"; then
    pass good/ok
else
    fail good/ok "exit status $?, expected 0"
    sed 's/^/    stderr: /' "$tmp/stderr" | head -n 20
fi

for f in tests/bad/*.yaml; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .yaml)
    sed -n 's/^# expect: //p' "$f" >"$tmp/expect"
    case $name in
    staff-*) run "$name" "$f" "$tmp/expect" --staff "$f" "$GOOD" ;;
    *) run "$name" "$f" "$tmp/expect" "$f" ;;
    esac
done

# A file over 1 MiB: generated here rather than committed.
big="$tmp/too-large.yaml"
{
    printf 'id: too-large\nlanguages: [fr]\ntitle: Essai\nbody:\n  - para: x\n'
    dd if=/dev/zero bs=1024 count=1025 2>/dev/null | tr '\0' '#'
} >"$big"
size=$(wc -c <"$big" | tr -d ' ')
echo "$big: error: file too large ($size bytes; the limit is 1 MiB)" >"$tmp/expect"
run too-large "$big" "$tmp/expect" "$big"

echo "bad-input: $nok ok, $nbad bad"
[ "$nbad" -eq 0 ]
