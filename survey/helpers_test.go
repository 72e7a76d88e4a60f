package survey_test

import (
	"math/rand/v2"

	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/questionnaires/synth"
)

// synthAnswers returns valid answers with a fixed seed.
func synthAnswers(q *questionnaires.Questionnaire, seed uint64) (questionnaires.Answers, error) {
	return synth.Answers(q, rand.New(rand.NewPCG(seed, seed+1)), synth.Options{Propensity: 0.6})
}
