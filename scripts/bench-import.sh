#!/usr/bin/env bash
# Measures `rolo import` of 1,000,000 activity rows (a generic CSV naming
# existing accounts, no ids) into a copy of the scale database, with peak
# memory, then the same file again (every row unchanged) and an export.
# Needs sqlite3, awk and GNU time:  apt-get install -y sqlite3 time
# Usage: scripts/bench-import.sh [SCALE_DB]  (default: builds one with rolo demo)
set -euo pipefail
cd "$(dirname "$0")/.."
export ROLO_NOW=2026-11-27T10:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/rolo" .
bin="$work/rolo"
if [ -n "${1:-}" ]; then
	cp "$1" "$work/scale.db"
else
	"$bin" demo --db "$work/scale.db" --accounts 20000 --deals 100000 --activities 1000000 >/dev/null
fi
# Commands that only read (doctor included) never upgrade a file; one
# that writes does, after a backup beside it (removed below).
"$bin" config set currency USD --db "$work/scale.db" >/dev/null
rm -f "$work"/scale.db.v*.bak
sqlite3 "$work/scale.db" "SELECT name FROM accounts WHERE archived_at IS NULL AND instr(name, ',') = 0 AND instr(name, '\"') = 0" > "$work/names"
awk 'BEGIN { srand(7); print "account,type,date,subject" }
	{ names[n++] = $0 }
	END {
		split("Call Email Meeting Note Check-in", kinds, " ")
		for (i = 0; i < 1000000; i++)
			printf "%s,%s,2026-%02d-%02d %02d:%02d,Followed up on the order form (%d)\n",
				names[int(rand() * n)], kinds[1 + i % 5], 1 + i % 11, 1 + i % 28, 8 + i % 10, i % 60, i
	}' "$work/names" > "$work/activities.csv"
ls -l "$work/activities.csv"
echo "== first import of 1,000,000 activities"
/usr/bin/time -f "wall %e s  user %U s  sys %S s  peak RSS %M KB" "$bin" import --db "$work/scale.db" "$work/activities.csv" | tail -2
echo "== the same file again (1,000,000 unchanged)"
/usr/bin/time -f "wall %e s  user %U s  sys %S s  peak RSS %M KB" "$bin" import --db "$work/scale.db" "$work/activities.csv" | tail -2
echo "== export --format csv --what activities (2,000,000 rows)"
/usr/bin/time -f "wall %e s  user %U s  sys %S s  peak RSS %M KB" "$bin" export --db "$work/scale.db" --format csv --what activities --out "$work/out.csv"
echo "== export --format json (the whole book)"
/usr/bin/time -f "wall %e s  user %U s  sys %S s  peak RSS %M KB" "$bin" export --db "$work/scale.db" --format json --out "$work/out.json"
ls -l "$work/out.csv" "$work/out.json"
