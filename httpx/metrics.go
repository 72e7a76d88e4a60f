package httpx

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the Prometheus series the server exports.
type metrics struct {
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	submissions *prometheus.CounterVec
	exports     *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "assocbench_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "assocbench_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "assocbench_submissions_total", Help: "Submitted responses by questionnaire.",
		}, []string{"questionnaire"}),
		exports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "assocbench_exports_total", Help: "Exports by kind.",
		}, []string{"kind"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.submissions, m.exports} {
		reg.MustRegister(c)
	}
	// the process and Go collectors may already be registered by the caller
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(took.Seconds())
}

// Submitted counts a submission; wire it to survey.Hooks.Submitted.
func (s *Server) Submitted(_, questionnaire string) {
	s.metrics.submissions.WithLabelValues(questionnaire).Inc()
}

// Exported counts an export; wire it to survey.Hooks.Exported.
func (s *Server) Exported(kind string) { s.metrics.exports.WithLabelValues(kind).Inc() }
