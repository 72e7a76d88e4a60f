package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/survey"
)

// runPublish makes a release of a campaign's results (the publication
// analysts and the public read), or lists the releases.
func runPublish(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "publish", "publish --campaign C [--list] [--json] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	list := fs.Bool("list", false, "list the campaign's releases instead of making one")
	asJSON := fs.Bool("json", false, "print JSON")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("publish needs --campaign and no arguments")
	}
	s, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	var infos []*survey.ReleaseInfo
	if *list {
		if infos, err = s.svc.Releases(ctx, survey.System, *campaign); err != nil {
			return err
		}
	} else {
		info, err := s.svc.Publish(ctx, survey.System, *campaign, survey.ReleasePublished)
		if err != nil {
			return err
		}
		infos = []*survey.ReleaseInfo{info}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	for _, in := range infos {
		rep := in.Report
		var rules []string
		for _, k := range slices.Sorted(maps.Keys(rep.HiddenBy)) {
			rules = append(rules, fmt.Sprintf("%s %d", k, rep.HiddenBy[k]))
		}
		fmt.Fprintf(e.stdout, "release %d of %s (%s, %s): %d associations; %d of %d cells shown to every unit (%d after primary suppression alone); "+
			"%d of %d unit cells shown (%d); hidden by %s; %d rounds, %v\n",
			in.Number, in.Campaign, in.Reason, in.At.Format("2006-01-02 15:04 MST"), in.Associations,
			rep.Published, rep.Cells, rep.PublishedPrimary, rep.UnitPublished, rep.UnitCells, rep.UnitPublishedPrimary,
			strings.Join(rules, ", "), rep.Rounds, rep.Took.Round(1e6))
	}
	return nil
}
