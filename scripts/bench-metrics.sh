#!/usr/bin/env bash
# Reproduces the metrics figures in BENCHMARKS.md on the scale case. Needs
# hyperfine and sqlite3 (apt-get install -y hyperfine sqlite3).
# Usage: scripts/bench-metrics.sh SCALE_DB   (the file is copied, never opened in place)
set -euo pipefail
cd "$(dirname "$0")/.."
export ROLO_NOW=2026-11-27T10:00:00Z
src=${1:?usage: scripts/bench-metrics.sh SCALE_DB (e.g. /work/scale/scale-v1.db)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/rolo" .
db="$work/scale.db"
cp "$src" "$db"
# Commands that only read refuse a file at an older schema: one writing
# command upgrades the copy (the metrics' indexes and history summary).
/usr/bin/time -f "upgrade on first write: %e s" "$work/rolo" config set currency USD --db "$db" >/dev/null

echo "== the SQL rolo report runs for this quarter, written out for the sqlite3 shell"
ROLO_METRICS_DB="$db" ROLO_METRICS_SQL="$work/report.sql" go test ./store -run '^TestMetricsSQLForTheShell$' -count 1 >/dev/null
grep -c ';$' "$work/report.sql" | sed 's/^/statements: /'

shell="sqlite3 $db '.read $work/report.sql'"
report="$work/rolo report --json --period this-quarter --db $db"

echo "== rolo report --json (this quarter) vs the sqlite3 shell, run alternately (robust to other load)"
ta=() tb=()
for _ in $(seq 1 40); do
	s=$(date +%s%N); bash -c "$shell" >/dev/null; e=$(date +%s%N); ta+=($(((e - s) / 1000000)))
	s=$(date +%s%N); bash -c "$report" >/dev/null; e=$(date +%s%N); tb+=($(((e - s) / 1000000)))
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "min %d ms, median %d ms", v[1], v[int((NR+1)/2)]}'; }
echo "sqlite3 shell: $(stats "${ta[@]}")"
echo "rolo report:   $(stats "${tb[@]}")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== the same with hyperfine (each command's runs back to back)"
hyperfine -N -w 3 -r 30 "$shell" "$report"

echo "== other periods, and the table (which also computes the previous period)"
hyperfine -N -w 3 -r 15 "$work/rolo report --json --period this-month --db $db" \
	"$work/rolo report --json --period last-quarter --db $db" "$work/rolo report --json --period last-12m --db $db" \
	"$work/rolo report --period this-quarter --db $db"

echo "== in process: a period's figures, trends, forecast, each drill-down's first page (wall and CPU per run)"
ROLO_METRICS_DB="$db" go test ./store -run '^$' -bench 'Metrics' -benchtime 20x -count 3
