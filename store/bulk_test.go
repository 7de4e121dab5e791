package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// A bulk load checks references once at the end: a dangling one fails the
// whole load, and foreign keys are enforced again afterwards.
func TestBulkLoadChecksReferencesAndRestoresForeignKeys(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		_, err := b.Activity(model.Activity{AccountID: 999, Kind: model.Call, Text: "ghost", At: testNow, CreatedAt: testNow})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "do not exist") {
		t.Fatalf("dangling bulk row: err = %v", err)
	}
	var fk int
	if err := s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys after bulk load = %d, %v", fk, err)
	}
	var n int
	s.r.QueryRowContext(ctx, `SELECT count(*) FROM activities`).Scan(&n)
	if n != 0 {
		t.Fatalf("failed load left %d activities", n)
	}
	if _, err := s.CreateContact(ctx, model.Contact{AccountID: 12345, Name: "Nobody"}); err == nil {
		t.Fatal("a contact for a missing account was accepted after the bulk load")
	}
}

// Batched rows get the ids Bulk hands out, across partial batches.
func TestBulkBatchedIDs(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var ids []int64
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		acct, err := b.Account(model.Account{Name: "A", Status: model.Prospect, CreatedAt: testNow, UpdatedAt: testNow})
		if err != nil {
			return err
		}
		for i := range batchRows*2 + 5 {
			id, err := b.Activity(model.Activity{AccountID: acct, Kind: model.Note, Text: "n",
				At: testNow.Add(time.Duration(i) * time.Minute), CreatedAt: testNow})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.AccountActivities(ctx, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != len(ids) {
		t.Fatalf("stored %d activities, handed out %d ids", len(acts), len(ids))
	}
	// Newest first: the last id handed out is the newest activity.
	if acts[0].ID != ids[len(ids)-1] || acts[len(acts)-1].ID != ids[0] {
		t.Fatalf("ids do not match: first %d/%d last %d/%d", acts[0].ID, ids[len(ids)-1], acts[len(acts)-1].ID, ids[0])
	}
}
