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
` + accountManagerIndexSQL

// accountManagerIndexSQL: the check-ins due (Today, rolo accounts --due,
// the list's sort), the list's sort by last touch, an account's latest
// CSAT and NPS, Today's urgent issues, and Today's tasks (a covering
// index: counting them never reads the table).
const accountManagerIndexSQL = `
CREATE INDEX accounts_checkin_due ON accounts(checkin_due) WHERE status = 'customer' AND archived_at IS NULL;
CREATE INDEX accounts_touch ON accounts(last_touch_at) WHERE archived_at IS NULL;
CREATE INDEX surveys_account_kind ON surveys(account_id, kind, at);
CREATE INDEX support_issues_open ON support_issues(severity, opened_at) WHERE resolved_at IS NULL AND archived_at IS NULL;
CREATE INDEX activities_open_tasks ON activities(due, id) WHERE at IS NULL AND kind = 'task' AND archived_at IS NULL;
`
