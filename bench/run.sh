#!/bin/sh
# make bench: speed and size of the batch (not part of make test; no
# assertions). For 10, 100 and 1,000 generated staff (bench/gen-staff.py),
# renders the immunotherapy leaflet (office profile, -j 2 by default) into a
# fresh folder and prints, per size: leaflets written, wall seconds (process
# start to exit, SHA256SUMS and its syncfs included), ms per leaflet,
# leaflets per second, bytes per leaflet, peak RSS (GNU time: the largest of
# the main process and its workers), user and system CPU seconds (all
# processes).
# Usage: bench/run.sh [LEAFLET-BINARY] ; env: JOBS (2), PROFILE (office),
#        SIZES ("10 100 1000"), RUNS (3: the best wall time is kept).
cd "$(dirname "$0")/.." || exit 2
bin=${1:-./leaflet}
jobs=${JOBS:-2}
profile=${PROFILE:-office}
sizes=${SIZES:-"10 100 1000"}
runs=${RUNS:-3}
leaflet=content/leaflets/immunotherapy.yaml
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }
# The runs write under the project folder (.bench-XXXXXX, removed at the
# end), not under /tmp, each into a folder of its own that ext4 places in a
# block group of its own (chattr +T: "top of a directory hierarchy", the
# Orlov allocator's hint; elsewhere it fails and nothing changes). On this
# ext4 (no journal) creating a file scans past every inode of its block
# group freed in the last minutes: the test suite frees thousands under
# /tmp, and every bench run 1,000 and more when it ends. Measured here:
# 0.63-0.65 s for 1,000 leaflets written next to 3,000 files deleted a
# minute before, 0.50-0.52 s in a folder of its own; that time is the
# kernel's, not ours.
tmp=$(mktemp -d "$PWD/.bench-XXXXXX") || exit 2
chattr +T "$tmp" 2>/dev/null || true
trap 'rm -rf "$tmp"' EXIT
echo "leaflet bench: $profile profile, -j $jobs, $(nproc) CPU ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(date -u +%Y-%m-%d)"
printf '%8s %9s %8s %11s %10s %12s %9s %7s %7s\n' staff leaflets wall_s ms/leaflet leaflets/s bytes/leaflet peak_RSS user_s sys_s
for n in $sizes; do
    python3 bench/gen-staff.py "$n" >"$tmp/staff-$n.yaml" || exit 1
    best=""
    for r in $(seq 1 "$runs"); do
        # a fresh folder per run, all removed at the end: ext4 scans for an
        # inode that was not freed in the last minutes when files are created
        # right after others were deleted, which would be measured as ours
        out="$tmp/out-$n-$r"
        /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$bin" -q -j "$jobs" -p "$profile" \
            --staff "$tmp/staff-$n.yaml" -o "$out" "$leaflet" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; exit 1; }
        read -r wall rss user sys <"$tmp/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
            best=$wall; bestrss=$rss; bestcpu="$user $sys"; bestout=$out
        fi
    done
    count=$(find "$bestout" -name '*.pdf' | wc -l)
    bytes=$(find "$bestout" -name '*.pdf' -exec cat {} + | wc -c)
    set -- $bestcpu
    awk -v n="$n" -v c="$count" -v w="$best" -v b="$bytes" -v m="$bestrss" -v u="$1" -v s="$2" 'BEGIN {
        printf "%8d %9d %8.3f %11.3f %10.0f %12.0f %6.1f MB %7.2f %7.2f\n", n, c, w, (w * 1000) / c,
               (w > 0 ? c / w : 0), b / c, m / 1024, u, s }'
done
