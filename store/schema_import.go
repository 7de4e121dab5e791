package store

// migrationImports lets imports be idempotent, safe to repeat after an
// edit, and undoable as a whole:
//   - every table that can be imported keeps, per row, what the last import
//     wrote (one 8-byte hash per field, in import_fields order), so a
//     re-import can tell a change made in the file from one made in rolo;
//   - acquisition costs get the source id every other table has, and
//     support issues and surveys the unique index on it;
//   - imports lists each import with the id ranges of the rows it created,
//     import_undo the rows it changed as they were before (and their
//     version then), and import_versions the version the import left on
//     each row it changed, and on each row it created that is not at
//     version 1: undo refuses when a row is no longer at it (a later
//     change), and undoing a later change moves it on (import_undo.go).
const migrationImports = `
ALTER TABLE accounts ADD COLUMN imported BLOB;
ALTER TABLE contacts ADD COLUMN imported BLOB;
ALTER TABLE deals ADD COLUMN imported BLOB;
ALTER TABLE activities ADD COLUMN imported BLOB;
ALTER TABLE contracts ADD COLUMN imported BLOB;
ALTER TABLE support_issues ADD COLUMN imported BLOB;
ALTER TABLE surveys ADD COLUMN imported BLOB;
ALTER TABLE acquisition_costs ADD COLUMN imported BLOB;
ALTER TABLE acquisition_costs ADD COLUMN source_system TEXT NOT NULL DEFAULT '';
ALTER TABLE acquisition_costs ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX support_issues_ref ON support_issues(source_system, external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX surveys_ref ON surveys(source_system, external_id) WHERE external_id <> '';
CREATE INDEX contacts_email ON contacts(email COLLATE NOCASE) WHERE email <> '';
CREATE UNIQUE INDEX acquisition_costs_ref ON acquisition_costs(source_system, external_id) WHERE external_id <> '';

CREATE TABLE imports (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	label   TEXT NOT NULL,
	created TEXT NOT NULL -- JSON: table → [first id, last id] of the rows it added
) STRICT;

CREATE TABLE import_undo (
	import_id      INTEGER NOT NULL REFERENCES imports(id),
	entity         TEXT NOT NULL,
	row_id         INTEGER NOT NULL,
	before         TEXT NOT NULL,   -- JSON of the row before the import changed it
	before_version INTEGER NOT NULL -- its version then
) STRICT;
CREATE INDEX import_undo_import ON import_undo(import_id);

CREATE TABLE import_versions (
	import_id INTEGER NOT NULL REFERENCES imports(id),
	tbl       TEXT NOT NULL,
	row_id    INTEGER NOT NULL,
	version   INTEGER NOT NULL,
	PRIMARY KEY (import_id, tbl, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_versions_row ON import_versions(tbl, row_id, version);
`
