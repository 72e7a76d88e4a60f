package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/xlsform"
	"github.com/assocbench/assocbench/reports"
	"github.com/assocbench/assocbench/survey"
)

// The export and import commands work on the database directly, as
// survey.System: whoever can run them can read the database anyway.

func runExport(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "export", args, map[string]func(context.Context, *env, []string) error{
		"scorecard": exportScorecard,
		"pack":      exportPack,
		"responses": exportResponses,
		"fill-in":   exportFillIn,
	}, map[string]string{
		"scorecard": "an association's scorecard workbook",
		"pack":      "a working group's session pack workbook",
		"responses": "every submitted response (administrators' raw export)",
		"fill-in":   "a questionnaire as a workbook to fill in offline",
	})
}

func runImport(ctx context.Context, e *env, args []string) error {
	return subcommand(ctx, e, "import", args, map[string]func(context.Context, *env, []string) error{
		"fill-in": importFillIn,
	}, map[string]string{
		"fill-in": "store a completed fill-in workbook as an association's draft",
	})
}

// exportFlags are the flags every export has.
type exportFlags struct {
	config
	out  string
	lang string
}

func (x *exportFlags) register(e *env, fs *flag.FlagSet) {
	fs.StringVar(&x.out, "o", "", "output file (default: the name the web download would have; - for standard output)")
	fs.StringVar(&x.lang, "lang", "en", "language of the workbook: en, fr, es or ar")
	storeFlags(e, fs, &x.config)
}

func (x *exportFlags) check() error {
	if !slices.Contains(questionnaires.MessageLanguages, x.lang) {
		return usagef("--lang must be one of %s", strings.Join(questionnaires.MessageLanguages, ", "))
	}
	return nil
}

// dbSession is an open database and a service over it.
type dbSession struct {
	svc   *survey.Service
	close func()
}

// openSession opens the configured database with a service over it.
func (c *config) openSession(ctx context.Context, e *env) (*dbSession, error) {
	log, err := c.logger(e.stderr)
	if err != nil {
		return nil, err
	}
	st, err := c.openStore(ctx, log)
	if err != nil {
		return nil, err
	}
	svc, err := survey.NewService(st, survey.Options{Logger: log})
	if err != nil {
		closeStore(st, log)
		return nil, err
	}
	return &dbSession{svc: svc, close: func() { closeStore(st, log) }}, nil
}

// writeOutput writes a workbook with write: to standard output for "-",
// else to a temporary file renamed to path once complete, so that a
// failed export leaves no partial file.
func writeOutput(e *env, path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(e.stdout)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".assocbench-*.xlsx")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil {
		fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", path, fi.Size())
	}
	return nil
}

func exportScorecard(ctx context.Context, e *env, args []string) error {
	var x exportFlags
	fs := newFlags(e, "export scorecard", "export scorecard --campaign C --association A [--lang fr] [-o F.xlsx] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	association := fs.String("association", "", "association id (required)")
	x.register(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" || *association == "" {
		return usagef("export scorecard needs --campaign and --association, and no arguments")
	}
	if err := x.check(); err != nil {
		return err
	}
	if x.out == "" {
		x.out = reports.FileName("scorecard", *campaign, *association)
	}
	s, err := x.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	bar := progress(e.stderr, 2, "scorecard")
	sc, err := s.svc.Scorecard(ctx, survey.System, *campaign, *association)
	if err != nil {
		return err
	}
	rs, err := s.svc.ListResponses(ctx, survey.System, *campaign, *association)
	if err != nil {
		return err
	}
	answers := map[string]questionnaires.Answers{}
	for _, r := range rs {
		if r.Status == survey.StatusSubmitted {
			answers[r.Questionnaire] = r.Answers
		}
	}
	_ = bar.Add(1)
	err = writeOutput(e, x.out, func(w io.Writer) error {
		return reports.WriteScorecard(w, sc, answers, reports.Options{Lang: x.lang, Now: s.svc.Now()})
	})
	_ = bar.Finish()
	if err != nil {
		return err
	}
	s.svc.RecordExport(ctx, survey.System, "scorecard", *campaign+"/"+*association)
	return nil
}

func exportPack(ctx context.Context, e *env, args []string) error {
	var x exportFlags
	fs := newFlags(e, "export pack", "export pack --campaign C [--questionnaire Q] [--lang fr] [-o F.xlsx] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	qid := fs.String("questionnaire", "", "limit the pack to one questionnaire (id)")
	x.register(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("export pack needs --campaign, and no arguments")
	}
	if err := x.check(); err != nil {
		return err
	}
	if x.out == "" {
		x.out = reports.FileName("pack", *campaign, *qid)
	}
	s, err := x.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	bar := progress(e.stderr, 2, "session pack")
	pk, err := s.svc.SessionPack(ctx, survey.System, *campaign, *qid)
	if err != nil {
		return err
	}
	_ = bar.Add(1)
	err = writeOutput(e, x.out, func(w io.Writer) error {
		return reports.WritePack(w, pk, reports.Options{Lang: x.lang, Now: s.svc.Now()})
	})
	_ = bar.Finish()
	if err != nil {
		return err
	}
	s.svc.RecordExport(ctx, survey.System, "pack", strings.TrimSuffix(*campaign+"/"+*qid, "/"))
	return nil
}

func exportResponses(ctx context.Context, e *env, args []string) error {
	var x exportFlags
	fs := newFlags(e, "export responses", "export responses --campaign C [--questionnaire Q] [--lang fr] [--labels] [-o F.xlsx] [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	qid := fs.String("questionnaire", "", "export one questionnaire (id); default: all of the campaign")
	labels := fs.Bool("labels", false, "write choice labels in --lang instead of codes")
	x.register(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *campaign == "" {
		return usagef("export responses needs --campaign, and no arguments")
	}
	if err := x.check(); err != nil {
		return err
	}
	if x.out == "" {
		x.out = reports.FileName("responses", *campaign, *qid)
	}
	s, err := x.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	cp, err := s.svc.GetCampaign(ctx, survey.System, *campaign)
	if err != nil {
		return err
	}
	var defs []*questionnaires.Questionnaire
	for _, key := range cp.Questionnaires {
		if *qid != "" && !strings.HasPrefix(key, *qid+"@") {
			continue
		}
		q, err := s.svc.Questionnaire(ctx, key)
		if err != nil {
			return err
		}
		defs = append(defs, q)
	}
	if len(defs) == 0 {
		return fmt.Errorf("questionnaire %s is not part of campaign %s", *qid, cp.ID)
	}
	as, err := s.svc.ListAssociations(ctx, survey.System, survey.AssociationFilter{})
	if err != nil {
		return err
	}
	names := make(map[string]string, len(as))
	for _, a := range as {
		names[a.ID] = a.Name
	}
	bar := progress(e.stderr, -1, "responses")
	n := 0
	err = writeOutput(e, x.out, func(w io.Writer) error {
		var err error
		n, err = reports.WriteResponses(w, func(yield func(*survey.Response) error) error {
			return s.svc.StreamSubmitted(ctx, survey.System, cp.ID, *qid, yield)
		}, reports.ResponsesOptions{Options: reports.Options{Lang: x.lang, Now: s.svc.Now()}, Campaign: cp,
			Questionnaires: defs, Labels: *labels, Name: func(id string) string { return names[id] },
			Progress: func(int) { _ = bar.Add(1) }})
		return err
	})
	_ = bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, i18n.N(e.lang(), "cli.responses", n, n))
	s.svc.RecordExport(ctx, survey.System, "responses", strings.TrimSuffix(cp.ID+"/"+*qid, "/"))
	return nil
}

func exportFillIn(ctx context.Context, e *env, args []string) error {
	var x exportFlags
	fs := newFlags(e, "export fill-in", "export fill-in --questionnaire Q [--campaign C --association A] [--lang fr] [-o F.xlsx] [database flags]")
	qref := fs.String("questionnaire", "", "questionnaire id, id@version, or a definition file (required)")
	campaign := fs.String("campaign", "", "with --association: pre-fill with the association's draft in this campaign")
	association := fs.String("association", "", "with --campaign: the association whose draft pre-fills the workbook")
	x.register(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *qref == "" {
		return usagef("export fill-in needs --questionnaire, and no arguments")
	}
	if (*campaign == "") != (*association == "") {
		return usagef("export fill-in: give --campaign and --association together")
	}
	if err := x.check(); err != nil {
		return err
	}
	o := reports.FillInOptions{Options: reports.Options{Lang: x.lang}}
	var q *questionnaires.Questionnaire
	var answers questionnaires.Answers
	if *campaign == "" && isDefinitionFile(*qref) {
		var err error
		if q, err = questionnaires.LoadFile(*qref); err != nil {
			return err
		}
	} else {
		s, err := x.openSession(ctx, e)
		if err != nil {
			return err
		}
		defer s.close()
		o.Now = s.svc.Now()
		if *campaign != "" {
			ref := survey.ResponseRef{Campaign: *campaign, Association: *association, Questionnaire: strings.SplitN(*qref, "@", 2)[0]}
			r, err := s.svc.GetResponse(ctx, survey.System, ref)
			if err != nil {
				return err
			}
			answers = r.Answers
			if q, err = s.svc.Questionnaire(ctx, r.Key()); err != nil {
				return err
			}
			if a, err := s.svc.GetAssociation(ctx, survey.System, *association); err == nil {
				o.Association = a.Name + " (" + a.ID + ")"
			}
			if cp, err := s.svc.GetCampaign(ctx, survey.System, *campaign); err == nil {
				o.Campaign = cp.Title.In(x.lang) + " (" + cp.ID + ")"
			}
		} else if q, err = s.svc.Questionnaire(ctx, *qref); err != nil {
			return err
		}
	}
	if x.out == "" {
		ids := []string{q.ID}
		if *association != "" {
			ids = []string{*association, q.ID}
		}
		camp := *campaign
		if camp == "" {
			camp = q.Version
		}
		x.out = reports.FileName("fill-in", camp, ids...)
	}
	return writeOutput(e, x.out, func(w io.Writer) error { return reports.WriteFillIn(w, q, answers, o) })
}

// isDefinitionFile reports whether ref names a YAML or JSON file.
func isDefinitionFile(ref string) bool {
	return strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.HasSuffix(ref, ".json")
}

func importFillIn(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "import fill-in", "import fill-in --campaign C --association A [--lang fr] F.xlsx [database flags]")
	campaign := fs.String("campaign", "", "campaign id (required)")
	association := fs.String("association", "", "association id (required)")
	lang := fs.String("lang", "en", "language of the messages")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *campaign == "" || *association == "" {
		return usagef("import fill-in needs --campaign, --association and one workbook file")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("read workbook: %w", err)
	}
	key, err := reports.FillInKey(bytes.NewReader(data))
	if err != nil {
		return err
	}
	s, err := c.openSession(ctx, e)
	if err != nil {
		return err
	}
	defer s.close()
	qid := strings.SplitN(key, "@", 2)[0]
	ref := survey.ResponseRef{Campaign: *campaign, Association: *association, Questionnaire: qid}
	cur, err := s.svc.GetResponse(ctx, survey.System, ref)
	if err != nil {
		return err
	}
	q, err := s.svc.Questionnaire(ctx, cur.Key())
	if err != nil {
		return err
	}
	answers, problems := reports.ReadFillIn(bytes.NewReader(data), q, *lang)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", fs.Arg(0), p)
		}
		fmt.Fprintln(e.stderr, i18n.N(e.lang(), "cli.import.problems", len(problems), len(problems)))
		return errReported
	}
	r, err := s.svc.ImportDraft(ctx, survey.System, ref, answers, *lang)
	var ve *survey.ValidationError
	if errors.As(err, &ve) {
		for k, m := range ve.Fields {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", fs.Arg(0), k, m)
		}
		return errReported
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, i18n.N(e.lang(), "cli.imported", len(answers), len(answers), r.ID, r.Revision))
	return nil
}

func questionnairesImportXLSForm(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "questionnaires import-xlsform", "questionnaires import-xlsform F.xlsx [-o F.yaml]")
	out := fs.String("o", "", "write the definition to this file (default: standard output)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("questionnaires import-xlsform needs one XLSForm workbook")
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("read xlsform: %w", err)
	}
	defer f.Close()
	src, q, warnings, err := xlsform.ImportWithWarnings(filepath.Base(name), f)
	for _, w := range warnings {
		fmt.Fprintln(e.stderr, filepath.Base(name)+": "+w)
	}
	var de *questionnaires.DefinitionError
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			fmt.Fprintln(e.stderr, p.String())
		}
		fmt.Fprintln(e.stderr, i18n.N(e.lang(), "cli.definition.problems", len(de.Problems), len(de.Problems)))
		return errReported
	}
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(src)
		return err
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintln(e.stdout, i18n.N(e.lang(), "cli.wrote.definition", q.Counts().Questions, *out, q.ID, q.Version, q.Counts().Questions))
	return nil
}

func questionnairesExportXLSForm(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags(e, "questionnaires export-xlsform", "questionnaires export-xlsform ID|ID@VERSION|FILE [-o F.xlsx] [database flags]")
	out := fs.String("o", "", "output file (default: assocbench-xlsform-ID-VERSION.xlsx; - for standard output)")
	storeFlags(e, fs, &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("questionnaires export-xlsform needs one questionnaire id or file")
	}
	ref := fs.Arg(0)
	var q *questionnaires.Questionnaire
	switch {
	case isDefinitionFile(ref):
		var err error
		if q, err = questionnaires.LoadFile(ref); err != nil {
			return err
		}
	case questionnaires.Builtin(ref) != nil:
		q = questionnaires.Builtin(ref)
	default: // an uploaded definition, or a built-in version by key
		s, err := c.openSession(ctx, e)
		if err != nil {
			return err
		}
		defer s.close()
		if q, err = s.svc.Questionnaire(ctx, ref); err != nil {
			return err
		}
	}
	if *out == "" {
		*out = reports.FileName("xlsform", q.ID, q.Version)
	}
	return writeOutput(e, *out, func(w io.Writer) error { return xlsform.Export(w, q) })
}
