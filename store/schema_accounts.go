package store

// migrationAccountManager adds what the account manager's day needs.
//
// Accounts gain next_checkin (a check-in date set by hand, which stands
// instead of the cadence until the next check-in is logged) and
// checkin_due (when the next check-in is due: next_checkin, else the day
// of the last touch plus the cadence), kept by every write of the
// account so that Today and the Accounts list find the accounts due with
// an index. Written here in UTC; every later write of the account
// recomputes it in the user's zone.
//
// A touch now also counts an issue opened or resolved and a survey
// answered, so last_touch_at takes the latest of those too.
//
// Support issues gain the note said when resolving one.
const migrationAccountManager = `
ALTER TABLE accounts ADD COLUMN next_checkin TEXT;
ALTER TABLE accounts ADD COLUMN checkin_due TEXT;
ALTER TABLE support_issues ADD COLUMN resolution TEXT NOT NULL DEFAULT '';

UPDATE accounts SET last_touch_at = t.touch FROM (
	SELECT a.id, max(coalesce(a.last_touch_at, ''),
		coalesce((SELECT max(max(i.opened_at), coalesce(max(i.resolved_at), '')) FROM support_issues i
			WHERE i.account_id = a.id AND i.archived_at IS NULL), ''),
		coalesce((SELECT max(s.at) FROM surveys s WHERE s.account_id = a.id AND s.archived_at IS NULL), '')) AS touch
	FROM accounts a) t
WHERE t.id = accounts.id AND t.touch <> '' AND t.touch IS NOT coalesce(accounts.last_touch_at, '');

UPDATE accounts SET checkin_due = date(coalesce(last_touch_at, customer_since, created_at), '+' || cadence_days || ' days')
WHERE cadence_days > 0;

-- An account's live activities, newest first, without reading the table
-- (its timeline pages through thousands): every query on it asks for
-- live ones.
DROP INDEX activities_account;
CREATE INDEX activities_account ON activities(account_id, at) WHERE archived_at IS NULL;
` + accountManagerIndexSQL

// accountManagerIndexSQL: every column the account list filters and
// sorts by, and health's check-in component reads, in one covering index
// (ordering 20,000 accounts reads it alone, never the table); the
// check-ins due (Today, rolo accounts
// --due); an account's latest CSAT and NPS with the score; its open deals
// and open renewal deals (counted without reading the table); Today's
// urgent issues; and Today's tasks (counting them never reads the table).
const accountManagerIndexSQL = `
CREATE INDEX accounts_list ON accounts(name COLLATE NOCASE, status, tier, last_touch_at, checkin_due, cadence_days, next_checkin,
	customer_since, created_at) WHERE archived_at IS NULL;
CREATE INDEX accounts_checkin_due ON accounts(checkin_due) WHERE status = 'customer' AND archived_at IS NULL;
CREATE INDEX surveys_account_kind ON surveys(account_id, kind, at, score) WHERE archived_at IS NULL;
CREATE INDEX deals_open_account ON deals(account_id) WHERE status = 'open' AND archived_at IS NULL;
CREATE INDEX deals_open_renewals ON deals(account_id) WHERE kind = 'renewal' AND status = 'open' AND archived_at IS NULL;
CREATE INDEX support_issues_open ON support_issues(severity, opened_at) WHERE resolved_at IS NULL AND archived_at IS NULL;
CREATE INDEX activities_open_tasks ON activities(due, id) WHERE at IS NULL AND kind = 'task' AND archived_at IS NULL;
`
