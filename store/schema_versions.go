package store

// migrationRowVersions gives every row that can change a version, bumped
// by a trigger on every UPDATE (edits, undo, imports, anything to come),
// so a write can check that the row is still the one its caller read,
// and undo can tell whether a later change would be overwritten.
//
// The triggers' own UPDATE sets only version: it fires no other trigger
// (the pipeline totals watch other columns) and, with recursive triggers
// off, not itself; an UPDATE that sets version itself is left alone.
//
// Undo entries gain the session and origin that made them (the app
// undoes only its own), a refusal reason (an entry that can no longer be
// undone is passed over), and undo_rows: the version of every row an
// action touched, before and after it, and the row as the action left it,
// to say what changed since. Entries from before row versions cannot be
// checked, so they are dropped.
const migrationRowVersions = `
ALTER TABLE stages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE deals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE activities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE support_issues ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE surveys ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE acquisition_costs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER stages_version AFTER UPDATE ON stages WHEN NEW.version = OLD.version
BEGIN UPDATE stages SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER accounts_version AFTER UPDATE ON accounts WHEN NEW.version = OLD.version
BEGIN UPDATE accounts SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER contacts_version AFTER UPDATE ON contacts WHEN NEW.version = OLD.version
BEGIN UPDATE contacts SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER deals_version AFTER UPDATE ON deals WHEN NEW.version = OLD.version
BEGIN UPDATE deals SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER activities_version AFTER UPDATE ON activities WHEN NEW.version = OLD.version
BEGIN UPDATE activities SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER contracts_version AFTER UPDATE ON contracts WHEN NEW.version = OLD.version
BEGIN UPDATE contracts SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER support_issues_version AFTER UPDATE ON support_issues WHEN NEW.version = OLD.version
BEGIN UPDATE support_issues SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER surveys_version AFTER UPDATE ON surveys WHEN NEW.version = OLD.version
BEGIN UPDATE surveys SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER acquisition_costs_version AFTER UPDATE ON acquisition_costs WHEN NEW.version = OLD.version
BEGIN UPDATE acquisition_costs SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE undo_log ADD COLUMN session TEXT NOT NULL DEFAULT '';
ALTER TABLE undo_log ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE undo_log ADD COLUMN refused TEXT;
DELETE FROM undo_log;

CREATE TABLE undo_rows (
	undo_id        INTEGER NOT NULL,
	tbl            TEXT NOT NULL,
	row_id         INTEGER NOT NULL,
	before_version INTEGER NOT NULL, -- 0 when the action created the row
	after_version  INTEGER NOT NULL,
	after          TEXT NOT NULL,    -- JSON of the row as the action left it
	PRIMARY KEY (undo_id, tbl, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX undo_rows_row ON undo_rows(tbl, row_id, after_version);
`
