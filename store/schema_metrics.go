package store

// migrationMetrics adds the indexes the metrics read (each one covering,
// so a quarter's figures never touch the tables' rows; archived_at is in
// each although it is always NULL there, or SQLite will not treat a
// partial index as covering), and moves spend written by earlier demos
// onto the spend channels.
const migrationMetrics = `
-- Revenue, win rate, sales cycle, new customers and their trends: closed
-- deals by status and close time.
CREATE INDEX deals_closed_metrics ON deals(status, closed_at, kind, currency, value_minor, account_id, created_at, archived_at)
	WHERE archived_at IS NULL;
-- The stage-conversion cohort: deals by kind and creation time, with what
-- a deal without history is judged by.
CREATE INDEX deals_created_metrics ON deals(kind, created_at, account_id, stage_id, status, closed_at, archived_at) WHERE archived_at IS NULL;
-- New customers: an account's earlier won new-business deals.
CREATE INDEX deals_first_win ON deals(account_id, closed_at, kind, status, archived_at) WHERE kind = 'new' AND status = 'won' AND archived_at IS NULL;
-- A deal's history as the conversion reads it.
CREATE INDEX deal_events_history ON deal_events(deal_id, at, kind, to_stage_id, new_text);
-- The (usually empty) list of archived accounts, whose rows never count.
CREATE INDEX accounts_archived ON accounts(id, archived_at) WHERE archived_at IS NOT NULL;
CREATE INDEX contracts_terms ON contracts(start_date, end_date, account_id, currency, value_minor, archived_at) WHERE archived_at IS NULL;
CREATE INDEX surveys_answers ON surveys(at, kind, score, account_id, archived_at) WHERE archived_at IS NULL;

UPDATE acquisition_costs SET channel = CASE channel
	WHEN 'social' THEN 'ads' WHEN 'event' THEN 'events' WHEN 'referral' THEN 'referral fees' WHEN 'email' THEN 'tools'
	ELSE 'other' END
WHERE channel NOT IN ('ads', 'events', 'referral fees', 'tools', 'other');
`
