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
# The first open migrates the copy (the metrics' indexes and summary).
"$work/rolo" report --db "$db" --json >/dev/null

echo "== the SQL rolo report runs for this quarter, written out for the sqlite3 shell"
ROLO_BENCH_DB="$db" ROLO_METRICS_SQL="$work/report.sql" go test ./store -run '^TestMetricsSQLForTheShell$' -count 1 >/dev/null
grep -c ';$' "$work/report.sql" | sed 's/^/statements: /'

echo "== rolo report --json (this quarter) vs the sqlite3 shell running the same SQL"
hyperfine -N -w 3 -r 30 "sqlite3 $db '.read $work/report.sql'" "$work/rolo report --json --period this-quarter --db $db"

echo "== other periods"
hyperfine -N -w 3 -r 20 "$work/rolo report --json --period last-quarter --db $db" "$work/rolo report --json --period last-12m --db $db" \
	"$work/rolo report --period this-quarter --db $db"

echo "== in process: every figure of a period, trends, forecast, each drill-down's first page"
ROLO_BENCH_DB="$db" go test ./store -run '^$' -bench 'Metrics' -benchtime 20x -count 3
