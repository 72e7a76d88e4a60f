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

// campaignCommand parses "NAME --campaign C [--json] [database flags]",
// opens the database and runs fn; JSON output is fn's value indented,
// text output is text's.
func campaignCommand[T any](ctx context.Context, e *env, name string, args []string,
	fn func(ctx context.Context, s *dbSession, campaign string) (T, error), text func(v T) error) error {
	var c config
	fs := newFlags(e, name, name+" --campaign C [--json] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("%s needs --campaign and no arguments", name)
	}
	s, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	v, err := fn(ctx, s, *campaign)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return text(v)
}

func mentoringMatch(ctx context.Context, e *env, args []string) error {
	return campaignCommand(ctx, e, "mentoring match", args, func(ctx context.Context, s *dbSession, campaign string) (*survey.MentoringRun, error) {
		return s.svc.MentoringPilot(ctx, survey.System, campaign)
	}, func(run *survey.MentoringRun) error {
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
	})
}

func mentoringPropose(ctx context.Context, e *env, args []string) error {
	return campaignCommand(ctx, e, "mentoring propose", args, func(ctx context.Context, s *dbSession, campaign string) (*survey.ProposalResult, error) {
		return s.svc.ProposeMentoring(ctx, survey.System, campaign)
	}, func(res *survey.ProposalResult) error {
		fmt.Fprintln(e.stdout, i18n.T(e.lang(), "cli.mentoring.proposed", res.Campaign, res.Date, res.Proposed, res.Kept, res.Superseded))
		return nil
	})
}
