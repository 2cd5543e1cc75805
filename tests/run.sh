#!/bin/sh
# Runs every test suite and prints the total as `tests: N passed, M failed`.
# Arguments: the unit-test programs. Suites: unit programs, tests/bad (the
# bad-input corpus), tests/e2e/*.sh (end-to-end PDF checks).
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0
tally() { # file with lines "NAME: N ok, M bad"
    while read -r _ n _ m _; do
        pass=$((pass + n)); fail=$((fail + m))
    done <<EOT
$(grep -E '^[^ ]+: [0-9]+ ok, [0-9]+ bad$' "$1")
EOT
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
    if ! "$t" >"$log" 2>&1; then cat "$log"; fi
    grep -qE ': [0-9]+ ok, [0-9]+ bad$' "$log" || { echo "$t: crashed or printed no summary"; cat "$log"; fail=$((fail + 1)); }
    tail -n 1 "$log"
    tally "$log"
done
for s in tests/bad/run.sh tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    sh "$s" >"$log" 2>&1
    status=$?
    grep -vE ': [0-9]+ ok, [0-9]+ bad$' "$log" | grep -v '^ok ' | head -n 200
    grep -qE ': [0-9]+ ok, [0-9]+ bad$' "$log" || { echo "$s: exited $status and printed no summary"; fail=$((fail + 1)); }
    grep -E ': [0-9]+ ok, [0-9]+ bad$' "$log"
    tally "$log"
done
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
