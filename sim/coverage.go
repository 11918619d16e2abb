package sim

// WithoutReasonHeader leaves the X-Egovsim-Reason header off the answers, for clients that must
// see the upstream's headers only; the reasons stay in the journal (GET /__admin/requests).
func WithoutReasonHeader() Option { return func(c *config) { c.set.NoReasonHeader = true } }

// Coverage is which documented outcomes the simulator has answered since the last Reset (an
// Activate keeps the counts), as GET /__admin/coverage reports them.
type Coverage struct {
	Total, Covered int
	Outcomes       []Outcome
}

// Outcome is one row of a simulator's outcome table and how often it was answered.
type Outcome struct {
	Name  string // e.g. "subject_not_in_cmdb", "request_sms", "gbdflUniversalServiceSync/GATEWAY_TIMEOUT"
	Group string // e.g. "documented error", "success", an operation's name
	About string
	Hits  int64
}

// Missing lists the outcomes never answered.
func (c Coverage) Missing() []string {
	var out []string
	for _, o := range c.Outcomes {
		if o.Hits == 0 {
			out = append(out, o.Name)
		}
	}
	return out
}

// Coverage reports the default tenant's coverage of the simulator's outcome table.
func (c core) Coverage() Coverage {
	r := c.sh.CoverageReport()
	out := Coverage{Total: r.Total, Covered: r.Covered, Outcomes: make([]Outcome, len(r.Outcomes))}
	for i, o := range r.Outcomes {
		out.Outcomes[i] = Outcome{Name: o.Name, Group: o.Group, About: o.About, Hits: o.Hits}
	}
	return out
}
