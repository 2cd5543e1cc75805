#!/bin/sh
# Runs the test suites against a sanitizer build (make sanitize / sanitize-quick).
#     sh tests/sanitize.sh BUILD_DIR full|quick
# BUILD_DIR holds the ASan+UBSan leaflet, test_* and fuzzrun_* programs. The
# suites run in a shadow tree BUILD_DIR/tree (symbolic links to this tree, the
# sanitizer binary as ./leaflet), so every suite uses it unchanged. `quick`
# runs the unit tests, the fuzz regressions, the bad-input corpus and one
# end-to-end batch (tests/e2e/office.sh); `full` runs every suite.
# The last line is tests/run.sh's `tests: N passed, M failed`.
cd "$(dirname "$0")/.." || exit 2
san=$1 mode=$2
root=$(pwd)
case $san in /*) ;; *) san=$root/$san ;; esac
[ -x "$san/leaflet" ] || { echo "sanitize: $san/leaflet not built"; exit 2; }
tree=$san/tree
rm -rf "$tree"
mkdir -p "$tree/tests/e2e" || exit 2
for f in * .[!.]*; do
    [ -e "$f" ] || continue
    case $f in leaflet | tests | build* | out | .git) continue ;; esac
    ln -s "$root/$f" "$tree/$f"
done
for f in tests/*; do
    [ "$f" = tests/e2e ] || ln -s "$root/$f" "$tree/$f"
done
for f in tests/e2e/*; do
    case $f in
    *.sh) [ "$mode" = full ] || [ "$f" = tests/e2e/office.sh ] || continue ;;
    esac
    ln -s "$root/$f" "$tree/$f"
done
cp "$san/leaflet" "$tree/leaflet" || exit 2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1
LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
echo "sanitize ($mode): ASan+UBSan build in $san"
# shellcheck disable=SC2046
sh "$tree/tests/run.sh" $(ls "$san"/test_* "$san"/fuzzrun_* 2>/dev/null | grep -v '\.d$')
