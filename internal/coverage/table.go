package coverage

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Outcome is one row of a simulator's outcome table: a documented (or modelled) answer a client
// should have met.
type Outcome struct {
	Name  string `json:"name"`
	Group string `json:"group"`
	// About says what the outcome is and how to reach it.
	About string `json:"about"`
	// Transport is the one transport that can answer the outcome ("" = any: JSON, or SOAP).
	Transport string `json:"transport,omitempty"`
}

// Transports a report may be restricted to (GET /__admin/coverage?transport=).
const (
	JSON = "json"
	SOAP = "soap"
)

// For is the table a client of one transport can meet: transport "" or an outcome's own keeps it.
func (t Table) For(transport string) Table {
	if transport == "" {
		return t
	}
	out := make(Table, 0, len(t))
	for _, o := range t {
		if o.Transport == "" || o.Transport == transport {
			out = append(out, o)
		}
	}
	return out
}

// Table is a simulator's outcomes, in the order a report lists them.
type Table []Outcome

// Row is an outcome with its hit count.
type Row struct {
	Outcome
	Hits int64 `json:"hits"`
}

// Report is a world's coverage of its simulator's table.
type Report struct {
	Simulator string  `json:"simulator"`
	Tenant    string  `json:"tenant"`
	Total     int     `json:"total"`
	Covered   int     `json:"covered"`
	Share     float64 `json:"share"` // Covered / Total, 0..1
	Outcomes  []Row   `json:"outcomes"`
}

// Report counts the table's outcomes in c. Hits of names outside the table (harness answers,
// transport faults) are not listed.
func (t Table) Report(simulator, tenant string, c Counts) Report {
	counts := c.Counts()
	r := Report{Simulator: simulator, Tenant: tenant, Total: len(t), Outcomes: make([]Row, len(t))}
	for i, o := range t {
		n := counts[o.Name]
		r.Outcomes[i] = Row{Outcome: o, Hits: n}
		if n > 0 {
			r.Covered++
		}
	}
	if r.Total > 0 {
		r.Share = float64(r.Covered) / float64(r.Total)
	}
	return r
}

// Has reports whether name is a row of the table.
func (t Table) Has(name string) bool {
	for _, o := range t {
		if o.Name == name {
			return true
		}
	}
	return false
}

type junitSuites struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Suites   []junitSet `xml:"testsuite"`
}

type junitSet struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes the report as JUnit XML: one testcase per outcome, failed when never hit, one
// testsuite per group, so CI shows which documented outcomes a client's tests never reached.
func (r Report) JUnit(w io.Writer) error {
	s := junitSuites{Name: "egovsim coverage: " + r.Simulator, Tests: r.Total, Failures: r.Total - r.Covered}
	index := map[string]int{}
	for _, row := range r.Outcomes {
		i, ok := index[row.Group]
		if !ok {
			i = len(s.Suites)
			index[row.Group] = i
			s.Suites = append(s.Suites, junitSet{Name: r.Simulator + ": " + row.Group})
		}
		c := junitCase{Name: row.Name, ClassName: r.Simulator + "." + strings.ReplaceAll(row.Group, " ", "_")}
		if row.Hits == 0 {
			c.Failure = &junitFailure{Message: "never answered since the last reset", Text: row.About}
			s.Suites[i].Failures++
		} else {
			c.SystemOut = fmt.Sprintf("answered %d times", row.Hits)
		}
		s.Suites[i].Tests++
		s.Suites[i].Cases = append(s.Suites[i].Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
