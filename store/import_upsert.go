package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"rolo/model"
)

// upsert creates the record's row, or merges it into the row an earlier
// import made, field by field and three ways: a field the file changed
// since the last import is taken unless rolo changed it too (a conflict:
// rolo's value is kept and reported, unless --theirs); a field only rolo
// changed is kept. It returns the row's id, or 0 if the record was
// rejected.
func upsert[T any](im *Import, t *table[T], rec *model.Record, v T, validate func(*T) error, describe func(*T) string) (int64, error) {
	ref := t.ref(&v)
	provided := make([]bool, len(t.fields))
	for i, fd := range t.fields {
		provided[i] = fd.name == model.ImportArchived || rec.Fields == nil || rec.Has(fd.name)
	}
	file := row[T]{V: v, Archived: rec.Archived}
	hashes := make([]uint64, len(t.fields))
	for i, fd := range t.fields {
		if provided[i] {
			hashes[i] = hashValue(fd.value(&file))
		}
	}
	seenKey := string(t.kind) + "\x00" + ref.System + "\x00" + ref.ExternalID
	if im.dry {
		if id, ok := im.seen[seenKey]; ok {
			// An earlier row of this import would have created it.
			im.count(rec, Unchanged, describe(&v))
			return id, nil
		}
	}
	id, blob, archived, found, err := im.find(t, ref, rec.Identity)
	if err != nil {
		return 0, err
	}
	if !found {
		if err := validate(&v); err != nil {
			im.reject(rec, err.Error())
			return 0, nil
		}
		file.Imported = hashes
		id, err := t.insert(im, &file)
		if err != nil {
			return 0, fmt.Errorf("adding %s (%s line %d): %w", rec.Kind, model.Clean(rec.Origin.File), rec.Origin.Line, err)
		}
		if im.dry {
			im.seen[seenKey] = id
		}
		im.count(rec, Created, describe(&v))
		return id, nil
	}
	base := decodeHashes(blob, len(t.fields))
	if !archived && slices.Equal(hashes, maskHashes(base, provided)) {
		// The file says what the last import wrote: nothing to do, whatever
		// rolo has made of the row since (so the row need not be read).
		im.count(rec, Unchanged, describe(&v))
		return id, nil
	}
	curV, err := t.load(im.ctx, im.tx, id)
	if err != nil {
		return 0, err
	}
	cur := row[T]{ID: id, V: curV, Archived: archived, Imported: base}
	next := cur
	next.Imported = slices.Clone(cur.Imported)
	// A row whose import was undone is archived with no import record:
	// importing it again brings it back as the file has it.
	restored := cur.Archived && !slices.ContainsFunc(cur.Imported, func(h uint64) bool { return h != 0 })
	var changed []string
	var conflicts []FieldConflict
	for i, fd := range t.fields {
		if !provided[i] {
			continue
		}
		hf, hc, hb := hashes[i], hashValue(fd.value(&cur)), cur.Imported[i]
		switch {
		case hf == hc:
			next.Imported[i] = hf
		case hb == hf && !restored:
			// The file still says what was imported; the change is rolo's.
		case restored || hb == hc || im.opts.Theirs:
			fd.take(&next, &file)
			next.Imported[i] = hf
			changed = append(changed, fd.name)
		default:
			conflicts = append(conflicts, FieldConflict{Kind: rec.Kind, Origin: rec.Origin, RowID: id, Field: fd.name,
				Yours: fd.value(&cur), Theirs: fd.value(&file)})
		}
	}
	for _, c := range conflicts {
		if len(im.report.Conflicts) < maxListed {
			im.report.Conflicts = append(im.report.Conflicts, c)
		}
	}
	if len(changed) == 0 {
		if !slices.Equal(next.Imported, cur.Imported) {
			if err := im.noteImported(t.name, id, next.Imported); err != nil {
				return 0, err
			}
		}
		o := Unchanged
		if len(conflicts) > 0 {
			o = Conflict
		}
		im.count(rec, o, describe(&cur.V))
		return id, nil
	}
	if err := validate(&next.V); err != nil {
		im.reject(rec, err.Error()+" (after keeping your changes in rolo; --theirs takes the file's values)")
		return 0, nil
	}
	if err := im.saveBefore(t.name, id, &cur); err != nil {
		return 0, err
	}
	// A dry run counts the update and writes nothing (a deal's update goes
	// through writeDeal, which does not know about dry runs).
	if !im.dry {
		if err := t.update(im, &cur, &next); err != nil {
			return 0, fmt.Errorf("updating %s %d: %w", rec.Kind, id, err)
		}
	}
	o, text := Updated, describe(&next.V)+" (changed: "+strings.Join(changed, ", ")+")"
	if restored {
		o, text = Created, describe(&next.V)
	} else if len(conflicts) > 0 {
		o = Conflict
	}
	im.count(rec, o, text)
	return id, nil
}

// noteImported records what the file says of a row that is otherwise
// left as it is. That is bookkeeping, not a change to the row (like a
// deal's history summary): the version the trigger bumps goes back, so
// nobody who read the row is told it changed, and an import's undo still
// finds it as the import left it. table is one of ours, never input.
func (im *Import) noteImported(table string, id int64, hashes []uint64) error {
	if err := im.exec(`UPDATE `+table+` SET imported = ? WHERE id = ?`, encodeHashes(hashes), id); err != nil {
		return err
	}
	// Setting version itself, this UPDATE is left alone by the trigger.
	return im.exec(`UPDATE `+table+` SET version = version - 1 WHERE id = ?`, id)
}

// find looks up the row a record is about: by its source id, else (rolo's
// own JSON) by its id and creation time in the exporting database.
func (im *Import) find(t interface{ tableName() (string, string) }, ref model.Ref, ident *model.Identity) (id int64, imported []byte, archived, found bool, err error) {
	name, identity := t.tableName()
	if ref.ExternalID != "" {
		st, err := im.stmt(`SELECT id, imported, archived_at IS NOT NULL FROM ` + name +
			` WHERE source_system = ? AND external_id = ? AND external_id <> ''`)
		if err != nil {
			return 0, nil, false, false, err
		}
		err = st.QueryRowContext(im.ctx, ref.System, ref.ExternalID).Scan(&id, &imported, &archived)
		if err == nil {
			return id, imported, archived, true, nil
		}
		if err != sql.ErrNoRows {
			return 0, nil, false, false, err
		}
	}
	if ident != nil && ident.ID > 0 {
		st, err := im.stmt(`SELECT id, imported, archived_at IS NOT NULL FROM ` + name + ` WHERE id = ? AND ` + identity + ` = ? AND external_id = ''`)
		if err != nil {
			return 0, nil, false, false, err
		}
		err = st.QueryRowContext(im.ctx, ident.ID, ident.CreatedAt).Scan(&id, &imported, &archived)
		if err == nil {
			return id, imported, archived, true, nil
		}
		if err != sql.ErrNoRows {
			return 0, nil, false, false, err
		}
	}
	return 0, nil, false, false, nil
}

func (t *table[T]) tableName() (string, string) { return t.name, t.identity }

// saveBefore keeps a changed row as it was, and its version, for undo.
// tableName is one of ours, never input.
func (im *Import) saveBefore(tableName string, id int64, before any) error {
	if im.dry {
		return nil
	}
	b, err := json.Marshal(before)
	if err != nil {
		return err
	}
	return im.exec(`INSERT INTO import_undo(import_id, entity, row_id, before, before_version)
		VALUES (?1, ?2, ?3, ?4, (SELECT version FROM `+tableName+` WHERE id = ?3))`, im.id, tableName, id, string(b))
}

// maskHashes keeps the hashes of the fields a file provides (0 elsewhere),
// to compare with the file's own.
func maskHashes(hs []uint64, provided []bool) []uint64 {
	out := make([]uint64, len(hs))
	for i, h := range hs {
		if provided[i] {
			out[i] = h
		}
	}
	return out
}
