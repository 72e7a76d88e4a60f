package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The meeting commands plan on the database directly, as survey.System:
// participants are every association in its profile time zone and the
// named participants registered for the campaign's meetings.

func runMeeting(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "meeting", args, map[string]func(context.Context, *env, []string) error{
		"plan":     meetingPlan,
		"rotation": meetingRotation,
	}, map[string]string{
		"plan":     "the start times of one day's sessions that every region can attend",
		"rotation": "a series of single calls whose off-hours slots rotate between the regions",
	})
}

// planFlags are the flags both meeting commands have.
type planFlags struct {
	config
	campaign string
	duration time.Duration
	window   string
	limits   string
	grid     int
	asJSON   bool
}

func (x *planFlags) register(e *env, fs *flag.FlagSet, defDuration time.Duration) {
	fs.StringVar(&x.campaign, "campaign", "", "campaign id (required)")
	fs.DurationVar(&x.duration, "duration", defDuration, "length of a session, e.g. 90m")
	fs.StringVar(&x.window, "window", scoring.DefaultWindow.String(), "local working window")
	fs.StringVar(&x.limits, "limits", "", "optional hard limits, e.g. 07:00-21:00")
	fs.IntVar(&x.grid, "grid", 15, "minutes between candidate start times: 15, 30 or 60")
	fs.BoolVar(&x.asJSON, "json", false, "print JSON")
	storeFlags(e, fs, &x.config)
}

func (x *planFlags) check() error {
	if x.campaign == "" {
		return usagef("--campaign is required")
	}
	if x.duration%time.Minute != 0 || x.duration < 15*time.Minute || x.duration > 12*time.Hour {
		return usagef("--duration must be whole minutes from 15m to 12h")
	}
	if _, err := scoring.ParseClockRange(x.window); err != nil {
		return usagef("--window: %v", err)
	}
	if x.limits != "" {
		if _, err := scoring.ParseClockRange(x.limits); err != nil {
			return usagef("--limits: %v", err)
		}
	}
	return nil
}

func (x *planFlags) request(day string, sessions int) survey.PlanRequest {
	return survey.PlanRequest{Day: day, Sessions: sessions, Duration: int(x.duration / time.Minute), Window: x.window, Limits: x.limits, Grid: x.grid}
}

func meetingPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "meeting plan", "meeting plan --campaign C --date YYYY-MM-DD [--sessions 3] [--duration 90m] [--window 09:00-17:00] [--json]")
	var x planFlags
	x.register(e, fs, 90*time.Minute)
	date := fs.String("date", "", "UTC date of the sessions, YYYY-MM-DD (required)")
	sessions := fs.Int("sessions", 1, "how many times the session is held (1-4)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("meeting plan takes no arguments")
	}
	if err := x.check(); err != nil {
		return err
	}
	if _, err := time.Parse(time.DateOnly, *date); err != nil {
		return usagef("--date must be a date YYYY-MM-DD")
	}
	if *sessions < 1 || *sessions > 4 {
		return usagef("--sessions must be from 1 to 4")
	}
	sess, err := x.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer sess.close()
	start := time.Now()
	plan, err := sess.svc.PlanCampaign(ctx, survey.System, x.campaign, x.request(*date, *sessions))
	if err != nil {
		return err
	}
	took := time.Since(start)
	if x.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	}
	lang := e.lang()
	fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.head", x.campaign, len(plan.Sessions), plan.Duration, plan.Date, plan.Window))
	for i, s := range plan.Sessions {
		fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.session", i+1, s.Start.Format("15:04"), s.End.Format("15:04"), s.Covered))
	}
	printRegions(e, lang, plan.Regions)
	fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.total", plan.Covered, plan.Participants, plan.OffHoursMinutes))
	if plan.WithoutTimeZone > 0 {
		fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.nozone", plan.WithoutTimeZone))
	}
	fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.took", plan.Evaluated, took.Round(time.Millisecond)))
	return nil
}

// printRegions writes the coverage per region as a table.
func printRegions(e *env, lang string, regions []scoring.RegionCoverage) {
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\t%s\t%s\n", i18n.T(lang, "dim.region"), i18n.T(lang, "agenda.participants"), i18n.T(lang, "agenda.covered"))
	for _, r := range regions {
		name := r.Region
		if q := questionnaires.Region(r.Region); q.Valid() {
			name = q.Label(lang)
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d (%.0f%%)\n", name, r.Participants, r.Covered, 100*r.Share)
	}
	tw.Flush()
}

func meetingRotation(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "meeting rotation", "meeting rotation --campaign C --from YYYY-MM-DD [--count 6] [--every 28] [--duration 60m] [--json]")
	var x planFlags
	x.register(e, fs, 60*time.Minute)
	from := fs.String("from", "", "UTC date of the first call, YYYY-MM-DD (required)")
	count := fs.Int("count", 6, "number of calls (1-24)")
	every := fs.Int("every", 28, "days between calls (1-92)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("meeting rotation takes no arguments")
	}
	if err := x.check(); err != nil {
		return err
	}
	first, err := time.Parse(time.DateOnly, *from)
	if err != nil {
		return usagef("--from must be a date YYYY-MM-DD")
	}
	if *count < 1 || *count > 24 || *every < 1 || *every > 92 {
		return usagef("--count must be from 1 to 24 and --every from 1 to 92")
	}
	dates := make([]time.Time, *count)
	for i := range dates {
		dates[i] = first.AddDate(0, 0, i**every)
	}
	sess, err := x.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer sess.close()
	calls, err := sess.svc.RotateCampaign(ctx, survey.System, x.campaign, dates, x.request("", 1))
	if err != nil {
		return err
	}
	if x.asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"calls": calls})
	}
	lang := e.lang()
	for _, c := range calls {
		var off []string
		for _, r := range c.OffHours {
			off = append(off, questionnaires.Region(r).Label(lang))
		}
		fmt.Fprintln(e.stdout, i18n.T(lang, "cli.meeting.call", c.Date, c.Start.Format("15:04"), c.End.Format("15:04"),
			c.Covered, c.Participants, strings.Join(off, ", ")))
	}
	return nil
}
