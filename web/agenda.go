package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// agendaData is the association's agenda page.
type agendaData struct {
	ID, Title   string
	Person      string // "" for the association itself
	PersonName  string
	Zone        string
	Persons     []option
	Items       []agendaItemView
	Calendar    string
	Registered  bool
	Done        bool
	Register    []registerRow
	People      []personView
	Zones       []option
	Languages   []option
	Association string
}

type agendaItemView struct {
	ID, Title, Calendar string
	Registered          bool
	Repeats             []agendaRepeatView
}

type agendaRepeatView struct {
	Number    int
	Local     localTime
	Covered   bool
	Attending bool
	Suggested bool
}

// registerRow is one session of the registration form: a choice per person.
type registerRow struct {
	Session, Title string
	People         []personChoice
}

type personChoice struct {
	Name, Field, ID string
	Options         []option
}

type personView struct {
	ID, Name, Zone, Language, Delete string
}

// associationOnly sends staff to the planner; it returns false when it answered.
func (w *site) associationOnly(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.principal(c)
	if !ok {
		return p, false
	}
	if p.Role != survey.RoleAssociation {
		c.Redirect(http.StatusSeeOther, "/meetings")
		return p, false
	}
	return p, true
}

// agendaIndex opens the latest campaign's first meeting.
func (w *site) agendaIndex(c *gin.Context) {
	p, ok := w.associationOnly(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cs, err := w.svc.ListCampaigns(ctx, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	for i := len(cs) - 1; i >= 0; i-- {
		ms, err := w.svc.ListMeetings(ctx, p, cs[i].ID)
		if err != nil {
			w.errorPage(c, err)
			return
		}
		if len(ms) > 0 {
			c.Redirect(http.StatusSeeOther, "/agenda/"+url.PathEscape(ms[0].ID))
			return
		}
	}
	pg := w.newPage(c, "agenda.title", &p)
	pg.Data = message{Heading: pg.T("agenda.title"), Text: pg.T("agenda.none"), Link: "/survey", LinkTxt: pg.T("nav.survey")}
	w.render(c, http.StatusOK, "message", pg)
}

func (w *site) agendaPage(c *gin.Context) {
	p, ok := w.associationOnly(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	v, err := w.svc.GetMeeting(ctx, p, c.Param("m"))
	if err != nil {
		w.errorPage(c, err)
		return
	}
	m := v.Meeting
	pg := w.newPage(c, "", &p)
	l := pg.Lang
	pg.Title = m.Title.In(l)
	person := c.Query("person")
	ag, err := w.svc.Agenda(ctx, p, m.ID, survey.AgendaFor{Participant: person})
	if err != nil {
		w.errorPage(c, err)
		return
	}
	loc, err := time.LoadLocation(ag.Zone)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	base := "/meetings/" + url.PathEscape(m.ID) + "/calendar.ics"
	q := url.Values{}
	if person != "" {
		q.Set("person", person)
	}
	d := agendaData{ID: m.ID, Title: m.Title.In(l), Person: person, PersonName: ag.Name, Zone: ag.Zone,
		Calendar: base + "?" + q.Encode(), Done: c.Query("done") != "", Association: p.Association}
	reg := m.Registration(p.Association)
	d.Registered = reg != nil
	a, err := w.svc.GetAssociation(ctx, p, p.Association)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	people := []survey.Participant{{Name: a.Name, TimeZone: a.TimeZone}}
	if reg != nil {
		people = append(people, reg.Participants...)
	}
	for _, pp := range people {
		d.Persons = append(d.Persons, option{Value: pp.ID, Label: pp.Name + " (" + pp.TimeZone + ")", Selected: pp.ID == person})
		if pp.ID != "" {
			d.People = append(d.People, personView{ID: pp.ID, Name: pp.Name, Zone: pp.TimeZone, Language: i18n.LanguageName(pp.Language, l),
				Delete: "/agenda/" + url.PathEscape(m.ID) + "/participants/" + url.PathEscape(pp.ID) + "/delete"})
		}
	}
	for _, it := range ag.Items {
		iq := url.Values{"session": {it.Session}}
		if person != "" {
			iq.Set("person", person)
		}
		iv := agendaItemView{ID: it.Session, Title: it.Title.In(l), Registered: it.Registered, Calendar: base + "?" + iq.Encode()}
		for _, r := range it.Repeats {
			iv.Repeats = append(iv.Repeats, agendaRepeatView{Number: r.Index + 1, Local: newLocal(r.Start, r.End, loc, l),
				Covered: r.Covered, Attending: r.Index == it.Attending, Suggested: r.Suggested})
		}
		d.Items = append(d.Items, iv)
	}
	if d.Register, err = w.registerRows(c, p, m, people, l); err != nil {
		w.errorPage(c, err)
		return
	}
	d.Zones = zoneOptions(l)
	for _, code := range questionnaires.MessageLanguages {
		d.Languages = append(d.Languages, option{Value: code, Label: i18n.Endonym(code)})
	}
	pg.Data = d
	w.render(c, http.StatusOK, "agenda", pg)
}

// registerRows builds the registration form: for each session and person,
// the repeats in that person's zone, the registered one selected.
func (w *site) registerRows(c *gin.Context, p survey.Principal, m *survey.Meeting, people []survey.Participant, l string) ([]registerRow, error) {
	ctx := c.Request.Context()
	agendas := make([]*survey.Agenda, len(people))
	for i, pp := range people {
		ag, err := w.svc.Agenda(ctx, p, m.ID, survey.AgendaFor{Participant: pp.ID})
		if err != nil {
			return nil, err
		}
		agendas[i] = ag
	}
	var rows []registerRow
	for si, ses := range m.Sessions {
		row := registerRow{Session: ses.ID, Title: ses.Title.In(l)}
		for i, pp := range people {
			it := agendas[i].Items[si]
			loc, err := time.LoadLocation(agendas[i].Zone)
			if err != nil {
				return nil, err
			}
			key := pp.ID
			if key == "" {
				key = "-"
			}
			pc := personChoice{Name: pp.Name, ID: "c-" + ses.ID + "-" + key, Field: "choice." + ses.ID + "." + key,
				Options: []option{{Value: "", Label: i18n.T(l, "agenda.notattending"), Selected: !it.Registered}}}
			for _, r := range it.Repeats {
				label := newLocal(r.Start, r.End, loc, l).Text + " (" + agendas[i].Zone + ")"
				if r.Covered {
					label += " — " + i18n.T(l, "agenda.inhours")
				}
				pc.Options = append(pc.Options, option{Value: strconv.Itoa(r.Index), Label: label, Selected: it.Registered && it.Attending == r.Index})
			}
			row.People = append(row.People, pc)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// zoneOptions lists the IANA time zones for the participant form.
func zoneOptions(lang string) []option {
	cs, _ := questionnaires.BuiltinChoices("timezones")
	out := make([]option, 0, len(cs))
	for _, ch := range cs {
		out = append(out, option{Value: ch.ID, Label: ch.Label.In(lang)})
	}
	return out
}

// currentRegistration returns the association's registration as an input
// to change (empty when it has not registered).
func (w *site) currentRegistration(c *gin.Context, p survey.Principal) (survey.RegistrationInput, error) {
	r, err := w.svc.GetRegistration(c.Request.Context(), p, c.Param("m"), p.Association)
	switch {
	case survey.IsNotFound(err):
		if _, err := w.svc.GetMeeting(c.Request.Context(), p, c.Param("m")); err != nil {
			return survey.RegistrationInput{}, err
		}
		return survey.RegistrationInput{}, nil
	case err != nil:
		return survey.RegistrationInput{}, err
	}
	return survey.RegistrationInput{Participants: slices.Clone(r.Participants), Sessions: slices.Clone(r.Sessions)}, nil
}

// saveRegistration stores in and returns to the agenda.
func (w *site) saveRegistration(c *gin.Context, p survey.Principal, in survey.RegistrationInput) {
	if _, err := w.svc.Register(c.Request.Context(), p, c.Param("m"), p.Association, in); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/agenda/"+url.PathEscape(c.Param("m"))+"?done=1")
}

// formPost authenticates an association's form post with its CSRF token.
func (w *site) formPost(c *gin.Context) (survey.Principal, bool) {
	p, ok := w.associationOnly(c)
	if !ok {
		return p, false
	}
	if err := formCSRF(c); err != nil {
		w.formExpired(c)
		return p, false
	}
	return p, true
}

// register takes the session choices of the form: choice.SESSION.PERSON
// = the repeat ("" for not attending; PERSON "-" is the association).
func (w *site) register(c *gin.Context) {
	p, ok := w.formPost(c)
	if !ok {
		return
	}
	in, err := w.currentRegistration(c, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		w.errorPage(c, err)
		return
	}
	in.Sessions = nil
	keys := make([]string, 0, len(c.Request.PostForm))
	for k := range c.Request.PostForm {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, "choice.")
		v := c.Request.PostForm.Get(k)
		if !ok || v == "" {
			continue
		}
		session, person, ok := strings.Cut(rest, ".")
		repeat, err := strconv.Atoi(v)
		if !ok || err != nil {
			w.errorPage(c, &survey.ValidationError{Message: "invalid registration", Fields: map[string]string{k: "must be a repeat number"}})
			return
		}
		if person == "-" {
			person = ""
		}
		in.Sessions = append(in.Sessions, survey.SessionChoice{Session: session, Repeat: repeat, Participant: person})
	}
	w.saveRegistration(c, p, in)
}

var reNotSlug = regexp.MustCompile(`[^a-z0-9]+`)

// participantID makes a participant id from a name, unique in the registration.
func participantID(name string, taken []survey.Participant) string {
	base := strings.Trim(reNotSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(base) > 30 {
		base = strings.Trim(base[:30], "-")
	}
	if base == "" {
		base = "participant"
	}
	id := base
	for n := 2; slices.ContainsFunc(taken, func(p survey.Participant) bool { return p.ID == id }); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

func (w *site) addParticipant(c *gin.Context) {
	p, ok := w.formPost(c)
	if !ok {
		return
	}
	in, err := w.currentRegistration(c, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	name := strings.TrimSpace(c.PostForm("name"))
	in.Participants = append(in.Participants, survey.Participant{ID: participantID(name, in.Participants), Name: name,
		TimeZone: c.PostForm("time_zone"), Language: c.PostForm("language")})
	w.saveRegistration(c, p, in)
}

func (w *site) removeParticipant(c *gin.Context) {
	p, ok := w.formPost(c)
	if !ok {
		return
	}
	in, err := w.currentRegistration(c, p)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	id := c.Param("id")
	in.Participants = slices.DeleteFunc(in.Participants, func(pt survey.Participant) bool { return pt.ID == id })
	in.Sessions = slices.DeleteFunc(in.Sessions, func(ch survey.SessionChoice) bool { return ch.Participant == id })
	w.saveRegistration(c, p, in)
}

func (w *site) cancelRegistration(c *gin.Context) {
	p, ok := w.formPost(c)
	if !ok {
		return
	}
	if err := w.svc.CancelRegistration(c.Request.Context(), p, c.Param("m"), p.Association); err != nil {
		w.errorPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/agenda/"+url.PathEscape(c.Param("m")))
}
