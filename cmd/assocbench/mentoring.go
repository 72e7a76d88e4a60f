package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/survey"
)

// The mentoring commands run the pilot's matching on the database
// directly, as survey.System (every association with results takes part).

func runMentoring(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "mentoring", args, map[string]func(context.Context, *env, []string) error{
		"match":   mentoringMatch,
		"propose": mentoringPropose,
	}, map[string]string{
		"match":   "the pilot's maximum matching of mentees to mentors, without writing anything",
		"propose": "write a fresh matching's pairs as proposals (unanswered older ones are superseded)",
	})
}

func mentoringMatch(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "mentoring match", "mentoring match --campaign C [--json] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("mentoring match needs --campaign and no arguments")
	}
	s, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	run, err := s.svc.MentoringPilot(ctx, survey.System, *campaign)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(run)
	}
	lang := e.lang()
	fmt.Fprintln(e.stdout, i18n.T(lang, "cli.mentoring.head", run.Campaign, run.Date, len(run.Matches), run.Requests, run.Greedy))
	for _, a := range run.Areas {
		fmt.Fprintln(e.stdout, "  "+i18n.T(lang, "dash.pilot.area", a.Area, a.Matched, a.Requests))
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", i18n.T(lang, "dash.area"), i18n.T(lang, "dash.mentor"), i18n.T(lang, "dash.mentee"), i18n.T(lang, "dash.overlap"))
	for _, m := range run.Matches {
		cross := ""
		if m.CrossRegion {
			cross = i18n.T(lang, "cli.mentoring.cross")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2g\t%s\n", m.Area, m.Mentor, m.Mentee, m.OverlapHours, cross)
	}
	return tw.Flush()
}

func mentoringPropose(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "mentoring propose", "mentoring propose --campaign C [--json] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("mentoring propose needs --campaign and no arguments")
	}
	s, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	res, err := s.svc.ProposeMentoring(ctx, survey.System, *campaign)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintln(e.stdout, i18n.T(e.lang(), "cli.mentoring.proposed", res.Campaign, res.Date, res.Proposed, res.Kept, res.Superseded))
	return nil
}
