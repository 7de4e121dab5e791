package store

// applicationID marks a SQLite file as rolo's ("rolo" in ASCII), so that
// another application's database is never mistaken for ours.
const applicationID = 0x726f6c6f

// migrations are applied in order; user_version is the number applied.
// Never edit a released migration: add a new one.
var migrations = []string{
	// 1: the whole domain.
	`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE stages (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
	position    INTEGER NOT NULL,
	probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
	rot_days    INTEGER NOT NULL DEFAULT 0 CHECK (rot_days >= 0),
	archived_at TEXT
) STRICT;
CREATE UNIQUE INDEX stages_name ON stages(name COLLATE NOCASE) WHERE archived_at IS NULL;

CREATE TABLE accounts (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
	status         TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'customer', 'churned')),
	tier           TEXT NOT NULL DEFAULT '',
	industry       TEXT NOT NULL DEFAULT '',
	website        TEXT NOT NULL DEFAULT '',
	cadence_days   INTEGER NOT NULL DEFAULT 30 CHECK (cadence_days >= 0),
	churn_reason   TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	customer_since TEXT,
	last_touch_at  TEXT,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	archived_at    TEXT,
	source_system  TEXT NOT NULL DEFAULT '',
	external_id    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE contacts (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
	title         TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	phone         TEXT NOT NULL DEFAULT '',
	notes         TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	archived_at   TEXT,
	source_system TEXT NOT NULL DEFAULT '',
	external_id   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE deals (
	id             INTEGER PRIMARY KEY,
	account_id     INTEGER NOT NULL REFERENCES accounts(id),
	contact_id     INTEGER REFERENCES contacts(id),
	title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
	kind           TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new', 'expansion', 'renewal')),
	stage_id       INTEGER NOT NULL REFERENCES stages(id),
	status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
	value_minor    INTEGER NOT NULL CHECK (value_minor BETWEEN 0 AND 1000000000000000),
	currency       TEXT NOT NULL CHECK (length(currency) = 3),
	probability    INTEGER CHECK (probability BETWEEN 0 AND 100),
	expected_close TEXT,
	source         TEXT NOT NULL DEFAULT '',
	next_step      TEXT NOT NULL DEFAULT '',
	next_due       TEXT,
	snoozed_until  TEXT,
	lost_reason    TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	closed_at      TEXT,
	stage_entered  TEXT NOT NULL,
	last_touch_at  TEXT NOT NULL,
	archived_at    TEXT,
	source_system  TEXT NOT NULL DEFAULT '',
	external_id    TEXT NOT NULL DEFAULT ''
) STRICT;

-- Append-only history of every change to a deal's stage, status, value
-- and close date: the single source for conversion, velocity and slippage.
CREATE TABLE deal_events (
	id            INTEGER PRIMARY KEY,
	deal_id       INTEGER NOT NULL REFERENCES deals(id),
	at            TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('created', 'stage', 'status', 'value', 'close_date')),
	from_stage_id INTEGER REFERENCES stages(id),
	to_stage_id   INTEGER REFERENCES stages(id),
	old_text      TEXT,
	new_text      TEXT,
	old_minor     INTEGER,
	new_minor     INTEGER
) STRICT;
CREATE TRIGGER deal_events_no_update BEFORE UPDATE ON deal_events
BEGIN SELECT RAISE(ABORT, 'deal history is append-only'); END;
CREATE TRIGGER deal_events_no_delete BEFORE DELETE ON deal_events
BEGIN SELECT RAISE(ABORT, 'deal history is append-only'); END;

CREATE TABLE activities (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	deal_id       INTEGER REFERENCES deals(id),
	contact_id    INTEGER REFERENCES contacts(id),
	kind          TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note', 'check-in', 'task')),
	text          TEXT NOT NULL DEFAULT '',
	at            TEXT,
	due           TEXT,
	created_at    TEXT NOT NULL,
	archived_at   TEXT,
	source_system TEXT NOT NULL DEFAULT '',
	external_id   TEXT NOT NULL DEFAULT '',
	CHECK (at IS NOT NULL OR due IS NOT NULL)
) STRICT;

CREATE TABLE contracts (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	deal_id       INTEGER REFERENCES deals(id),
	renews_id     INTEGER REFERENCES contracts(id),
	value_minor   INTEGER NOT NULL CHECK (value_minor BETWEEN 0 AND 1000000000000000),
	currency      TEXT NOT NULL CHECK (length(currency) = 3),
	start_date    TEXT NOT NULL,
	end_date      TEXT NOT NULL,
	auto_renew    INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew IN (0, 1)),
	notice_days   INTEGER NOT NULL DEFAULT 30 CHECK (notice_days >= 0),
	status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'renewed', 'churned')),
	churn_reason  TEXT NOT NULL DEFAULT '',
	snoozed_until TEXT,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	archived_at   TEXT,
	source_system TEXT NOT NULL DEFAULT '',
	external_id   TEXT NOT NULL DEFAULT '',
	CHECK (end_date > start_date)
) STRICT;

CREATE TABLE support_issues (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
	severity      TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
	opened_at     TEXT NOT NULL,
	resolved_at   TEXT,
	archived_at   TEXT,
	source_system TEXT NOT NULL DEFAULT '',
	external_id   TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE surveys (
	id            INTEGER PRIMARY KEY,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	contact_id    INTEGER REFERENCES contacts(id),
	kind          TEXT NOT NULL CHECK (kind IN ('csat', 'nps')),
	score         INTEGER NOT NULL,
	comment       TEXT NOT NULL DEFAULT '',
	at            TEXT NOT NULL,
	archived_at   TEXT,
	source_system TEXT NOT NULL DEFAULT '',
	external_id   TEXT NOT NULL DEFAULT '',
	CHECK ((kind = 'csat' AND score BETWEEN 1 AND 5) OR (kind = 'nps' AND score BETWEEN 0 AND 10))
) STRICT;

CREATE TABLE acquisition_costs (
	id          INTEGER PRIMARY KEY,
	date        TEXT NOT NULL,
	amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 0 AND 1000000000000000),
	currency    TEXT NOT NULL CHECK (length(currency) = 3),
	channel     TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	archived_at TEXT
) STRICT;

-- The board's column headers, kept by triggers in the same transaction as
-- every deal write, so reading them costs a handful of rows however many
-- deals there are. plain_minor sums the values of deals that use their
-- stage's default probability; override_weighted sums value × probability
-- of the others. Rows with deals = 0 are harmless and skipped on read.
CREATE TABLE pipeline_totals (
	stage_id          INTEGER NOT NULL,
	currency          TEXT NOT NULL,
	deals             INTEGER NOT NULL,
	total_minor       INTEGER NOT NULL,
	plain_minor       INTEGER NOT NULL,
	override_weighted INTEGER NOT NULL,
	PRIMARY KEY (stage_id, currency)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER deals_totals_insert AFTER INSERT ON deals
WHEN NEW.status = 'open' AND NEW.archived_at IS NULL
BEGIN
	INSERT INTO pipeline_totals VALUES (NEW.stage_id, NEW.currency, 1, NEW.value_minor,
		CASE WHEN NEW.probability IS NULL THEN NEW.value_minor ELSE 0 END, coalesce(NEW.value_minor * NEW.probability, 0))
	ON CONFLICT (stage_id, currency) DO UPDATE SET deals = deals + 1, total_minor = total_minor + excluded.total_minor,
		plain_minor = plain_minor + excluded.plain_minor, override_weighted = override_weighted + excluded.override_weighted;
END;
CREATE TRIGGER deals_totals_update AFTER UPDATE OF status, archived_at, stage_id, currency, value_minor, probability ON deals
BEGIN
	UPDATE pipeline_totals SET deals = deals - 1, total_minor = total_minor - OLD.value_minor,
		plain_minor = plain_minor - CASE WHEN OLD.probability IS NULL THEN OLD.value_minor ELSE 0 END,
		override_weighted = override_weighted - coalesce(OLD.value_minor * OLD.probability, 0)
	WHERE OLD.status = 'open' AND OLD.archived_at IS NULL AND stage_id = OLD.stage_id AND currency = OLD.currency;
	INSERT INTO pipeline_totals SELECT NEW.stage_id, NEW.currency, 1, NEW.value_minor,
		CASE WHEN NEW.probability IS NULL THEN NEW.value_minor ELSE 0 END, coalesce(NEW.value_minor * NEW.probability, 0)
	WHERE NEW.status = 'open' AND NEW.archived_at IS NULL
	ON CONFLICT (stage_id, currency) DO UPDATE SET deals = deals + 1, total_minor = total_minor + excluded.total_minor,
		plain_minor = plain_minor + excluded.plain_minor, override_weighted = override_weighted + excluded.override_weighted;
END;
CREATE TRIGGER deals_totals_delete AFTER DELETE ON deals
WHEN OLD.status = 'open' AND OLD.archived_at IS NULL
BEGIN
	UPDATE pipeline_totals SET deals = deals - 1, total_minor = total_minor - OLD.value_minor,
		plain_minor = plain_minor - CASE WHEN OLD.probability IS NULL THEN OLD.value_minor ELSE 0 END,
		override_weighted = override_weighted - coalesce(OLD.value_minor * OLD.probability, 0)
	WHERE stage_id = OLD.stage_id AND currency = OLD.currency;
END;

-- One entry per undoable user action: what to put back.
CREATE TABLE undo_log (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	label   TEXT NOT NULL,
	payload TEXT NOT NULL,
	undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
` + v1IndexSQL,
	migrationRowVersions, // 2: row versions, and undo that checks them
	migrationSearchIndex, // 3: the search index
	migrationMetrics,     // 4: the metrics' indexes and history summary; spend on the spend channels
	// 5: check-ins due, issue resolutions, touches from issues and surveys
	migrationAccountManager,
	migrationRenewals, // 6: contracts by notice deadline, for the renewal review
	migrationImports,  // 7: imports: what each row's last import wrote, the imports and what they changed
}

// v1Indexes are the indexes of migration 1, the ones the views need. A bulk
// load drops every index and rebuilds it from sqlite_schema afterwards.
var v1Indexes = []string{
	`CREATE UNIQUE INDEX accounts_ref ON accounts(source_system, external_id) WHERE external_id <> ''`,
	`CREATE INDEX accounts_name ON accounts(name COLLATE NOCASE)`,
	`CREATE INDEX accounts_status_touch ON accounts(status, last_touch_at) WHERE archived_at IS NULL`,
	`CREATE UNIQUE INDEX contacts_ref ON contacts(source_system, external_id) WHERE external_id <> ''`,
	`CREATE INDEX contacts_account ON contacts(account_id)`,
	`CREATE INDEX contacts_name ON contacts(name)`,
	`CREATE UNIQUE INDEX deals_ref ON deals(source_system, external_id) WHERE external_id <> ''`,
	`CREATE INDEX deals_account ON deals(account_id)`,
	// The board's cards in a column, most urgent next step first. It also
	// carries every column the board's filter and totals read (status and
	// archived_at too, or SQLite will not treat it as covering), so a
	// filtered board scans this index instead of the table.
	`CREATE INDEX deals_open_cards ON deals(stage_id, next_due, id, title, source, account_id, contact_id, currency, value_minor,
		probability, status, archived_at) WHERE status = 'open' AND archived_at IS NULL`,
	// Today's queue: follow-ups by due date, and stale deals by last touch.
	// They carry every column the queue's conditions read, so counting the
	// queue never touches the table.
	`CREATE INDEX deals_open_due ON deals(next_due, snoozed_until, next_step) WHERE status = 'open' AND archived_at IS NULL`,
	`CREATE INDEX deals_open_touch ON deals(stage_id, last_touch_at, next_due, snoozed_until, next_step) WHERE status = 'open' AND archived_at IS NULL`,
	`CREATE INDEX deals_closed ON deals(status, closed_at)`,
	`CREATE INDEX deal_events_deal ON deal_events(deal_id, at)`,
	`CREATE INDEX deal_events_kind ON deal_events(kind, at)`,
	`CREATE UNIQUE INDEX activities_ref ON activities(source_system, external_id) WHERE external_id <> ''`,
	`CREATE INDEX activities_account ON activities(account_id, at)`,
	`CREATE INDEX activities_deal ON activities(deal_id, at) WHERE deal_id IS NOT NULL`,
	`CREATE INDEX activities_due ON activities(due) WHERE at IS NULL`,
	`CREATE UNIQUE INDEX contracts_ref ON contracts(source_system, external_id) WHERE external_id <> ''`,
	`CREATE INDEX contracts_account ON contracts(account_id)`,
	`CREATE INDEX contracts_active_end ON contracts(end_date) WHERE status = 'active' AND archived_at IS NULL`,
	`CREATE INDEX support_issues_account ON support_issues(account_id, resolved_at)`,
	`CREATE INDEX surveys_kind_at ON surveys(kind, at)`,
	`CREATE INDEX surveys_account ON surveys(account_id)`,
	`CREATE INDEX acquisition_costs_date ON acquisition_costs(date)`,
}

var v1IndexSQL = func() string {
	s := ""
	for _, ix := range v1Indexes {
		s += ix + ";\n"
	}
	return s
}()
