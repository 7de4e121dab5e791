package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"rolo/model"
)

// Ranking by health reads the customers a batch at a time: with more
// customers than a batch, every customer is ranked by the score its own
// row (as the list's page shows it) gives, ties by name, and the accounts
// without health follow by name — in both directions.
func TestHealthRankingAcrossBatches(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	customers := healthBatch*2 + 37
	err := s.BulkLoad(ctx, func(b *Bulk) error {
		for i := range customers + 40 {
			a := model.Account{Name: fmt.Sprintf("Account %04d", (i*7919)%(customers+40)), Status: model.Customer,
				Tier: "smb", CadenceDays: 30, CustomerSince: model.DateOf(testNow).AddDays(-400),
				LastTouchAt: testNow.Add(-time.Duration(i%90) * 24 * time.Hour), CreatedAt: testNow.AddDate(-1, 0, 0)}
			if i >= customers {
				a.Status, a.CustomerSince = model.Prospect, model.Date{}
			}
			id, err := b.Account(a)
			if err != nil {
				return err
			}
			if i%5 == 0 && i < customers {
				if _, err := b.Issue(model.SupportIssue{AccountID: id, Title: "broken", Severity: model.SevHigh,
					OpenedAt: testNow.Add(-time.Duration(i%20) * 24 * time.Hour)}); err != nil {
					return err
				}
			}
			if i%3 == 0 && i < customers {
				if _, err := b.Survey(model.Survey{AccountID: id, Kind: model.CSAT, Score: 1 + i%5, At: testNow.AddDate(0, 0, -i%60)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, reverse := range []bool{false, true} {
		l, err := s.ListAccounts(ctx, AccountQuery{Sort: AccountsByHealth, Reverse: reverse})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.AccountPage(ctx, l, 0, l.Len())
		if err != nil {
			t.Fatal(err)
		}
		type scored struct {
			name  string
			score int
			ok    bool
		}
		var got, want []scored
		for _, r := range rows {
			h, ok := model.HealthOf(r.Facts(), s.clock)
			got = append(got, scored{r.Name, h.Score, ok})
		}
		want = slices.Clone(got)
		slices.SortFunc(want, func(a, b scored) int {
			if a.ok != b.ok {
				if a.ok {
					return -1
				}
				return 1
			}
			c := cmp.Compare(a.score, b.score)
			if reverse {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)))
		})
		if len(got) != customers+40 {
			t.Fatalf("reverse=%v: %d rows, want %d", reverse, len(got), customers+40)
		}
		distinct := map[int]bool{}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("reverse=%v: row %d is %+v, want %+v", reverse, i, got[i], want[i])
			}
			distinct[got[i].score] = true
		}
		if len(distinct) < 5 {
			t.Fatalf("only %d distinct scores: the test data does not exercise the ranking", len(distinct))
		}
	}
}
