package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/assocbench/assocbench/survey"

	"github.com/assocbench/assocbench/survey/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "demo", args, map[string]func(context.Context, *env, []string) error{
		"seed": demoSeed,
	}, map[string]string{
		"seed": "create (or complete) the demo associations, campaigns and responses",
	})
}

func demoSeed(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "demo seed", "demo seed [--associations 150] [--seed 1] [database flags]")
	n := fs.Int("associations", 150, "number of associations (at least 6)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
	base := fs.String("base-url", envOr(e, "ASSOCBENCH_BASE_URL", "http://"+envOr(e, "ASSOCBENCH_ADDR", "127.0.0.1:8080")),
		"public URL of the server, for the sign-in links (env ASSOCBENCH_BASE_URL)")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo seed takes no arguments")
	}
	if *n < 6 || *n > 100000 {
		return usagef("--associations must be from 6 to 100000")
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer closeStore(st, log)
	sum, err := demo.Seed(ctx, st, demo.Options{Associations: *n, Seed: *seed, Progress: seedProgress(e, *n)})
	if err != nil {
		return fmt.Errorf("seed demo data (run it again to finish): %w", err)
	}
	if sum.Existed {
		fmt.Fprintf(e.stdout, "demo data exists already in %s: nothing changed (%s)\n", c.where(), sum.Took.Round(1e6))
	} else {
		fmt.Fprintf(e.stdout, "seeded %s in %s: %d associations, %d campaigns (%s, %s), %d responses submitted, %d drafts, %d already there, %d mentoring pairs proposed for %d requests (greedy: %d), %d baseline pairs completed\n",
			c.where(), sum.Took.Round(1e6), sum.Associations, sum.Campaigns, demo.Baseline, demo.Midterm, sum.Submitted, sum.Drafts, sum.Skipped, sum.Pairs, sum.PairRequests, sum.Greedy, sum.BaselinePairs)
	}
	// the sign-in links, unless a complete seed printed them already
	svc, err := survey.NewService(st, survey.Options{Logger: log})
	if err != nil {
		return err
	}
	if printed, err := demoPrinted(ctx, svc); err != nil || printed {
		return err
	}
	return printDemoSecrets(ctx, e.stdout, svc, strings.TrimRight(*base, "/"), false)
}

// where describes the configured database for messages.
func (c *config) where() string {
	if c.mongoURI != "" {
		return "database " + c.database + " on MongoDB"
	}
	return "database " + c.database + " in " + c.dataDir + " (embedded)"
}
