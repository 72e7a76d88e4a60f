package api

import (
	"log/slog"

	"github.com/assocbench/assocbench/httpx"
	"github.com/assocbench/assocbench/survey"
)

// handlers serve the API's routes.
type handlers struct {
	x   *httpx.Server
	svc *survey.Service
	log *slog.Logger
}

// Mount registers the JSON API's routes on x.
func Mount(x *httpx.Server) {
	s := &handlers{x: x, svc: x.Service(), log: x.Logger()}
	h := x.Handle
	v1 := x.Engine().Group("/api/v1")
	v1.GET("/openapi.yaml", s.openapi)

	a := v1.Group("", x.RequireAuth, x.Handle(raterScope))
	a.GET("/questionnaires", h(s.listQuestionnaires))
	a.POST("/questionnaires", h(s.uploadQuestionnaire))
	a.GET("/questionnaires/:id", h(s.getQuestionnaire))
	a.GET("/questionnaires/:id/xlsform", h(s.exportXLSForm))
	a.POST("/questionnaires/xlsform", h(s.importXLSForm))

	a.GET("/associations", h(s.listAssociations))
	a.POST("/associations", h(s.createAssociation))
	a.GET("/associations/:id", h(s.getAssociation))
	a.PATCH("/associations/:id", h(s.patchAssociation))
	a.POST("/associations/:id/tokens", h(s.issueToken))
	a.POST("/tokens", h(s.issueStaffToken))
	a.DELETE("/tokens/:prefix", h(s.revokeToken))

	a.GET("/campaigns", h(s.listCampaigns))
	a.POST("/campaigns", h(s.createCampaign))
	a.GET("/campaigns/:c", h(s.getCampaign))
	a.PATCH("/campaigns/:c", h(s.patchCampaign))
	a.POST("/campaigns/:c/close", h(s.closeCampaign))
	a.POST("/campaigns/:c/rescore", h(s.rescore))

	a.GET("/campaigns/:c/responses/:association", h(s.listResponses))
	a.GET("/campaigns/:c/responses/:association/:questionnaire", h(s.getResponse))
	a.PUT("/campaigns/:c/responses/:association/:questionnaire", h(s.saveDraft))
	a.POST("/campaigns/:c/responses/:association/:questionnaire/submit", h(s.submit))
	a.POST("/campaigns/:c/responses/:association/:questionnaire/reopen", h(s.reopen))
	a.GET("/campaigns/:c/responses/:association/:questionnaire/fill-in", h(s.exportFillIn))
	a.POST("/campaigns/:c/responses/:association/:questionnaire/fill-in", h(s.importFillIn))

	a.GET("/campaigns/:c/associations/:association/raters", h(s.listRaters))
	a.POST("/campaigns/:c/associations/:association/raters", h(s.inviteRater))
	a.GET("/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire", h(s.getRaterResponse))
	a.PUT("/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire", h(s.saveRaterDraft))
	a.POST("/campaigns/:c/associations/:association/raters/:rater/responses/:questionnaire/submit", h(s.submitRater))
	a.GET("/campaigns/:c/associations/:association/divergence/:questionnaire", h(s.divergence))

	a.GET("/campaigns/:c/scores", h(s.allScores))
	a.GET("/campaigns/:c/scores/:association", h(s.scorecard))
	a.GET("/campaigns/:c/benchmarks", h(s.benchmarks))
	a.GET("/campaigns/:c/prevalence", h(s.prevalence))
	a.GET("/campaigns/:c/trends", h(s.trends))
	a.GET("/campaigns/:c/mentoring", h(s.mentoring))
	a.POST("/campaigns/:c/mentoring/proposals", h(s.proposePairs))
	a.GET("/campaigns/:c/mentoring/outcomes", h(s.mentoringOutcomes))
	a.GET("/campaigns/:c/mentoring/pairs", h(s.listPairs))
	a.POST("/campaigns/:c/mentoring/pairs/:pair", h(s.actOnPair))
	a.GET("/campaigns/:c/levels", h(s.levels))
	a.GET("/campaigns/:c/releases", h(s.listReleases))
	a.POST("/campaigns/:c/releases", h(s.publish))
	a.GET("/campaigns/:c/consent/:association", h(s.getConsent))
	a.PUT("/campaigns/:c/consent/:association", h(s.putConsent))
	a.GET("/campaigns/:c/exports/scorecard/:association", h(s.exportScorecard))
	a.GET("/campaigns/:c/exports/pack", h(s.exportPack))
	a.GET("/campaigns/:c/exports/responses", h(s.exportResponses))

	a.GET("/campaigns/:c/plans", h(s.planTable))
	a.GET("/campaigns/:c/plans/:association", h(s.getPlan))
	a.PUT("/campaigns/:c/plans/:association", h(s.putPlan))
	a.POST("/campaigns/:c/plans/:association/reopen", h(s.reopenPlan))
	a.POST("/campaigns/:c/plans/:association/workbook", h(s.importPlan))

	a.GET("/campaigns/:c/meetings", h(s.listMeetings))
	a.POST("/campaigns/:c/meetings", h(s.createMeeting))
	a.GET("/meetings/:m", h(s.getMeeting))
	a.PATCH("/meetings/:m", h(s.patchMeeting))
	a.GET("/meetings/:m/plan", h(s.planMeeting))
	a.GET("/meetings/:m/agenda", h(s.agenda))
	a.GET("/meetings/:m/calendar", h(s.calendar))
	a.PUT("/meetings/:m/sessions/:s", h(s.putSession))
	a.DELETE("/meetings/:m/sessions/:s", h(s.deleteSession))
	a.GET("/meetings/:m/registrations/:association", h(s.getRegistration))
	a.PUT("/meetings/:m/registrations/:association", h(s.putRegistration))
	a.DELETE("/meetings/:m/registrations/:association", h(s.deleteRegistration))

	s.practiceRoutes(a) // practices.go
}
