package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assocbench/assocbench/survey"
)

// CalendarType is the media type of WriteCalendar's output.
const CalendarType = "text/calendar; charset=utf-8"

// WriteCalendar writes a meeting calendar as an iCalendar file (RFC
// 5545): one VEVENT per event, times in UTC (the "Z" form, which every
// calendar program shows in its own zone), the event's stable UID and
// the meeting's revision as SEQUENCE, so that an imported event is
// updated, not duplicated, when the meeting changes. Lines end in CRLF
// and are folded at 75 octets without splitting a character; text is
// escaped as the RFC says.
func WriteCalendar(w io.Writer, cal *survey.Calendar) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//assocbench//meeting agenda//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if cal.Name != "" {
		line("X-WR-CALNAME", icsText(cal.Name))
	}
	for _, ev := range cal.Events {
		line("BEGIN", "VEVENT")
		line("UID", icsText(ev.UID))
		line("DTSTAMP", icsTime(ev.Stamp))
		line("DTSTART", icsTime(ev.Start))
		line("DTEND", icsTime(ev.End))
		line("SEQUENCE", fmt.Sprint(ev.Sequence))
		line("SUMMARY", icsText(ev.Summary))
		if ev.Description != "" {
			line("DESCRIPTION", icsText(ev.Description))
		}
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}

// icsTime writes an instant in the UTC form of RFC 5545 (20260429T033000Z).
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and newlines; other control characters are dropped.
func icsText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFolded writes a content line folded at 75 octets (RFC 5545 §3.1):
// each continuation starts with a space; a character is never split.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
