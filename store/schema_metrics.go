package store

// migrationMetrics prepares the file for the metrics: a running summary
// of each deal's history, the covering indexes the metrics read, and spend
// on the spend channels.
const migrationMetrics = dealReachSummary + metricsIndexes + spendChannelUpdate

// dealReachSummary keeps on each deal what its history says about how far
// it got, so that the conversion of a period with tens of thousands of
// new deals is one pass over an index instead of a search through each
// deal's events. reach_mask has bit i set when the deal was ever in the
// stage with id i (-1 when a stage id does not fit in 63 bits: the
// queries then read the events); reach_at is the time of its latest
// created, stage or status event. deal_events is append-only, so a
// trigger on insert keeps both exact. A query trusts the summary only
// when reach_at is before the instant it asks about, and reads the events
// otherwise.
const dealReachSummary = `
ALTER TABLE deals ADD COLUMN reach_mask INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN reach_at TEXT;
-- The summary is not an edit of the deal: an UPDATE that changes only it
-- leaves the row's version alone (deals_version of migration 2 bumped it
-- on every UPDATE). Every other UPDATE still bumps it by one.
DROP TRIGGER deals_version;
CREATE TRIGGER deals_version AFTER UPDATE ON deals
WHEN NEW.version = OLD.version AND NEW.reach_mask IS OLD.reach_mask AND NEW.reach_at IS OLD.reach_at
BEGIN UPDATE deals SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER deal_events_reach AFTER INSERT ON deal_events WHEN NEW.kind IN ('created', 'stage', 'status')
BEGIN
	UPDATE deals SET reach_mask = reach_mask | ` + reachBit + `, reach_at = ` + reachAt + `
	WHERE id = NEW.deal_id AND ((reach_mask | ` + reachBit + `) IS NOT reach_mask OR ` + reachAt + ` IS NOT reach_at);
END;
-- Backfill from the history, read in deal order from its index.
CREATE INDEX deal_events_history ON deal_events(deal_id, at, kind, to_stage_id, new_text);
UPDATE deals SET reach_mask = r.mask, reach_at = r.at FROM (
	SELECT deal_id,
		coalesce(CASE WHEN max(CASE WHEN kind IN ('created', 'stage') THEN to_stage_id END) > 62
			OR min(CASE WHEN kind IN ('created', 'stage') THEN to_stage_id END) < 0 THEN -1
			ELSE sum(DISTINCT CASE WHEN kind IN ('created', 'stage') THEN 1 << to_stage_id END) END, 0) AS mask,
		max(CASE WHEN kind IN ('created', 'stage', 'status') THEN at END) AS at
	FROM deal_events INDEXED BY deal_events_history GROUP BY deal_id) r
WHERE r.deal_id = deals.id;
`

// reachBit and reachAt are what a new event adds to its deal's summary.
const (
	reachBit = `(CASE WHEN NEW.kind = 'status' OR NEW.to_stage_id IS NULL THEN 0
		WHEN NEW.to_stage_id BETWEEN 0 AND 62 THEN 1 << NEW.to_stage_id ELSE -1 END)`
	reachAt = `(CASE WHEN reach_at IS NULL OR NEW.at > reach_at THEN NEW.at ELSE reach_at END)`
)

// metricsIndexes are covering indexes, so a quarter's figures never touch
// the tables' rows. archived_at is in each although it is always NULL
// there, or SQLite will not treat a partial index as covering.
const metricsIndexes = `
-- Revenue, win rate, sales cycle, new customers, their trends and the
-- forecast's closed deals: closed deals by status and close time.
CREATE INDEX deals_closed_metrics ON deals(status, closed_at, kind, currency, value_minor, account_id, created_at,
	stage_id, reach_mask, archived_at) WHERE archived_at IS NULL;
-- The stage-conversion cohort: deals by kind and creation time.
CREATE INDEX deals_created_metrics ON deals(kind, created_at, account_id, stage_id, status, closed_at, reach_mask, reach_at,
	archived_at) WHERE archived_at IS NULL;
-- New customers: an account's earlier won new-business deals.
CREATE INDEX deals_first_win ON deals(account_id, closed_at, kind, status, archived_at)
	WHERE kind = 'new' AND status = 'won' AND archived_at IS NULL;
-- The (usually empty) list of archived accounts, whose rows never count.
CREATE INDEX accounts_archived ON accounts(id, archived_at) WHERE archived_at IS NOT NULL;
CREATE INDEX contracts_terms ON contracts(start_date, end_date, account_id, currency, value_minor, archived_at)
	WHERE archived_at IS NULL;
CREATE INDEX surveys_answers ON surveys(at, kind, score, account_id, archived_at) WHERE archived_at IS NULL;
`

// spendChannelUpdate moves spend written by earlier demos, which used the
// deal sources, onto the spend channels.
const spendChannelUpdate = `
UPDATE acquisition_costs SET channel = CASE channel
	WHEN 'social' THEN 'ads' WHEN 'event' THEN 'events' WHEN 'referral' THEN 'referral fees' WHEN 'email' THEN 'tools'
	ELSE 'other' END
WHERE channel NOT IN ('ads', 'events', 'referral fees', 'tools', 'other');
`
