package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/scoring"
	"github.com/assocbench/assocbench/survey"
)

// The demo's good-practice library: a resource in English for every
// section of the midterm campaign's questionnaires, helping with its
// scored items (so that every scorecard's weakest items list one), the
// first section of each area also in French, Spanish and Arabic, and for a few items a named story by an association that
// is established or leading in it, approved by the working group.

// demoStories is how many named stories the demo offers.
const demoStories = 6

// translations of the demo resources' title, by language.
var resourceTitle = map[string]string{"en": "Guide: %s", "fr": "Guide : %s", "es": "Guía: %s", "ar": "دليل: %s"}

func seedPractices(ctx context.Context, svc *survey.Service, sum *Summary) error {
	have, err := svc.ListPractices(ctx, survey.System, survey.PracticeFilter{Pending: true})
	if err != nil || len(have) > 0 {
		return err
	}
	c, err := svc.GetCampaign(ctx, survey.System, Midterm)
	if err != nil {
		return err
	}
	data, err := svc.ResultsDataset(ctx, survey.System, Midterm)
	if err != nil {
		return err
	}
	stories := 0
	for _, key := range c.Questionnaires {
		q, err := svc.Questionnaire(ctx, key)
		if err != nil {
			return err
		}
		if !q.Scored() {
			continue
		}
		for si, sec := range q.Sections {
			var items []string
			for _, qu := range sec.Questions {
				if qu.Method() != questionnaires.MethodNone && len(items) < 20 {
					items = append(items, q.ID+"/"+qu.ID)
				}
			}
			if len(items) == 0 {
				continue
			}
			langs := []string{"en"}
			if si == 0 {
				langs = []string{"en", "fr", "es", "ar"}
			}
			for _, l := range langs {
				in := survey.ResourceInput{Title: fmt.Sprintf(resourceTitle[l], sec.Title.In(l)),
					Description: "IFLA Management of Library Associations: " + sec.Title.In("en"),
					Link:        "https://www.ifla.org/units/mla/", Languages: []string{l}, Items: items}
				if _, err := svc.CreateResource(ctx, survey.System, in, nil, nil); err != nil {
					return fmt.Errorf("resource for %s: %w", sec.ID, err)
				}
				sum.Practices++
			}
			if stories < demoStories && si%2 == 0 {
				ok, err := seedStory(ctx, svc, data, q, sec.Questions[0])
				if err != nil {
					return err
				}
				if ok {
					stories++
					sum.Practices++
				}
			}
		}
	}
	return nil
}

// seedStory offers and approves a named story for an item by the first
// association established or leading in it.
func seedStory(ctx context.Context, svc *survey.Service, data *scoring.Dataset, q *questionnaires.Questionnaire, qu *questionnaires.Question) (bool, error) {
	j, ok := data.Metric(scoring.ItemMetric(q.ID, qu.ID))
	if !ok {
		return false, nil
	}
	min := 65.0
	for _, l := range q.MaturityLevels {
		if l.ID == "established" {
			min = l.Min
		}
	}
	for row := 0; row < data.Len(); row++ {
		v, ok := data.Value(row, j)
		if !ok || v < min || data.ID(row) == "" {
			continue
		}
		p := survey.Principal{Role: survey.RoleAssociation, Association: data.ID(row), Token: "demo"}
		label := strings.ToLower(qu.Label.In("en"))
		pr, err := svc.OfferStory(ctx, p, survey.StoryInput{Campaign: Midterm, Item: q.ID + "/" + qu.ID,
			Title: "How we got " + label + " right", Did: "We set up a small working party of board members and staff, looked at what three neighbouring associations do, and wrote down our own way in two pages.",
			Cost: "About ten days of volunteer time and no money.", Changed: "Members noticed within a year; the board now reviews it every spring.",
			Languages: []string{"en"}, Attribution: survey.AttributionNamed})
		if err != nil {
			return false, fmt.Errorf("story of %s: %w", p.Association, err)
		}
		if _, err := svc.ApprovePractice(ctx, survey.System, pr.ID); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, nil
}
