package store

// migrationSearchIndex adds search_index: every live account name, deal
// title and contact name in an FTS5 trigram index, kept by triggers in
// the writing transaction, so the palette and the board's filter find a
// piece of a name among 150,000 with an index lookup instead of a scan.
// The rowid encodes the record: id × 4 + 1 (account), 2 (deal), 3
// (contact).
const migrationSearchIndex = `
CREATE VIRTUAL TABLE search_index USING fts5(name, kind UNINDEXED, ref UNINDEXED, tokenize = 'trigram');
` + rebuildSearchIndex + searchTriggers

// rebuildSearchIndex fills search_index from scratch, each table in id
// order: FTS5 writes out what it holds whenever a rowid comes lower than
// the last, and without statistics (a bulk load runs before ANALYZE) the
// planner reads deals through a partial index, out of id order — that made
// the scale case's rebuild take 7.8 s instead of 2.7 s.
const rebuildSearchIndex = `
DELETE FROM search_index;
INSERT INTO search_index(rowid, name, kind, ref) SELECT id * 4 + 1, name, 'account', id FROM accounts WHERE archived_at IS NULL ORDER BY id;
INSERT INTO search_index(rowid, name, kind, ref) SELECT id * 4 + 2, title, 'deal', id FROM deals WHERE archived_at IS NULL ORDER BY id;
INSERT INTO search_index(rowid, name, kind, ref) SELECT id * 4 + 3, name, 'contact', id FROM contacts WHERE archived_at IS NULL ORDER BY id;
`

// dropSearchTriggers stops keeping search_index (during a bulk load).
const dropSearchTriggers = `
DROP TRIGGER accounts_search_insert; DROP TRIGGER accounts_search_update;
DROP TRIGGER deals_search_insert; DROP TRIGGER deals_search_update;
DROP TRIGGER contacts_search_insert; DROP TRIGGER contacts_search_update;
`

// searchTriggers keep search_index in step with its three tables. They
// are their own constant so a bulk load can drop them and rebuild the
// index once at the end.
const searchTriggers = `
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts WHEN NEW.archived_at IS NULL
BEGIN INSERT INTO search_index(rowid, name, kind, ref) VALUES (NEW.id * 4 + 1, NEW.name, 'account', NEW.id); END;
CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, archived_at ON accounts
BEGIN
	DELETE FROM search_index WHERE rowid = OLD.id * 4 + 1;
	INSERT INTO search_index(rowid, name, kind, ref) SELECT NEW.id * 4 + 1, NEW.name, 'account', NEW.id WHERE NEW.archived_at IS NULL;
END;
CREATE TRIGGER deals_search_insert AFTER INSERT ON deals WHEN NEW.archived_at IS NULL
BEGIN INSERT INTO search_index(rowid, name, kind, ref) VALUES (NEW.id * 4 + 2, NEW.title, 'deal', NEW.id); END;
CREATE TRIGGER deals_search_update AFTER UPDATE OF title, archived_at ON deals
BEGIN
	DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
	INSERT INTO search_index(rowid, name, kind, ref) SELECT NEW.id * 4 + 2, NEW.title, 'deal', NEW.id WHERE NEW.archived_at IS NULL;
END;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN NEW.archived_at IS NULL
BEGIN INSERT INTO search_index(rowid, name, kind, ref) VALUES (NEW.id * 4 + 3, NEW.name, 'contact', NEW.id); END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, archived_at ON contacts
BEGIN
	DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
	INSERT INTO search_index(rowid, name, kind, ref) SELECT NEW.id * 4 + 3, NEW.name, 'contact', NEW.id WHERE NEW.archived_at IS NULL;
END;
`
