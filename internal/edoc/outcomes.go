package edoc

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/scenarios"
)

// The E-Document outcomes besides its errors (each error is an outcome by its name).
const (
	OutcomeRequestSMS    = "request_sms"    // 200, and an SMS went to the citizen
	OutcomeRequestNoSMS  = "request_no_sms" // 200, no SMS: the citizen holds no such document
	OutcomeApproveJSON   = "approve_json"   // 200 with result_json, no file asked for
	OutcomeApprovePDF    = "approve_pdf"    // 200 with document_pdf
	OutcomeApproveImage  = "approve_image"  // 200 with document_image
	OutcomeFailureReason = "approve_failure_reason"
	OutcomeBadRequest    = "bad_request" // a body or field the checks refuse (outside the table)
)

// Outcomes is mock-edoc's outcome table: every E-Document error by name (the 14 of the upstream
// table first), then each kind of success. GET /__admin/coverage counts a world's answers against
// it.
var Outcomes = func() coverage.Table {
	var t coverage.Table
	for _, e := range upstream.EdocErrors {
		group, about := "documented error", ""
		if !e.Documented {
			group = "assumed error"
		}
		about = fmt.Sprintf("%d %q", e.Status, e.Detail)
		t = append(t, coverage.Outcome{Name: e.Name, Group: group, About: about})
	}
	return append(t,
		coverage.Outcome{Name: OutcomeRequestSMS, Group: "success", About: "request 200 and an SMS with the code"},
		coverage.Outcome{Name: OutcomeRequestNoSMS, Group: "success", About: "request 200 and no SMS: the citizen holds no such document"},
		coverage.Outcome{Name: OutcomeApproveJSON, Group: "success", About: "approve 200, file false: result_json and the images, no document file"},
		coverage.Outcome{Name: OutcomeApprovePDF, Group: "file type", About: "approve 200 with file_type pdf: document_pdf"},
		coverage.Outcome{Name: OutcomeApproveImage, Group: "file type", About: "approve 200 with file_type image: document_image"},
		coverage.Outcome{Name: OutcomeFailureReason, Group: "success", About: "approve 200 with failure_reason set, result_json and files null"},
	)
}()

// Outcomes is the simulator's outcome table (shell.Sim).
func (srv *Server) Outcomes() coverage.Table { return Outcomes }

// MaskPhone shows a phone in normal form with its middle hidden: 7701*****01.
func MaskPhone(p string) string {
	if len(p) < 7 {
		return strings.Repeat("*", len(p))
	}
	return p[:4] + strings.Repeat("*", len(p)-6) + p[len(p)-2:]
}

// cmdbReason says why "Subject not found in CMDB" was the answer.
func cmdbReason(w http.ResponseWriter, p *population.Person, iin, phone string) {
	switch {
	case p == nil:
		journal.Reason(w, "IIN "+iin+" is not in the scenario's population")
	case p.Phone == "":
		journal.Reason(w, "citizen "+iin+" has no phone in the mobile-citizens base (CMDB)")
	default:
		journal.Reason(w, "citizen "+iin+"'s phone in CMDB is "+MaskPhone(p.Phone)+", not "+MaskPhone(phone))
	}
}

// noSMSReason says why a 200 sent no SMS.
func noSMSReason(w http.ResponseWriter, p *population.Person, slug string) {
	held := p.DocumentSlugs()
	sort.Strings(held)
	list := strings.Join(held, ", ")
	if list == "" {
		list = "none"
	}
	journal.Reason(w, "no SMS: citizen "+p.IIN+" holds no "+slug+" (holds: "+list+")")
}

// keyReason says why an API key is unknown: the closest key the scenario knows.
func keyReason(w http.ResponseWriter, cs clients, key string) {
	best, dist := "", -1
	for k := range cs {
		if d := scenarios.Distance(key, k); dist < 0 || d < dist || d == dist && k < best {
			best, dist = k, d
		}
	}
	if best == "" {
		journal.Reason(w, "the scenario has no E-Document clients")
		return
	}
	journal.Reason(w, fmt.Sprintf("api_key is not a client of the scenario; the closest known key is %s (%d edits away)", best, dist))
}
