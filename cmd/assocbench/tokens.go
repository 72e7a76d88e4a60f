package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/assocbench/assocbench/survey"
)

// runTokens is `assocbench tokens`: recover access with the server stopped
// (the embedded data dir admits one process) or on MONGODB_URI.
func runTokens(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "tokens", args, map[string]func(context.Context, *env, []string) error{
		"create": tokensCreate,
	}, map[string]string{
		"create": "issue an administrator or analyst token and print it once",
	})
}

func tokensCreate(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "tokens create", "tokens create --role admin|analyst [--label TEXT] [--days 365] [database flags]")
	role := fs.String("role", "", "admin or analyst")
	label := fs.String("label", "", "what the token is for (default: issued on the command line)")
	days := fs.Int("days", 365, "days until the token expires (1 to 1095)")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("tokens create takes no arguments")
	}
	r := survey.Role(*role)
	if r != survey.RoleAdmin && r != survey.RoleAnalyst {
		return usagef("--role must be admin or analyst (invite issues association links)")
	}
	if *days < 1 || *days > 1095 {
		return usagef("--days must be from 1 to 1095")
	}
	if *label == "" {
		*label = "issued on the command line"
	}
	return withService(ctx, e, &c, func(svc *survey.Service) error {
		raw, _, err := svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: r, Label: *label, TTL: time.Duration(*days) * 24 * time.Hour})
		if err != nil {
			return fmt.Errorf("issue token: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s token (shown once, store it now): %s\n", r, raw)
		return nil
	})
}

// runInvite is `assocbench invite ASSOCIATION`: a new invitation link.
func runInvite(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "invite", "invite ASSOCIATION [--base-url URL] [database flags]")
	base := fs.String("base-url", envOr(e, "ASSOCBENCH_BASE_URL", "http://"+envOr(e, "ASSOCBENCH_ADDR", "127.0.0.1:8080")),
		"public URL of the server (env ASSOCBENCH_BASE_URL)")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("invite takes one association id")
	}
	id := fs.Arg(0)
	return withService(ctx, e, &c, func(svc *survey.Service) error {
		a, err := svc.GetAssociation(ctx, survey.System, id)
		if err != nil {
			return fmt.Errorf("association %q: %w", id, err)
		}
		raw, _, err := svc.IssueToken(ctx, survey.System, survey.TokenRequest{Role: survey.RoleAssociation, Association: a.ID, Label: "invitation from the command line"})
		if err != nil {
			return fmt.Errorf("issue invitation: %w", err)
		}
		fmt.Fprintf(e.stdout, "%s: %s/s/%s\n", a.Name, strings.TrimRight(*base, "/"), raw)
		return nil
	})
}

// withService opens the configured store, runs f with a service on it and
// closes the store.
func withService(ctx context.Context, e *env, c *config, f func(*survey.Service) error) error {
	sess, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer sess.close()
	return f(sess.svc)
}
