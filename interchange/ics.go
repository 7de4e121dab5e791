package interchange

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"rolo/model"
)

// The calendar a rep already lives in gets rolo's dates as all-day events
// (Outlook ignores VTODO), each with a reminder: deals' next steps, account
// tasks, and contracts' notice deadlines and end dates. UIDs are stable
// (one per deal next step, task, and contract date), so importing a newer
// file into the calendar updates the events instead of adding copies.

// CalendarBook is what the calendar is made from.
type CalendarBook struct {
	Deals      EachDeal
	Activities EachActivity
	Contracts  EachContract
}

// WriteICS writes the calendar. stamp is DTSTAMP (the export's "now").
func WriteICS(w io.Writer, stamp time.Time, b CalendarBook) error {
	fw := &foldingWriter{w: bufio.NewWriterSize(w, 64<<10)}
	enc := ical.NewEncoder(fw)
	fw.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rolo//rolo export//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:rolo\r\n")
	event := func(uid string, day model.Date, summary, description string, remind time.Duration) error {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, uid)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp.UTC())
		start := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC)
		ev.Props.SetDate(ical.PropDateTimeStart, start)
		ev.Props.SetDate(ical.PropDateTimeEnd, start.AddDate(0, 0, 1))
		ev.Props.SetText(ical.PropSummary, icsText(summary))
		if description != "" {
			ev.Props.SetText(ical.PropDescription, icsText(description))
		}
		ev.Props.SetText(ical.PropTransparency, "TRANSPARENT")
		alarm := ical.NewComponent(ical.CompAlarm)
		alarm.Props.SetText(ical.PropAction, "DISPLAY")
		alarm.Props.SetText(ical.PropDescription, icsText(summary))
		trigger := ical.NewProp(ical.PropTrigger)
		trigger.SetDuration(-remind)
		alarm.Props.Set(trigger)
		ev.Children = append(ev.Children, alarm)
		return enc.Encode(&ical.Calendar{Component: ev.Component})
	}
	// A reminder at 9:00 the day before (the event starts at midnight).
	const dayBefore = 15 * time.Hour
	if err := b.Deals(func(d model.Deal) error {
		if d.Status != model.Open || d.NextDue.IsZero() {
			return nil
		}
		step := d.NextStep
		if step == "" {
			step = "Next step"
		}
		return event(fmt.Sprintf("rolo-deal-%d-next-step@rolo", d.ID), d.NextDue, step+" — "+d.Title,
			fmt.Sprintf("%s\n%s (%s)", d.Title, d.AccountName, d.Value), dayBefore)
	}); err != nil {
		return err
	}
	if err := b.Activities(func(a model.Activity, n ActivityNames) error {
		if a.Done() || a.Due.IsZero() {
			return nil
		}
		text := a.Text
		if text == "" {
			text = string(a.Kind)
		}
		about := n.Account
		if n.Deal != "" {
			about = n.Deal + " (" + n.Account + ")"
		}
		return event(fmt.Sprintf("rolo-task-%d@rolo", a.ID), a.Due, text+" — "+n.Account, about, dayBefore)
	}); err != nil {
		return err
	}
	if err := b.Contracts(func(c model.Contract, account string) error {
		if c.Status != model.ContractActive {
			return nil
		}
		desc := fmt.Sprintf("%s: %s a year, %s to %s", account, c.Value, c.Start, c.End)
		if c.NoticeDays > 0 {
			if err := event(fmt.Sprintf("rolo-contract-%d-notice@rolo", c.ID), c.NoticeDate(),
				"Notice deadline: "+account+" renewal", desc, 7*24*time.Hour); err != nil {
				return err
			}
		}
		return event(fmt.Sprintf("rolo-contract-%d-end@rolo", c.ID), c.End, "Contract ends: "+account, desc, 7*24*time.Hour)
	}); err != nil {
		return err
	}
	fw.WriteString("END:VCALENDAR\r\n")
	return fw.Flush()
}

// icsText keeps line breaks (as LF, which go-ical escapes) and drops the
// other control characters iCalendar text may not hold.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return -1
		}
		return r
	}, s)
}

// foldingWriter folds content lines longer than 75 octets (RFC 5545
// 3.1), never inside a UTF-8 character; go-ical writes them unfolded.
type foldingWriter struct {
	w   *bufio.Writer
	col int
	err error
}

func (f *foldingWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		if p[i] == '\r' || p[i] == '\n' {
			f.put(p[i : i+1])
			if p[i] == '\n' {
				f.col = 0
			}
			i++
			continue
		}
		_, size := utf8.DecodeRune(p[i:])
		if f.col+size > 75 {
			f.put([]byte("\r\n "))
			f.col = 1
		}
		f.put(p[i : i+size])
		f.col += size
		i += size
	}
	return len(p), f.err
}

func (f *foldingWriter) put(b []byte) {
	if f.err == nil {
		_, f.err = f.w.Write(b)
	}
}

func (f *foldingWriter) WriteString(s string) { f.Write([]byte(s)) }

func (f *foldingWriter) Flush() error {
	if f.err != nil {
		return f.err
	}
	return f.w.Flush()
}
