package demo

import (
	"context"
	"fmt"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// MidtermMeeting is the id of the demo's online midterm meeting.
const MidtermMeeting = "2026-midterm-meeting"

// meetingInput is the midterm meeting: 28-30 April 2026, 90-minute
// sessions each held three times, 09:00-17:00 local on weekdays.
var meetingInput = survey.MeetingInput{ID: MidtermMeeting,
	Title: questionnaires.Text{"en": "2026 online midterm meeting", "fr": "Réunion de mi-parcours en ligne 2026",
		"es": "Reunión de medio término en línea 2026", "ar": "اجتماع منتصف المدة عبر الإنترنت 2026"},
	Days: []string{"2026-04-28", "2026-04-29", "2026-04-30"}, Duration: 90, Repeats: 3}

// demoSessions are the agenda, one session a day at the planner's starts.
var demoSessions = []struct {
	id, day string
	title   questionnaires.Text
}{
	{"financial-sustainability", "2026-04-28", questionnaires.Text{"en": "Financial sustainability working group",
		"fr": "Groupe de travail sur la viabilité financière", "es": "Grupo de trabajo sobre sostenibilidad financiera",
		"ar": "فريق العمل المعني بالاستدامة المالية"}},
	{"mentorship-outcomes", "2026-04-29", questionnaires.Text{"en": "Mentorship pilot outcomes",
		"fr": "Résultats du projet pilote de mentorat", "es": "Resultados del piloto de mentoría", "ar": "نتائج المشروع التجريبي للإرشاد"}},
	{"centenary", "2026-04-30", questionnaires.Text{"en": "Towards the IFLA centenary (2027)",
		"fr": "Vers le centenaire de l'IFLA (2027)", "es": "Hacia el centenario de la IFLA (2027)", "ar": "نحو الذكرى المئوية للإفلا (2027)"}},
}

// namedParticipant is a person an association adds, in another zone.
type namedParticipant struct {
	id, name, zone, lang string
}

// demoNamed are the named participants, by the region of the association
// that adds them (the first registered association of that region).
var demoNamed = map[questionnaires.Region][]namedParticipant{
	questionnaires.RegionEurope:       {{"aroha", "Aroha Ngata", "Pacific/Auckland", "en"}, {"lena", "Lena Vogel", "Europe/Berlin", "fr"}},
	questionnaires.RegionAfrica:       {{"priya", "Priya Raman", "Asia/Kolkata", "en"}, {"wanjiru", "Wanjiru Kamau", "Africa/Nairobi", ""}},
	questionnaires.RegionLatinAmerica: {{"joao", "João Silva", "America/Sao_Paulo", "es"}},
	questionnaires.RegionNorthAmerica: {{"maya", "Maya Chen", "America/Los_Angeles", ""}},
	questionnaires.RegionMENA:         {{"salma", "Salma Haddad", "Asia/Riyadh", "ar"}},
}

// registrationsPerRegion is how many associations of each region register.
const registrationsPerRegion = 2

// seedMeeting creates the midterm meeting, its sessions and some
// registrations, each only when missing.
func seedMeeting(ctx context.Context, svc *survey.Service, ps []plan, sum *Summary) error {
	if _, err := svc.GetMeeting(ctx, survey.System, MidtermMeeting); survey.IsNotFound(err) {
		if _, err := svc.CreateMeeting(ctx, survey.System, Midterm, meetingInput); err != nil {
			return fmt.Errorf("create meeting: %w", err)
		}
		sum.Meetings++
	} else if err != nil {
		return err
	}
	v, err := svc.GetMeeting(ctx, survey.System, MidtermMeeting)
	if err != nil {
		return err
	}
	for _, ds := range demoSessions {
		if v.Session(ds.id) != nil {
			continue
		}
		if _, err := svc.PutSession(ctx, survey.System, MidtermMeeting, ds.id, survey.SessionInput{Title: ds.title, Day: ds.day}); err != nil {
			return fmt.Errorf("session %s: %w", ds.id, err)
		}
		sum.Meetings++
	}
	count := map[questionnaires.Region]int{}
	for _, pl := range ps {
		a := pl.assoc
		region, _ := questionnaires.RegionOf(a.Country)
		if count[region] >= registrationsPerRegion {
			continue
		}
		first := count[region] == 0
		count[region]++
		if _, err := svc.GetRegistration(ctx, survey.System, MidtermMeeting, a.ID); err == nil {
			continue
		} else if !survey.IsNotFound(err) {
			return err
		}
		in := survey.RegistrationInput{}
		people := []string{""}
		if first {
			for _, np := range demoNamed[region] {
				in.Participants = append(in.Participants, survey.Participant{ID: np.id, Name: np.name, TimeZone: np.zone, Language: np.lang})
				people = append(people, np.id)
			}
		}
		if err := chooseRepeats(ctx, svc, a.ID, people, &in); err != nil {
			return err
		}
		if _, err := svc.Register(ctx, survey.System, MidtermMeeting, a.ID, in); err != nil {
			return fmt.Errorf("register %s: %w", a.ID, err)
		}
		sum.Registrations++
	}
	return nil
}

// chooseRepeats registers every person for the repeat of each session
// that suits its zone best (the agenda's suggestion).
func chooseRepeats(ctx context.Context, svc *survey.Service, association string, people []string, in *survey.RegistrationInput) error {
	a, err := svc.GetAssociation(ctx, survey.System, association)
	if err != nil {
		return err
	}
	for _, person := range people {
		zone := a.TimeZone
		for _, p := range in.Participants {
			if p.ID == person {
				zone = p.TimeZone
			}
		}
		ag, err := svc.Agenda(ctx, survey.System, MidtermMeeting, survey.AgendaFor{Zone: zone})
		if err != nil {
			return err
		}
		for _, it := range ag.Items {
			if it.Attending >= 0 {
				in.Sessions = append(in.Sessions, survey.SessionChoice{Session: it.Session, Repeat: it.Attending, Participant: person})
			}
		}
	}
	return nil
}
