package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/assocbench/assocbench/i18n"
	"github.com/assocbench/assocbench/mailer"
	"github.com/assocbench/assocbench/questionnaires"
	"github.com/assocbench/assocbench/survey"
)

// Reminders by e-mail: when the server has an SMTP URL
// (ASSOCBENCH_SMTP_URL), the progress page sends every association of
// the filter still missing, that has a contact address, the reminder of
// its mailto: link (in its own language), one message each, each one
// audited. Without it the page offers the mailto: links and the CSV only.

// mailSender sends one message (a *mailer.Sender).
type mailSender interface {
	Send(ctx context.Context, m mailer.Message) error
}

// Option configures the pages at Mount.
type Option func(*site)

// WithMailer lets the administrator's pages send reminders through m
// (nil: they do not).
func WithMailer(m *mailer.Sender) Option {
	return func(w *site) {
		if m != nil {
			w.mail = m
		}
	}
}

// reminderText is the reminder of a campaign in the association's language.
func reminderText(cp *survey.Campaign, a *survey.Association) (subject, body string) {
	l := i18n.Lang(a.Language)
	return i18n.T(l, "admin.remind.subject", cp.Title.In(l)),
		i18n.T(l, "admin.remind.body", a.Name, cp.Title.In(l), i18n.DateTimeZone(cp.Closes.In(location(a.TimeZone)), l))
}

// adminSendReminders e-mails the associations still missing.
func (w *site) adminSendReminders(c *gin.Context) {
	p, ok := w.adminPost(c)
	if !ok {
		return
	}
	if w.mail == nil {
		w.errorPage(c, &survey.ValidationError{Message: "no mail server", Fields: map[string]string{"smtp": "ASSOCBENCH_SMTP_URL is not set: use the mailto: links or the CSV"}})
		return
	}
	region := c.PostForm("region")
	if region != "" && !questionnaires.Region(region).Valid() {
		w.errorPage(c, &survey.ValidationError{Message: "invalid form", Fields: map[string]string{"region": "must be an IFLA region"}})
		return
	}
	ctx := c.Request.Context()
	pr, err := w.svc.CampaignProgress(ctx, p, c.Param("c"), region)
	if err != nil {
		w.errorPage(c, err)
		return
	}
	sent, failed := 0, 0
	for _, r := range pr.Rows {
		a := r.Association
		if r.State == survey.ProgressSubmitted || a.Email == "" {
			continue
		}
		subject, body := reminderText(pr.Campaign, a)
		detail := "sent to " + a.Email
		if err := w.mail.Send(ctx, mailer.Message{To: []string{a.Email}, Subject: subject, Body: body}); err != nil {
			w.log.Warn("reminder not sent", "campaign", pr.Campaign.ID, "association", a.ID, "err", err)
			detail, failed = "failed: "+err.Error(), failed+1
		} else {
			sent++
		}
		if err := w.svc.RecordReminder(ctx, p, pr.Campaign.ID, a.ID, detail); err != nil {
			w.errorPage(c, err)
			return
		}
	}
	q := url.Values{"sent": {strconv.Itoa(sent)}, "failed": {strconv.Itoa(failed)}}
	if region != "" {
		q.Set("region", region)
	}
	c.Redirect(http.StatusSeeOther, "/admin/campaigns/"+url.PathEscape(pr.Campaign.ID)+"?"+q.Encode())
}
