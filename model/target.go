package model

import (
	"fmt"
	"strconv"
	"strings"
)

// RecordKind is the kind of record an id belongs to. Ids are per kind:
// deal 82 and account 82 are different records.
type RecordKind string

const (
	KindDeal     RecordKind = "deal"
	KindAccount  RecordKind = "account"
	KindContact  RecordKind = "contact"
	KindContract RecordKind = "contract"
)

var recordKinds = []RecordKind{KindDeal, KindAccount, KindContact, KindContract}

// Target is how a person names a record on the command line: a typed id
// ("deal:82"), a bare id ("82", whose kind the command must make clear),
// or text to match against names and titles.
type Target struct {
	Kind RecordKind // set for a typed id
	ID   int64      // set for an id, typed or bare
	Text string     // set for a name
}

// ParseTarget reads what a person typed to name a record. "deal:82",
// "account:82", "contact:7" and "contract:3" (any case, no spaces) are
// typed ids; a whole number is a bare id; anything else — including
// "Acme: West" or "deal:abc" — is a name. An id must be a whole number
// from 1 up.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	if kind, rest, ok := strings.Cut(s, ":"); ok && isDigits(rest) {
		for _, k := range recordKinds {
			if strings.EqualFold(kind, string(k)) {
				id, err := parseID(rest)
				if err != nil {
					return Target{}, fmt.Errorf("%s:%s is not an id: %w", k, rest, err)
				}
				return Target{Kind: k, ID: id}, nil
			}
		}
	}
	if isDigits(s) {
		id, err := parseID(s)
		if err != nil {
			return Target{}, fmt.Errorf("%s is not an id: %w", s, err)
		}
		return Target{ID: id}, nil
	}
	return Target{Text: s}, nil
}

// String is the typed form, "deal:82", or the text.
func (t Target) String() string {
	switch {
	case t.Kind != "":
		return TypedID(t.Kind, t.ID)
	case t.ID != 0:
		return strconv.FormatInt(t.ID, 10)
	}
	return t.Text
}

// TypedID names a record by typed id: TypedID(KindDeal, 82) == "deal:82".
func TypedID(kind RecordKind, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, fmt.Errorf("ids are whole numbers from 1 to %d", int64(1<<63-1))
	}
	return id, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
