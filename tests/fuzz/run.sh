#!/bin/sh
# make fuzz: runs each libFuzzer target for SECONDS seconds.
#     sh tests/fuzz/run.sh BUILD_DIR SECONDS NAME...
# Corpus: BUILD_DIR/corpus-NAME (grows from run to run, not committed), seeded
# with content/, tests/bad/ and the kept crashers tests/fuzz/regress/NAME/.
# A crash, a sanitizer report, a leak, a timeout (> 10 s for one input) or an
# input using more than 2 GB stops the target: the input is saved as
# BUILD_DIR/NAME-crash-* (or leak-, timeout-, oom-); fix the bug, then copy the
# input to tests/fuzz/regress/NAME/ (make sanitize and make test replay it).
# Last line: `fuzz: N ok, M bad` (targets).
cd "$(dirname "$0")/../.." || exit 2
dir=$1 secs=$2
shift 2
root=$(pwd)
seed=$dir/seed
rm -rf "$seed"
mkdir -p "$seed" || exit 2
cp content/leaflets/*.yaml content/staff.yaml tests/e2e/staff.yaml "$seed/" 2>/dev/null
for f in tests/bad/*.yaml tests/bad/good/*.yaml; do cp "$f" "$seed/bad-$(basename "$f")"; done
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ok=0 bad=0
for n in "$@"; do
    corpus=$dir/corpus-$n
    mkdir -p "$corpus" "tests/fuzz/regress/$n"
    dict=
    [ -f "tests/fuzz/$n.dict" ] && dict=-dict=tests/fuzz/$n.dict
    echo "fuzz: $n for ${secs}s"
    if "$dir/fuzz_$n" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/$n-" $dict \
        "$corpus" "$seed" "tests/fuzz/regress/$n" >"$dir/fuzz-$n.log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done' "$dir/fuzz-$n.log" | tr '\n' ' '
        echo
        ok=$((ok + 1))
    else
        bad=$((bad + 1))
        echo "FAIL fuzz_$n: see $dir/fuzz-$n.log; input saved as:"
        ls "$dir/$n-"* 2>/dev/null
        grep -E 'ERROR|SUMMARY|#[0-9]+ 0x' "$dir/fuzz-$n.log" | head -n 20
    fi
done
echo "fuzz: $ok ok, $bad bad"
[ "$bad" -eq 0 ]
