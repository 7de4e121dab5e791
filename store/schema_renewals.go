package store

// migrationRenewals serves the renewal review, which finds contracts by
// their notice deadline (end − notice days: the last day either side can
// give notice). notice_date is a virtual column, computed by SQLite from
// end_date and notice_days (so no write can leave it stale, and adding it
// rewrites nothing), indexed with what the review counts and sorts for
// the undecided contracts (the review and Today). Decided contracts (the
// review's "decided" part) are found by end date and by when the
// decision was recorded (updated_at: nothing writes a decided contract
// but undo). Small indexes find an account's open renewal deals (the
// account manager's index on them, widened by the expected close, so a
// renewal row finds the one closing first) and its undecided contracts
// (those the deals work end first).
const migrationRenewals = `
ALTER TABLE contracts ADD COLUMN notice_date TEXT GENERATED ALWAYS AS (date(end_date, '-' || notice_days || ' days')) VIRTUAL;
CREATE INDEX contracts_active_notice ON contracts(notice_date, end_date, snoozed_until, account_id, currency, value_minor)
	WHERE status = 'active' AND archived_at IS NULL;
CREATE INDEX contracts_decided ON contracts(end_date, notice_days, status, account_id, currency, value_minor, updated_at)
	WHERE status <> 'active' AND archived_at IS NULL;
CREATE INDEX contracts_decided_at ON contracts(updated_at) WHERE status <> 'active' AND archived_at IS NULL;
DROP INDEX deals_open_renewals;
CREATE INDEX deals_open_renewals ON deals(account_id, expected_close) WHERE kind = 'renewal' AND status = 'open' AND archived_at IS NULL;
CREATE INDEX contracts_active_account ON contracts(account_id, end_date) WHERE status = 'active' AND archived_at IS NULL;
`
