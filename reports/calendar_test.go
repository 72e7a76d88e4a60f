package reports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// TestCalendarParses writes a calendar with awkward text and checks that
// golang-ical, a calendar library's parser, reads every event back with
// the same UID, times and text.
func TestCalendarParses(t *testing.T) {
	stamp := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	long := strings.Repeat("Développement durable, financement; ", 6) + "مرحبا\\fin"
	cal := &survey.Calendar{Name: "Réunion, 2026", Events: []survey.CalendarEvent{
		{UID: "m.finance.0@assocbench", Start: time.Date(2026, 4, 29, 3, 30, 0, 0, time.UTC), End: time.Date(2026, 4, 29, 5, 0, 0, 0, time.UTC),
			Summary: long, Description: "line one\nline two", Sequence: 4, Stamp: stamp},
		{UID: "m.finance.1@assocbench", Start: time.Date(2026, 4, 29, 8, 0, 0, 0, time.FixedZone("x", 3600)),
			End: time.Date(2026, 4, 29, 9, 30, 0, 0, time.FixedZone("x", 3600)), Summary: "Second", Sequence: 4, Stamp: stamp},
	}}
	var buf bytes.Buffer
	if err := reports.WriteCalendar(&buf, cal); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets, over 75: %q", i+1, len(line), line)
		}
	}
	parsed, err := ics.ParseCalendar(&buf)
	if err != nil {
		t.Fatalf("golang-ical cannot parse the calendar: %v", err)
	}
	events := parsed.Events()
	if len(events) != len(cal.Events) {
		t.Fatalf("%d events parsed, want %d", len(events), len(cal.Events))
	}
	for i, ev := range events {
		want := cal.Events[i]
		if got := ev.Id(); got != want.UID {
			t.Errorf("event %d UID %q, want %q", i, got, want.UID)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d start %v (%v), want %v", i, start, err, want.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("event %d end %v (%v), want %v", i, end, err, want.End)
		}
		if got := unescape(ev.GetProperty(ics.ComponentPropertySummary).Value); got != want.Summary {
			t.Errorf("event %d summary %q, want %q", i, got, want.Summary)
		}
	}
	if got := unescape(events[0].GetProperty(ics.ComponentPropertyDescription).Value); got != "line one\nline two" {
		t.Errorf("description %q", got)
	}
}

// unescape undoes RFC 5545 TEXT escaping (golang-ical returns values raw).
func unescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\N`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

// TestPackAgendaSheet checks the session pack's Agenda sheet against the
// demo meeting: a row per repeat and region, the local times of each zone.
func TestPackAgendaSheet(t *testing.T) {
	ctx := context.Background()
	svc := seeded(t, 18)
	pk, err := svc.SessionPack(ctx, survey.System, demo.Midterm, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(pk.Agenda) == 0 {
		t.Fatal("the demo's pack has no agenda rows")
	}
	var buf bytes.Buffer
	if err := reports.WritePack(&buf, pk, reports.Options{Lang: "en", Now: now}); err != nil {
		t.Fatal(err)
	}
	w := read(t, buf.Bytes())
	rows := w.rows(t, "Agenda")
	hr := w.find(t, "Agenda", 1, "Meeting")
	if hr == 0 {
		t.Fatal("no header row on the Agenda sheet")
	}
	body := rows[hr:]
	if len(body) != len(pk.Agenda) {
		t.Fatalf("%d agenda rows, want %d", len(body), len(pk.Agenda))
	}
	for i, row := range pk.Agenda {
		got := body[i]
		if got[1] != row.Session.In("en") || got[5] == "" {
			t.Errorf("row %d: %q", i, got)
		}
		for _, l := range row.Local {
			if !strings.Contains(got[6], l.Zone+" "+l.Date+" "+l.Start+"–"+l.End) {
				t.Errorf("row %d local times %q lack %s %s %s", i, got[6], l.Zone, l.Start, l.End)
			}
		}
	}
}
