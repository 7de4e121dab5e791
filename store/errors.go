package store

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"

	"rolo/model"
)

// Kinds of refusal. Match them with errors.Is; the error's text is the
// plain message for the user.
var (
	ErrNotDatabase = errors.New("not a database")
	ErrForeign     = errors.New("another application's database")
	ErrNewer       = errors.New("database from a newer rolo")
	ErrOlder       = errors.New("database needs a schema upgrade")
	ErrReadOnly    = errors.New("database is read-only")
	ErrBusy        = errors.New("database is busy")
	ErrDiskFull    = errors.New("disk is full")
	ErrCorrupt     = errors.New("database is damaged")
	ErrMissing     = errors.New("no database")
	ErrNotFound    = model.ErrNotFound
	ErrAmbiguous   = errors.New("ambiguous name")
	ErrConflict    = errors.New("not allowed now")
	// ErrStale: the row changed since the caller read it (another window,
	// `rolo` in a script), in a way the write depended on; nothing was
	// written. The error is a *StaleError carrying the stored row. Undo
	// refusals are ErrStale too.
	ErrStale = errors.New("changed since it was read")
	// ErrArchived: the row was undone (archived) and takes no more writes.
	ErrArchived = errors.New("archived")
)

// StaleError is a write refused because what the caller saw is no longer
// what is stored. Msg says what changed in plain words ("Deal 13 was moved
// to Closing elsewhere"); Current is the row as stored now, for a form to
// show beside what was typed.
type StaleError struct {
	Msg string
	// Current is a model.Deal, model.Account, model.Stage, model.Contact,
	// model.Contract or model.Activity (a value, not a pointer).
	Current any
}

func (e *StaleError) Error() string { return e.Msg }

// Is lets errors.Is(err, store.ErrStale) match.
func (e *StaleError) Is(target error) bool { return target == ErrStale }

// CurrentDeal is the stored deal, when the refused write was about one.
func (e *StaleError) CurrentDeal() (model.Deal, bool) {
	d, ok := e.Current.(model.Deal)
	return d, ok
}

// CurrentAccount is the stored account, when the write was about one.
func (e *StaleError) CurrentAccount() (model.Account, bool) {
	a, ok := e.Current.(model.Account)
	return a, ok
}

// CurrentStage is the stored stage, when the write was about one.
func (e *StaleError) CurrentStage() (model.Stage, bool) {
	st, ok := e.Current.(model.Stage)
	return st, ok
}

// Problem is an error a person can act on: Msg says what is wrong and how
// to fix it, Kind is one of the Err* values above.
type Problem struct {
	Kind  error
	Msg   string
	cause error
}

func (p *Problem) Error() string { return p.Msg }

// Is lets errors.Is(err, store.ErrBusy) work.
func (p *Problem) Is(target error) bool { return target == p.Kind }

func (p *Problem) Unwrap() error { return p.cause }

func problem(kind error, cause error, format string, args ...any) error {
	return &Problem{Kind: kind, Msg: fmt.Sprintf(format, args...), cause: cause}
}

// SQLite primary result codes we turn into plain words.
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

// explain turns a driver error into a Problem naming the file and the
// fix. Errors that are not about the file (constraint failures, our own
// errors) pass through unchanged.
func explain(path string, err error) error {
	if err == nil {
		return nil
	}
	var p *Problem
	if errors.As(err, &p) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return problem(ErrBusy, err, "%s is busy: another rolo is writing to it; try again in a moment", path)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case codeBusy, codeLocked:
		return problem(ErrBusy, err, "%s is busy: another rolo is writing to it; try again in a moment (nothing was saved)", path)
	case codeReadOnly:
		return problem(ErrReadOnly, err, "%s is read-only, so rolo cannot save changes there; check the permissions of the file and its folder, or copy it somewhere writable and use --db", path)
	case codeCorrupt:
		return problem(ErrCorrupt, err, "%s is damaged (SQLite reports corruption); restore a backup, or run `rolo doctor` for details", path)
	case codeFull:
		return problem(ErrDiskFull, err, "the disk holding %s is full; free some space and try again (nothing was saved)", path)
	case codeCantOpen:
		return problem(ErrReadOnly, err, "cannot open %s: check that its folder exists and is writable", path)
	case codeNotADB:
		return problem(ErrNotDatabase, err, "%s is not a rolo database (it is not an SQLite file); choose another path with --db", path)
	}
	return err
}

// isDiskFull reports an operating-system "no space left" error.
func isDiskFull(err error) bool { return errors.Is(err, syscall.ENOSPC) }
