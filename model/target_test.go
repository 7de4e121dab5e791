package model

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in   string
		want Target
		err  string
	}{
		{in: "deal:82", want: Target{Kind: KindDeal, ID: 82}},
		{in: " Account:82 ", want: Target{Kind: KindAccount, ID: 82}},
		{in: "CONTACT:7", want: Target{Kind: KindContact, ID: 7}},
		{in: "contract:3", want: Target{Kind: KindContract, ID: 3}},
		{in: "82", want: Target{ID: 82}},
		{in: "Acme Corp", want: Target{Text: "Acme Corp"}},
		{in: "Acme: West", want: Target{Text: "Acme: West"}},
		{in: "deal:abc", want: Target{Text: "deal:abc"}},
		{in: "deal: 82", want: Target{Text: "deal: 82"}},
		{in: "invoice:82", want: Target{Text: "invoice:82"}},
		{in: "-1", want: Target{Text: "-1"}},
		{in: "deal:0", err: "ids are whole numbers from 1"},
		{in: "0", err: "ids are whole numbers from 1"},
		{in: "99999999999999999999", err: "ids are whole numbers"},
		{in: "deal:99999999999999999999", err: "deal:99999999999999999999 is not an id"},
	}
	for _, c := range cases {
		got, err := ParseTarget(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseTarget(%q) = %+v, %v; want error %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	if s := (Target{Kind: KindDeal, ID: 82}).String(); s != "deal:82" {
		t.Errorf("String = %q", s)
	}
}
