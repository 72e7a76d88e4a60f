package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/assocbench/assocbench/survey"
	"github.com/assocbench/assocbench/survey/demo"
)

// serveDemo seeds the demo, or finishes a seed that an earlier start did
// not complete, and then prints fresh sign-in secrets once. A demo whose
// secrets were printed (a live token labelled demo.AnalystLabel exists) is
// left alone; a database with campaigns of its own is never seeded.
func serveDemo(ctx context.Context, e *env, svc *survey.Service, st survey.Store, n int, url, adminFromEnv string) error {
	printed, err := demoPrinted(ctx, svc)
	if err != nil {
		return err
	}
	if printed {
		fmt.Fprintln(e.stdout, "demo: the database already has data; nothing seeded (sign-in links were printed when it was seeded;"+
			" with the server stopped, `assocbench tokens create --role admin` and `assocbench invite ASSOCIATION` issue new ones)")
		return printAdmin(ctx, e, svc, adminFromEnv)
	}
	if foreign, err := foreignData(ctx, svc); err != nil || foreign {
		if err == nil {
			fmt.Fprintln(e.stdout, "demo: the database has campaigns that are not the demo's; nothing seeded")
			err = printAdmin(ctx, e, svc, adminFromEnv)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "demo: seeding %d associations, campaigns %s and %s (about 15 s; safe to interrupt: the next start finishes it)\n",
		n, demo.Baseline, demo.Midterm)
	sum, err := demo.Seed(ctx, st, demo.Options{Associations: n, Seed: 1, Progress: seedProgress(e, n)})
	if err != nil {
		return fmt.Errorf("seed demo data (start again to finish it): %w", err)
	}
	fmt.Fprintf(e.stdout, "demo: %d associations, campaigns %s and %s, %d responses submitted, %d drafts (%s)\n",
		sum.Associations, demo.Baseline, demo.Midterm, sum.Submitted, sum.Drafts, sum.Took.Round(time.Millisecond))
	return printDemoSecrets(ctx, e.stdout, svc, url, adminFromEnv != "")
}

// demoPrinted reports whether the demo's secrets were printed: a live
// demo analyst token exists (issued only once the seed is complete).
func demoPrinted(ctx context.Context, svc *survey.Service) (bool, error) {
	ts, err := svc.ListTokens(ctx, survey.System, "")
	if err != nil {
		return false, fmt.Errorf("list tokens: %w", err)
	}
	for _, t := range ts {
		if t.Role == survey.RoleAnalyst && t.Label == demo.AnalystLabel && t.RevokedAt == nil {
			return true, nil
		}
	}
	return false, nil
}

// foreignData reports whether the database has campaigns and not the demo's.
func foreignData(ctx context.Context, svc *survey.Service) (bool, error) {
	cs, err := svc.ListCampaigns(ctx, survey.System)
	if err != nil {
		return false, fmt.Errorf("list campaigns: %w", err)
	}
	for _, c := range cs {
		if c.ID == demo.Baseline || c.ID == demo.Midterm {
			return false, nil
		}
	}
	return len(cs) > 0, nil
}

// printDemoSecrets issues and prints, each as soon as it is issued, an
// administrator token (unless ASSOCBENCH_ADMIN_TOKEN is set), an analyst
// token and the three invitation links; the analyst token comes last of
// the tokens, as it marks the secrets printed.
func printDemoSecrets(ctx context.Context, w io.Writer, svc *survey.Service, url string, adminFromEnv bool) error {
	fmt.Fprintln(w, "sign-in secrets (shown once):")
	invitees, err := demo.Invitees(ctx, svc)
	if err != nil {
		return err
	}
	for _, in := range invitees {
		a := in.Association
		raw, _, err := svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: survey.RoleAssociation, Association: a.ID, Label: demo.InvitationLabel})
		if err != nil {
			return fmt.Errorf("invitation of %s: %w", a.ID, err)
		}
		fmt.Fprintf(w, "  %s (%s, %s): %s/s/%s\n", a.Name, a.Region.Label("en"), in.State, url, raw)
	}
	if adminFromEnv {
		fmt.Fprintln(w, "  administrator: the token in ASSOCBENCH_ADMIN_TOKEN")
	} else {
		raw, _, err := svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: survey.RoleAdmin, Label: demo.AdminLabel, TTL: 365 * 24 * time.Hour})
		if err != nil {
			return fmt.Errorf("administrator token: %w", err)
		}
		fmt.Fprintf(w, "  administrator token: %s\n", raw)
	}
	analyst, _, err := svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: survey.RoleAnalyst, Label: demo.AnalystLabel})
	if err != nil {
		return fmt.Errorf("analyst token: %w", err)
	}
	fmt.Fprintf(w, "  analyst token:       %s   (sign in at %s/login)\n", analyst, url)
	return nil
}

// seedProgress reports the seed's progress: a bar on a terminal, else a
// line every tenth of the way (so that logs and `make run` piped show
// it too); e.seeded, when set, is told too (tests).
func seedProgress(e *env, total int) func(done, total int) {
	f, tty := e.stderr.(*os.File)
	tty = tty && isTerminal(f)
	bar := progress(e.stderr, total, "seeding demo data")
	step := max(1, total/10)
	return func(done, total int) {
		if tty {
			_ = bar.Set(done)
			if done == total {
				_ = bar.Finish()
			}
		} else if done%step == 0 || done == total {
			fmt.Fprintf(e.stderr, "demo: %d of %d associations seeded\n", done, total)
		}
		if e.seeded != nil {
			e.seeded(done, total)
		}
	}
}
