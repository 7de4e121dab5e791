#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md on the scale case. Needs
# hyperfine, sqlite3, tmux and script(1) (util-linux):
#   apt-get install -y hyperfine sqlite3 tmux
# Usage: scripts/bench.sh [DB]   (DB defaults to a new scale demo database)
set -euo pipefail
cd "$(dirname "$0")/.."
export ROLO_NOW=2026-11-27T10:00:00Z
work=$(mktemp -d)
trap 'tmux -L rolo-bench kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/rolo" .
bin="$work/rolo"

db=${1:-}
if [ -z "$db" ]; then
	db="$work/scale.db"
	echo "== demo generation (scale case)"
	/usr/bin/time -f "peak RSS %M KB" "$bin" demo --db "$db" --accounts 20000 --deals 100000 --activities 1000000
fi
ls -l "$db"
# Commands that only read refuse a file at an older schema (the scale case
# is v1): one writing command upgrades it, after a backup beside it.
"$bin" config set currency USD --db "$db" >/dev/null

echo "== rolo pipeline vs the sqlite3 shell running the same SQL"
cat > "$work/pipeline.sql" <<'SQL'
SELECT id, name, position, probability, rot_days FROM stages WHERE archived_at IS NULL ORDER BY position, id;
SELECT stage_id, currency, deals, total_minor, plain_minor, override_weighted FROM pipeline_totals WHERE deals > 0;
SQL
hyperfine -N -w 3 -r 30 "sqlite3 $db '.read $work/pipeline.sql'" "$bin pipeline --db $db"

echo "== rolo today vs the sqlite3 shell running the same SQL"
open="d.status = 'open' AND d.archived_at IS NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= '2026-11-27')"
stale="(d.next_due > '2026-11-27' OR (d.next_due IS NULL AND d.next_step <> ''))"
{
	echo "SELECT id, name, position, probability, rot_days FROM stages WHERE archived_at IS NULL ORDER BY position, id;"
	echo "SELECT count(*) FROM deals d INDEXED BY deals_open_due WHERE $open AND d.next_due < '2026-11-27';"
	echo "SELECT count(*) FROM deals d INDEXED BY deals_open_due WHERE $open AND d.next_due = '2026-11-27';"
	echo "SELECT count(*) FROM deals d INDEXED BY deals_open_due WHERE $open AND d.next_due IS NULL AND d.next_step = '';"
	for s in "4 2026-11-17" "3 2026-11-06" "2 2026-11-13" "1 2026-11-13"; do
		set -- $s
		echo "SELECT count(*) FROM deals d INDEXED BY deals_open_touch WHERE $open AND d.stage_id = $1 AND d.last_touch_at < '$2T10:00:00Z' AND $stale;"
	done
	echo "SELECT d.id, d.title, a.name, d.value_minor, d.currency, d.next_step, d.next_due FROM deals d INDEXED BY deals_open_due
	      JOIN accounts a ON a.id = d.account_id LEFT JOIN contacts c ON c.id = d.contact_id
	      WHERE $open AND d.next_due < '2026-11-27' ORDER BY d.next_due, d.id LIMIT 50;"
} > "$work/today.sql"
hyperfine -N -w 3 -r 30 "sqlite3 $db '.read $work/today.sql'" "$bin today --db $db"

echo "== process start to first full frame (pty via script(1); the time until the Today summary is drawn)"
base=() ; runs=()
for i in $(seq 1 10); do
	for what in base rolo; do
		if [ $what = base ]; then cmd="stty cols 120 rows 40; exec echo stale"; else cmd="stty cols 120 rows 40; exec $bin --db $db"; fi
		s=$(date +%s%N)
		(sleep 2 | timeout 2 script -qfec "$cmd" /dev/null 2>/dev/null | (grep -m1 -q stale; date +%s%N > "$work/t"; cat > /dev/null)) || true
		e=$(cat "$work/t")
		ms=$(( (e - s) / 1000000 ))
		if [ $what = base ]; then base+=("$ms"); else runs+=("$ms"); fi
	done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "script+stty+echo baseline median: $(median "${base[@]}") ms; rolo median: $(median "${runs[@]}") ms (runs: ${runs[*]})"

echo "== peak memory with the app open (tmux 120x40: Today, Pipeline, scroll, filter, Accounts, back)"
tmux -L rolo-bench new-session -d -s m -x 120 -y 40 "ROLO_NOW=$ROLO_NOW $bin --db $db"
sleep 1
for k in 2 j j j j j j j j j j l l j j / n o r t h Enter Escape 3 j j j j 1; do tmux -L rolo-bench send-keys -t m "$k"; sleep 0.05; done
sleep 4
pid=$(pgrep -f "^$bin --db $db" | head -1)
grep -E "VmHWM|VmRSS" "/proc/$pid/status"
tmux -L rolo-bench kill-server

echo "== in-process benchmarks (Update+View per key, stage move with its write, filter reload, first frame)"
ROLO_BENCH_DB="$db" go test ./tui -run '^$' -bench . -benchtime 2s -count 3
