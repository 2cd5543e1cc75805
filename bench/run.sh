#!/bin/sh
# make bench: speed and size of the batch (not part of make test; no
# assertions). For 10, 100 and 1,000 generated staff (bench/gen-staff.py),
# renders the immunotherapy leaflet (office profile, -j 2 by default) into a
# fresh folder and prints, per size: leaflets written, wall seconds (process
# start to exit, SHA256SUMS and its syncfs included), ms per leaflet,
# leaflets per second, bytes per leaflet, peak RSS (GNU time: the largest of
# the main process and its workers).
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "leaflet bench: $profile profile, -j $jobs, $(nproc) CPU ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(date -u +%Y-%m-%d)"
printf '%8s %9s %8s %11s %10s %12s %9s\n' staff leaflets wall_s ms/leaflet leaflets/s bytes/leaflet peak_RSS
for n in $sizes; do
    python3 bench/gen-staff.py "$n" >"$tmp/staff-$n.yaml" || exit 1
    best=""
    for r in $(seq 1 "$runs"); do
        rm -rf "$tmp/out"
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" -q -j "$jobs" -p "$profile" \
            --staff "$tmp/staff-$n.yaml" -o "$tmp/out" "$leaflet" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; exit 1; }
        read -r wall rss <"$tmp/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; bestrss=$rss; fi
    done
    count=$(find "$tmp/out" -name '*.pdf' | wc -l)
    bytes=$(find "$tmp/out" -name '*.pdf' -exec cat {} + | wc -c)
    awk -v n="$n" -v c="$count" -v w="$best" -v b="$bytes" -v m="$bestrss" 'BEGIN {
        printf "%8d %9d %8.3f %11.3f %10.0f %12.0f %6.1f MB\n", n, c, w, (w * 1000) / c,
               (w > 0 ? c / w : 0), b / c, m / 1024 }'
done
