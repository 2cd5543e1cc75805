#!/bin/sh
# make valgrind: a full batch (every profile, every recipient, -j 2 workers)
# under valgrind (memcheck, leak check, children traced). Any error or leak
# (definite or indirect) fails; libhyphen's and fontconfig's own leaks are
# suppressed in tests/valgrind.supp.
#     sh tests/valgrind.sh "VALGRIND COMMAND" STAFF LEAFLET...
# Last line: `valgrind: N ok, M bad`.
cd "$(dirname "$0")/.." || exit 2
vg=$1 staff=$2
shift 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
echo "valgrind: leaflet --staff $staff -p office,print,archive -j 2 $*"
# shellcheck disable=SC2086
$vg --log-file="$t/vg.%p" ./leaflet -q --staff "$staff" -p office,print,archive -j 2 -o "$t/out" "$@"
rc=$?
n=$(find "$t/out" -name '*.pdf' | wc -l)
errs=$(cat "$t"/vg.* | grep -c '^==[0-9]*== [^ ]')
ok=0 bad=0
if [ "$rc" -eq 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "FAIL exit status $rc"; fi
if [ "$errs" -eq 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "FAIL valgrind reports:"; cat "$t"/vg.* | head -n 100; fi
if [ "$n" -gt 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); echo "FAIL no PDF written"; fi
echo "$n PDF, $(ls "$t"/vg.* | wc -l) processes checked"
echo "valgrind: $ok ok, $bad bad"
[ "$bad" -eq 0 ]
