package model

import (
	"fmt"
	"strings"
)

// SpendChannel is what acquisition money went on. The channels are the
// buckets a small sales team accounts its spend in; they differ from a
// deal's Source, which is where a deal came from.
type SpendChannel string

const (
	ChannelAds          SpendChannel = "ads"
	ChannelEvents       SpendChannel = "events"
	ChannelReferralFees SpendChannel = "referral fees"
	ChannelTools        SpendChannel = "tools"
	ChannelOther        SpendChannel = "other"
)

// SpendChannels lists the channels in display order.
var SpendChannels = []SpendChannel{ChannelAds, ChannelEvents, ChannelReferralFees, ChannelTools, ChannelOther}

// ParseSpendChannel reads a channel as people type it: any case, a dash
// or underscore for the space, or the unique start of a name ("ref").
func ParseSpendChannel(s string) (SpendChannel, error) {
	want := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " "))
	var match []SpendChannel
	for _, c := range SpendChannels {
		if string(c) == want {
			return c, nil
		}
		if want != "" && strings.HasPrefix(string(c), want) {
			match = append(match, c)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", fmt.Errorf("%q is not a spend channel; use %s", s, ChannelList())
}

// ChannelList is the channels for messages and help: "ads, events,
// referral fees, tools or other".
func ChannelList() string {
	names := make([]string, len(SpendChannels))
	for i, c := range SpendChannels {
		names[i] = string(c)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// AcquisitionCost is money spent to win new customers (ads, events,
// referral fees, tools): the numerator of CAC.
type AcquisitionCost struct {
	ID       int64
	Date     Date
	Amount   Money
	Channel  SpendChannel
	Note     string
	Archived bool
	Version  int64 // bumped by every change to the stored row; see store.ErrStale
}

// Validate checks a cost before it is saved.
func (c AcquisitionCost) Validate() error {
	if c.Date.IsZero() {
		return fieldErr("date", "required")
	}
	if err := checkDate("date", c.Date); err != nil {
		return err
	}
	if err := checkMoney("amount", c.Amount); err != nil {
		return err
	}
	if err := oneOf("channel", c.Channel, SpendChannels); err != nil {
		return err
	}
	return checkText("note", c.Note)
}
