package main

import (
	"context"
	"fmt"

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
	bar := progress(e.stderr, *n, "seeding")
	sum, err := demo.Seed(ctx, st, demo.Options{Associations: *n, Seed: *seed, Progress: func(done, _ int) { _ = bar.Set(done) }})
	_ = bar.Finish()
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	if sum.Existed {
		fmt.Fprintf(e.stdout, "demo data exists already in %s: nothing changed (%s)\n", c.where(), sum.Took.Round(1e6))
		return nil
	}
	fmt.Fprintf(e.stdout, "seeded %s in %s: %d associations, %d campaigns (%s, %s), %d responses submitted, %d drafts, %d already there\n",
		c.where(), sum.Took.Round(1e6), sum.Associations, sum.Campaigns, demo.Baseline, demo.Midterm, sum.Submitted, sum.Drafts, sum.Skipped)
	return nil
}

// where describes the configured database for messages.
func (c *config) where() string {
	if c.mongoURI != "" {
		return "database " + c.database + " on MongoDB"
	}
	return "database " + c.database + " in " + c.dataDir + " (embedded)"
}
