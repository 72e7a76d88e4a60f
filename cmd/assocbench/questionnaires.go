package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
)

func runQuestionnaires(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "questionnaires", args, map[string]func(context.Context, *env, []string) error{
		"list":     questionnairesList,
		"show":     questionnairesShow,
		"validate": questionnairesValidate,

		"import-xlsform": questionnairesImportXLSForm,
		"export-xlsform": questionnairesExportXLSForm,
	}, map[string]string{
		"list":     "list the built-in questionnaires with their sizes",
		"show":     "show a questionnaire as an outline or as JSON",
		"validate": "validate questionnaire files (the built-ins when none is given)",

		"import-xlsform": "translate an XLSForm workbook into a questionnaire definition (YAML)",
		"export-xlsform": "write a questionnaire as an XLSForm workbook",
	})
}

// listEntry is one row of `questionnaires list --json`.
type listEntry struct {
	ID        string   `json:"id"`
	Version   string   `json:"version"`
	Area      string   `json:"area"`
	Languages []string `json:"languages"`
	questionnaires.Counts
}

func questionnairesList(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "questionnaires list", "questionnaires list [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("questionnaires list takes no arguments")
	}
	qs, err := questionnaires.Library()
	if err != nil {
		return fmt.Errorf("load built-in questionnaires: %w", err)
	}
	entries := make([]listEntry, len(qs))
	for i, q := range qs {
		entries[i] = listEntry{ID: q.ID, Version: q.Version, Area: string(q.Area), Languages: q.Languages, Counts: q.Counts()}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tAREA\tLANGUAGES\tSECTIONS\tQUESTIONS\tSCORED\tINDICATORS")
	for _, en := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n", en.ID, en.Version, en.Area,
			strings.Join(en.Languages, ","), en.Sections, en.Questions, en.Scored, en.Indicators)
	}
	return tw.Flush()
}

func questionnairesShow(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "questionnaires show", "questionnaires show ID|FILE [--lang fr] [--json]")
	lang := fs.String("lang", "en", "language of the outline")
	asJSON := fs.Bool("json", false, "print the full definition as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("questionnaires show needs one questionnaire id or file")
	}
	q, err := findQuestionnaire(fs.Arg(0))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(q)
	}
	if !q.HasLanguage(*lang) {
		return usagef("questionnaire %s is not translated into %q (it has %s)", q.ID, *lang, strings.Join(q.Languages, ", "))
	}
	return writeOutline(e.stdout, q, *lang)
}

// findQuestionnaire returns a built-in by id, or loads a file.
func findQuestionnaire(ref string) (*questionnaires.Questionnaire, error) {
	if q := questionnaires.Builtin(ref); q != nil {
		return q, nil
	}
	if strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.HasSuffix(ref, ".json") {
		return questionnaires.LoadFile(ref)
	}
	if _, err := questionnaires.Library(); err != nil {
		return nil, fmt.Errorf("load built-in questionnaires: %w", err)
	}
	return nil, usagef("no built-in questionnaire %q (see assocbench questionnaires list)", ref)
}

func writeOutline(w io.Writer, q *questionnaires.Questionnaire, lang string) error {
	c := q.Counts()
	fmt.Fprintf(w, "%s — %s %s (%s)\n", q.Title.In(lang), q.ID, q.Version, q.Area)
	if len(q.ImpactAreas) > 0 {
		fmt.Fprintf(w, "IFLA impact areas: %s\n", strings.Join(q.ImpactAreas, ", "))
	}
	fmt.Fprintf(w, "%d sections, %d questions (%d scored, %d required), %d indicators\n",
		c.Sections, c.Questions, c.Scored, c.Required, c.Indicators)
	for i, s := range q.Sections {
		fmt.Fprintf(w, "\n%d. %s  [%s, weight %g]\n", i+1, s.Title.In(lang), s.ID, s.Weight)
		for _, qu := range s.Questions {
			req := ""
			if qu.Required {
				req = " *"
			}
			fmt.Fprintf(w, "   - %s%s  [%s %s", qu.Label.In(lang), req, qu.ID, qu.Type)
			if m := qu.Method(); m != questionnaires.MethodNone {
				fmt.Fprintf(w, ", scored: %s, weight %g", m, qu.Weight)
			}
			fmt.Fprintln(w, "]")
			if qu.Relevant != "" {
				fmt.Fprintf(w, "       shown when: %s\n", qu.Relevant)
			}
			if qu.ChoicesFrom != "" {
				fmt.Fprintf(w, "       choices: built-in list %s (%d)\n", qu.ChoicesFrom, len(qu.Choices))
				continue
			}
			for _, ch := range qu.Choices {
				pts := ""
				if ch.Points != nil {
					pts = fmt.Sprintf(" (%g)", *ch.Points)
				}
				fmt.Fprintf(w, "       · %s%s\n", ch.Label.In(lang), pts)
			}
			for _, r := range qu.Rows {
				fmt.Fprintf(w, "       · %s\n", r.Label.In(lang))
			}
		}
		for _, in := range s.Indicators() {
			fmt.Fprintf(w, "   = %s  [%s indicator: %s]\n", in.Label.In(lang), in.ID, in.Expr)
		}
	}
	if len(q.MaturityLevels) > 0 {
		fmt.Fprintln(w, "\nMaturity levels:")
		for _, m := range q.MaturityLevels {
			fmt.Fprintf(w, "   %3g+ %s\n", m.Min, m.Label.In(lang))
		}
	}
	return nil
}

func questionnairesValidate(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "questionnaires validate", "questionnaires validate [FILE...]")
	if err := parse(fs, args); err != nil {
		return err
	}
	sources := map[string][]byte{}
	var order []string
	if fs.NArg() == 0 {
		lib, err := questionnaires.LibrarySources()
		if err != nil {
			return err
		}
		for name, src := range lib {
			sources[name] = src
			order = append(order, name)
		}
	}
	failed := 0
	var loaded []string
	check := func(name string, q *questionnaires.Questionnaire, err error) {
		var de *questionnaires.DefinitionError
		switch {
		case errors.As(err, &de):
			for _, p := range de.Problems {
				fmt.Fprintln(e.stderr, p.String())
			}
			failed++
		case err != nil:
			fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
			failed++
		default:
			loaded = append(loaded, i18n.T(e.lang(), "cli.validate.ok", name, q.ID, q.Version))
		}
	}
	sortStrings(order)
	for _, name := range order {
		q, err := questionnaires.Load(name, sources[name])
		check(name, q, err)
	}
	for _, name := range fs.Args() {
		q, err := questionnaires.LoadFile(name)
		check(name, q, err)
	}
	for _, l := range loaded {
		fmt.Fprintln(e.stdout, l)
	}
	if failed > 0 {
		fmt.Fprintln(e.stderr, i18n.N(e.lang(), "cli.validate.failed", failed+len(loaded), failed, failed+len(loaded)))
		return errReported
	}
	return nil
}
