package demo

import (
	"hash/fnv"

	"github.com/assocbench/assocbench/survey"
)

// enrol fills the mentorship pilot's enrolment of an association that
// offers or seeks mentoring: hours a month, format, scope and capacity,
// drawn from its id (not from the seed's random stream, so that adding
// the enrolment left every other demo figure as it was). Most give no
// format or want a few weeks; a fifth want partners of their own region;
// mentors take two to four mentees.
func enrol(a *survey.Association) {
	if len(a.MentoringOffers)+len(a.MentoringSeeks) == 0 {
		return
	}
	h := fnv.New64a()
	h.Write([]byte(a.ID))
	x := h.Sum64()
	pick := func(n uint64) int {
		v := int(x % n)
		x /= n
		return v
	}
	a.MentoringHours = []int{2, 4, 4, 6, 8, 10}[pick(6)]
	a.MentoringFormat = []string{"", "", "", "", "weeks", "long_term", "one_off"}[pick(7)]
	a.MentoringScope = "global"
	if pick(5) == 0 {
		a.MentoringScope = "region"
	}
	if len(a.MentoringOffers) > 0 {
		a.MentoringCapacity = []int{2, 2, 3, 4}[pick(4)]
	}
}
