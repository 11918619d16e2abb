package egov

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// The gateway's success status, and the one the connector document shows for NEDBSyncSchoolData.
var (
	statusSuccess = status{Code: "SCSS001", Message: "Success"}
	statusNEDB    = status{Code: "01", Message: "Data available"}
)

// TimeFormat is how responseDate, createdAt and paidAt are written: RFC 3339, milliseconds, UTC.
const TimeFormat = "2006-01-02T15:04:05.000Z07:00"

// The credential headers (docs/behaviour.md §3, assumed).
const (
	HeaderSenderID = "X-Egov-Sender-Id"
	HeaderPassword = "X-Egov-Password"
)

type status struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type responseInfo struct {
	MessageID     string `json:"messageId"`
	CorrelationID string `json:"correlationId"`
	ResponseDate  string `json:"responseDate"`
	Status        status `json:"status"`
}

// errorBody is the documented error shape.
type errorBody struct {
	Message   string `json:"message"`
	Code      string `json:"code"`
	Operation string `json:"operation"`
}

// apiError is a refusal decided while checking or answering a request, or the simulator's own
// trouble with its store (err set: a harness error, or a retired world to serve again).
type apiError struct {
	kind *upstream.Egov
	msg  string // "" = the kind's default message
	err  error
}

func (e *apiError) Error() string {
	switch {
	case e.err != nil:
		return e.err.Error()
	case e.msg == "":
		return e.kind.Message
	}
	return e.msg
}

func storeError(err error) *apiError { return &apiError{err: err} }

func invalid(format string, args ...any) *apiError {
	return &apiError{kind: upstream.EgovValidation, msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, op string, kind *upstream.Egov, msg string) {
	if msg == "" {
		msg = kind.Message
	}
	journal.Outcome(w, errorOutcome(op, kind))
	web.JSON(w, kind.Status, errorBody{Message: msg, Code: kind.Code, Operation: op})
}

func (e *apiError) write(w http.ResponseWriter, op string) {
	if e.err != nil {
		web.Harness(w, http.StatusServiceUnavailable, "the simulator's store failed: "+e.err.Error())
		return
	}
	writeError(w, op, e.kind, e.msg)
}

func unknownOperationMessage(op string) string {
	return fmt.Sprintf("Unknown operation %q (known: %s)", op, strings.Join(upstream.EgovOperations, ", "))
}

func same(got, want string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 }

// authenticate checks the bearer token (401), then the sender credentials (403), and answers itself
// when they fail. It runs before the operation name and the body are looked at.
func authenticate(w http.ResponseWriter, r *http.Request, op string, creds *scenarios.Egov) bool {
	auth := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(auth, " ")
	switch {
	case auth == "":
		writeError(w, op, upstream.EgovUnauthorized, "Missing bearer token: send Authorization: Bearer <apiKey>")
		return false
	case !strings.EqualFold(scheme, "Bearer") || token == "":
		writeError(w, op, upstream.EgovUnauthorized, "Authorization must be Bearer <apiKey>")
		return false
	case !same(strings.TrimSpace(token), creds.APIKey):
		journal.Reason(w, "the bearer token is not the scenario's egov.api_key; the known key is "+creds.APIKey)
		writeError(w, op, upstream.EgovUnauthorized, "Invalid bearer token")
		return false
	}
	sender, password := r.Header.Get(HeaderSenderID), r.Header.Get(HeaderPassword)
	switch {
	case sender == "":
		writeError(w, op, upstream.EgovForbidden, "Missing "+HeaderSenderID+" header")
		return false
	case password == "":
		writeError(w, op, upstream.EgovForbidden, "Missing "+HeaderPassword+" header")
		return false
	case !same(sender, creds.SenderID) || !same(password, creds.Password):
		journal.Reason(w, senderReason(sender, creds))
		writeError(w, op, upstream.EgovForbidden, "")
		return false
	}
	return true
}

// handleOperation is POST /api/egov/{operation}. Checked in this order, the first failure answers:
// bearer (401), sender credentials (403), operation name (404), body size (413), body a JSON object
// (400), messageId (400), senderCode where the operation takes it (400 missing, 403 wrong), the
// operation's parameters (400), the scenario's faults, then the answer. The body is read before a
// world is chosen; a world retired while the call ran is replaced by the one then active.
func (srv *Server) handleOperation(w http.ResponseWriter, r *http.Request, t *world.Tenant, name string) {
	if !authenticate(w, r, name, &t.World().Scen.Egov) {
		return
	}
	op, ok := operations[name]
	if !ok {
		writeError(w, name, upstream.EgovUnknownOperation, unknownOperationMessage(name))
		return
	}
	body, err := web.ReadBody(r)
	switch {
	case errors.Is(err, web.ErrTooLarge):
		writeError(w, name, upstream.EgovPayloadTooLarge, "")
		return
	case errors.Is(err, web.ErrSlowBody):
		writeError(w, name, upstream.EgovRequestTimeout, "")
		return
	case err != nil:
		writeError(w, name, upstream.EgovValidation, err.Error())
		return
	}
	fields, err := web.DecodeObject(body)
	if err != nil {
		writeError(w, name, upstream.EgovValidation, err.Error())
		return
	}
	if wd := t.World(); wd.Faults.Slow(w, r, wd.Scen.LatencyFor(scenarios.ServiceEgov, name)) != nil {
		return // the client gave up
	}
	for attempt := 0; ; attempt++ {
		aerr := serveIn(w, r, t.World(), name, op, fields, jsonReply{})
		if aerr != nil && errors.Is(aerr.err, store.ErrRetired) && attempt < store.Retries {
			continue
		}
		if aerr != nil {
			aerr.write(w, name)
		}
		return
	}
}

// serveIn serves a checked call in one world. An error it returns has not been answered yet.
func serveIn(w http.ResponseWriter, r *http.Request, wd *world.World, name string, op operation, fields map[string]json.RawMessage, rep reply) *apiError {
	c := &call{op: name, fields: fields, st: stateOf(wd)}
	messageID, aerr := c.messageID()
	if aerr == nil && op.senderCode {
		aerr = c.senderCode()
	}
	var prep *prepared
	if aerr == nil {
		prep, aerr = op.prepare(c)
	}
	if aerr != nil {
		return aerr
	}
	journal.Note(w, journal.Notes{Subject: journal.Subject{IIN: prep.subject}})
	hit, err := wd.Faults.MatchFor(w, fault.Request{Service: scenarios.ServiceEgov, Operation: name, IIN: prep.subject, SOAP: rep.soap()})
	if err != nil {
		return storeError(err)
	}
	if hit != nil && wd.Faults.Play(w, r, hit, rep.fault(name)) {
		return nil
	}
	now := wd.Clock.Now()
	ri := responseInfo{MessageID: uuid.NewString(), CorrelationID: messageID, ResponseDate: stamp(now), Status: statusSuccess}
	out, aerr := prep.answer(now, ri)
	if aerr != nil {
		return aerr
	}
	noteSuccess(w, name, out)
	rep.success(w, out, ri)
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(TimeFormat) }

// answerFault writes a fault's named error or bare status in the gateway's error shape.
func answerFault(op string) fault.Answer {
	return func(w http.ResponseWriter, name string, status int) {
		if kind, ok := upstream.EgovByName(name); ok {
			writeError(w, op, kind, "")
			return
		}
		writeError(w, op, kindForStatus(status), http.StatusText(status))
	}
}

// kindForStatus gives a raw-status fault without a body the error code of its status.
func kindForStatus(code int) *upstream.Egov {
	if code == upstream.EgovUnknownOperation.Status {
		return upstream.EgovUnknownOperation
	}
	for _, k := range errorCodes {
		if k.Status == code {
			return k
		}
	}
	return &upstream.Egov{Status: code, Code: upstream.EgovUpstreamError.Code}
}
