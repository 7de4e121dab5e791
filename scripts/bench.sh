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
	# The renewal segment comes first: its count, and (at the scale case
	# it holds over 50 rows) the first page, each row's contract, account
	# and renewal deal.
	renew="c.status = 'active' AND c.archived_at IS NULL AND c.notice_date <= '2026-12-04'
	      AND (c.notice_date >= '2026-11-27' OR c.end_date <= '2026-12-04') AND (c.snoozed_until IS NULL OR c.snoozed_until <= '2026-11-27')"
	echo "SELECT count(*) FROM contracts c INDEXED BY contracts_active_notice WHERE $renew;"
	echo "CREATE TEMP TABLE page AS SELECT c.id FROM contracts c INDEXED BY contracts_active_notice WHERE $renew
	      ORDER BY CASE WHEN c.notice_date >= '2026-11-27' THEN c.notice_date ELSE c.end_date END, c.end_date, c.id LIMIT 50;"
	echo "CREATE TEMP TABLE items AS SELECT r.*, CASE WHEN r.status = 'active' THEN (SELECT d.id FROM deals d INDEXED BY deals_open_renewals
	      		WHERE d.account_id = r.account_id AND d.kind = 'renewal' AND d.status = 'open' AND d.archived_at IS NULL
	      		AND r.end_date = (SELECT min(c2.end_date) FROM contracts c2 WHERE c2.account_id = r.account_id AND c2.status = 'active'
	      			AND c2.archived_at IS NULL)
	      		ORDER BY d.expected_close IS NULL, d.expected_close, d.id LIMIT 1) END AS deal_id_,
	      CASE WHEN r.status = 'renewed' THEN (SELECT n.id FROM contracts n WHERE n.account_id = r.account_id AND n.renews_id = r.id
	      		AND n.archived_at IS NULL ORDER BY n.id LIMIT 1) END AS next_id
	      FROM contracts r WHERE r.id IN (SELECT id FROM page);"
	echo "SELECT * FROM items;"
	echo "SELECT a.* FROM accounts a WHERE a.id IN (SELECT account_id FROM items);"
	echo "SELECT * FROM contracts INDEXED BY contracts_active_account WHERE status = 'active' AND archived_at IS NULL
	      AND account_id IN (SELECT account_id FROM items) ORDER BY start_date, id;"
	echo "SELECT d.*, a.name, c.name FROM deals d JOIN accounts a ON a.id = d.account_id LEFT JOIN contacts c ON c.id = d.contact_id
	      WHERE d.id IN (SELECT deal_id_ FROM items);"
} > "$work/today.sql"
hyperfine -N -w 3 -r 30 "sqlite3 $db '.read $work/today.sql'" "$bin today --db $db"

echo "== rolo renewals --json vs the sqlite3 shell running the same SQL (this week: Mon Nov 23 – Sun Nov 29)"
# The review's rows in order, then every row's contract, its account's row
# with every figure health needs (rolo reads them 500 ids at a time; the
# shell keeps the ids in a temporary table), the contracts ending with
# each, the renewal deals' stages and the next terms by id.
cat > "$work/renewals.sql" <<'SQL'
SELECT key, value FROM settings;
SELECT id, name, position, probability, rot_days, archived_at IS NOT NULL, version FROM stages WHERE archived_at IS NULL ORDER BY position, id;
CREATE TEMP TABLE ids AS SELECT id, part, status, currency, value_minor FROM (
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, c.notice_date, c.snoozed_until, NULL AS updated_at,
		CASE WHEN c.snoozed_until > '2026-11-27' THEN 1 ELSE 0 END AS part
	FROM contracts c INDEXED BY contracts_active_notice
	WHERE c.status = 'active' AND c.archived_at IS NULL AND c.notice_date <= '2026-11-29'
	UNION ALL
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, NULL, NULL, c.updated_at, 2
	FROM contracts c INDEXED BY contracts_decided
	WHERE c.status <> 'active' AND c.archived_at IS NULL AND c.end_date BETWEEN '2026-11-23' AND '2027-11-30'
		AND (date(c.end_date, '-' || c.notice_days || ' days') BETWEEN '2026-11-23' AND '2026-11-29' OR c.end_date BETWEEN '2026-11-23' AND '2026-11-29')
	UNION ALL
	SELECT c.id, c.status, c.currency, c.value_minor, c.end_date, NULL, NULL, c.updated_at, 2
	FROM contracts c INDEXED BY contracts_decided_at
	WHERE c.status <> 'active' AND c.archived_at IS NULL AND c.updated_at >= '2026-11-23T00:00:00Z' AND c.updated_at < '2026-11-30T00:00:00Z'
		AND NOT (c.end_date BETWEEN '2026-11-23' AND '2027-11-30'
		AND (date(c.end_date, '-' || c.notice_days || ' days') BETWEEN '2026-11-23' AND '2026-11-29' OR c.end_date BETWEEN '2026-11-23' AND '2026-11-29'))
) ORDER BY part, CASE part WHEN 0 THEN (CASE WHEN notice_date >= '2026-11-27' THEN notice_date ELSE end_date END) WHEN 1 THEN snoozed_until END,
	CASE WHEN part = 2 THEN updated_at END DESC, end_date, id;
CREATE TEMP TABLE rows AS SELECT r.*, CASE WHEN r.status = 'active' THEN (SELECT d.id FROM deals d INDEXED BY deals_open_renewals
		WHERE d.account_id = r.account_id AND d.kind = 'renewal' AND d.status = 'open' AND d.archived_at IS NULL
		AND r.end_date = (SELECT min(c2.end_date) FROM contracts c2 WHERE c2.account_id = r.account_id AND c2.status = 'active'
			AND c2.archived_at IS NULL)
		ORDER BY d.expected_close IS NULL, d.expected_close, d.id LIMIT 1) END AS h_deal,
	CASE WHEN r.status = 'renewed' THEN (SELECT n.id FROM contracts n WHERE n.account_id = r.account_id AND n.renews_id = r.id
		AND n.archived_at IS NULL ORDER BY n.id LIMIT 1) END AS next_id
	FROM contracts r WHERE r.id IN (SELECT id FROM ids);
SELECT * FROM ids;
SELECT * FROM rows;
-- Each account's row as the Accounts list reads it (store.AccountRows:
-- accountColumns and accountFacts), for its health.
SELECT a.id, a.name, a.status, a.tier, a.industry, a.website, a.cadence_days, a.churn_reason, a.notes, a.customer_since,
	a.last_touch_at, a.created_at, a.updated_at, a.archived_at IS NOT NULL, a.source_system, a.external_id, a.version, a.next_checkin,
	(SELECT count(*) FROM deals d INDEXED BY deals_open_account WHERE d.account_id = a.id AND d.status = 'open' AND d.archived_at IS NULL),
	(SELECT group_concat(c.currency || ' ' || c.value_minor) FROM contracts c
		WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date <= '2026-11-27' AND c.end_date >= '2026-11-27'),
	(SELECT group_concat(i.severity || ' ' || i.opened_at) FROM support_issues i
		WHERE i.account_id = a.id AND i.resolved_at IS NULL AND i.archived_at IS NULL),
	(SELECT s.score || ' ' || s.at FROM surveys s WHERE s.account_id = a.id AND s.kind = 'csat' AND s.archived_at IS NULL
		ORDER BY s.at DESC, s.id DESC LIMIT 1),
	(SELECT s.score || ' ' || s.at FROM surveys s WHERE s.account_id = a.id AND s.kind = 'nps' AND s.archived_at IS NULL
		ORDER BY s.at DESC, s.id DESC LIMIT 1),
	(SELECT c.end_date || ' ' || c.auto_renew || ' ' || c.status FROM contracts c
		WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date <= '2026-11-27' AND c.end_date >= '2026-11-27'
		ORDER BY c.end_date DESC, c.start_date, c.id LIMIT 1),
	EXISTS (SELECT 1 FROM deals d INDEXED BY deals_open_renewals WHERE d.account_id = a.id AND d.kind = 'renewal' AND d.status = 'open'
		AND d.archived_at IS NULL)
		OR EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = a.id AND c.archived_at IS NULL AND c.start_date > '2026-11-27')
FROM accounts a WHERE a.id IN (SELECT account_id FROM rows);
SELECT * FROM contracts INDEXED BY contracts_active_account WHERE status = 'active' AND archived_at IS NULL
	AND account_id IN (SELECT account_id FROM rows WHERE status = 'active') ORDER BY start_date, id;
SELECT id, stage_id FROM deals WHERE id IN (SELECT h_deal FROM rows);
SELECT * FROM contracts WHERE id IN (SELECT next_id FROM rows);
SQL
hyperfine -N -w 3 -r 20 "sqlite3 $db '.read $work/renewals.sql'" "$bin renewals --json --db $db"

echo "== process start to first full frame (pty via script(1); the time until the Today summary is drawn)"
base=() ; runs=()
for i in $(seq 1 10); do
	for what in base rolo; do
		if [ $what = base ]; then cmd="stty cols 120 rows 40; exec echo overdue"; else cmd="stty cols 120 rows 40; exec $bin --db $db"; fi
		s=$(date +%s%N)
		(sleep 2 | timeout 2 script -qfec "$cmd" /dev/null 2>/dev/null | (grep -m1 -q overdue; date +%s%N > "$work/t"; cat > /dev/null)) || true
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
