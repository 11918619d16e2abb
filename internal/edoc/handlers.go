package edoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// SMSSender is the short number the one-time codes come from.
const SMSSender = "1414"

func detail(w http.ResponseWriter, status int, text string) {
	web.JSON(w, status, map[string]string{"detail": text})
}

// fail answers a documented (or assumed) error, noting it as the call's outcome.
func fail(w http.ResponseWriter, e *upstream.Edoc) {
	journal.Outcome(w, e.Name)
	detail(w, e.Status, e.Detail)
}

// detailf answers one of the errors whose text has a %s (DRF's media type and method answers).
func detailf(w http.ResponseWriter, e *upstream.Edoc, arg string) {
	detail(w, e.Status, fmt.Sprintf(e.Detail, arg))
}

// storeTrouble answers the simulator's own failure to reach its store: a harness error.
func storeTrouble(w http.ResponseWriter, err error) {
	web.Harness(w, http.StatusServiceUnavailable, "the simulator's store failed: "+err.Error())
}

// readObject reads the body as one JSON object, answering itself, as the DRF upstream does, when it
// cannot: 415 for a media type other than JSON, 400 for a parse error, 413 above 1 MiB, 408 when the
// body does not arrive in time. A request without a Content-Type is read as JSON (assumed).
func readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := strings.Cut(ct, ";")
		if mt = strings.TrimSpace(mt); !strings.EqualFold(mt, "application/json") {
			detailf(w, upstream.UnsupportedMediaType, mt)
			return nil, false
		}
	}
	body, err := web.ReadBody(r)
	switch {
	case errors.Is(err, web.ErrTooLarge):
		fail(w, upstream.PayloadTooLarge)
		return nil, false
	case errors.Is(err, web.ErrSlowBody):
		detail(w, http.StatusRequestTimeout, err.Error())
		return nil, false
	case err != nil:
		detail(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	m, err := web.DecodeObject(body)
	var se *web.SyntaxError
	if errors.As(err, &se) {
		detail(w, http.StatusBadRequest, upstream.JSONParseError+se.Reason)
		return nil, false
	}
	if err != nil {
		detail(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	return m, true
}

// answerFault writes a fault's named error or bare status as E-Document does, {"detail"}, in the
// world's dialect.
func answerFault(wd *world.World) fault.Answer {
	return func(w http.ResponseWriter, name string, status int) {
		if e, ok := upstream.EdocByName(name); ok {
			if e == upstream.SubjectNotInCMDB {
				subjectNotInCMDB(w, wd)
				return
			}
			fail(w, e)
			return
		}
		detail(w, status, http.StatusText(status))
	}
}

// subjectNotInCMDB answers the 404 in the scenario's spelling: the Russian document's CMDB, or the
// English guide's MCDB (dialect cmdb_text).
func subjectNotInCMDB(w http.ResponseWriter, wd *world.World) {
	if wd.Scen.Edoc.Dialect.CMDBText == scenarios.MCDBText {
		journal.Outcome(w, upstream.SubjectNotInCMDB.Name)
		detail(w, upstream.SubjectNotInCMDB.Status, upstream.SubjectNotInMCDB)
		return
	}
	fail(w, upstream.SubjectNotInCMDB)
}

// request is POST request/{document_type}/. The body is read first; then the call is served by the
// world active at that moment, and served again by the next one if a reset or a scenario change
// retired it before the session was stored.
func (srv *Server) request(w http.ResponseWriter, r *http.Request, t *world.Tenant, slug string) {
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	var fields [3]string
	for i, name := range [3]string{"api_key", "iin", "phone"} {
		v, err := web.String(m, name)
		if err != nil {
			journal.Outcome(w, OutcomeBadRequest)
			detail(w, http.StatusBadRequest, err.Error())
			return
		}
		fields[i] = v
	}
	journal.Note(w, journal.Notes{Subject: journal.Subject{IIN: fields[1], DocumentType: slug, Phone: fields[2]}})
	if wd := t.World(); wd.Faults.Slow(w, r, wd.Scen.LatencyFor(scenarios.ServiceEdoc, upstream.EdocRequest)) != nil {
		return // the client gave up: nobody is left to answer
	}
	for attempt := 0; ; attempt++ {
		err := srv.requestIn(w, r, t.World(), slug, fields[0], fields[1], fields[2])
		if errors.Is(err, store.ErrRetired) && attempt < store.Retries {
			continue
		}
		if err != nil {
			storeTrouble(w, err)
		}
		return
	}
}

// requestIn serves a request in one world. It returns an error only before it has answered.
func (srv *Server) requestIn(w http.ResponseWriter, r *http.Request, wd *world.World, slug, apiKey, iin, phoneIn string) error {
	docType, ok := document.Lookup(slug)
	if !ok {
		fail(w, upstream.UnknownDocumentType)
		return nil
	}
	client, ok := wd.Extra.(clients)[apiKey]
	if !ok {
		keyReason(w, wd.Extra.(clients), apiKey)
		fail(w, upstream.InvalidAPIKey)
		return nil
	}
	switch client.Subscription {
	case scenarios.SubNone:
		fail(w, upstream.NoSubscription)
		return nil
	case scenarios.SubNotStarted:
		fail(w, upstream.SubscriptionNotStarted)
		return nil
	case scenarios.SubExpired:
		fail(w, upstream.NoActiveSubscription)
		return nil
	case scenarios.SubNoAccess:
		fail(w, upstream.NoAccess)
		return nil
	}
	if !kz.ValidIIN(iin) {
		fail(w, upstream.InvalidIIN)
		return nil
	}
	phone, err := kz.NormalizePhone(phoneIn)
	if err != nil {
		fail(w, upstream.InvalidPhone)
		return nil
	}
	hit, err := wd.Faults.MatchFor(w, fault.Request{Service: scenarios.ServiceEdoc, Operation: upstream.EdocRequest, IIN: iin, DocumentType: slug, APIKey: apiKey})
	if err != nil {
		return err
	}
	if hit != nil && wd.Faults.Play(w, r, hit, answerFault(wd)) {
		return nil
	}
	person, ok := wd.Pop.Person(iin)
	if !ok || person.Phone == "" || person.Phone != phone {
		cmdbReason(w, person, iin, phone)
		subjectNotInCMDB(w, wd)
		return nil
	}
	if !person.Profile {
		fail(w, upstream.ProfileNotFound)
		return nil
	}
	now := wd.Clock.Now()
	sess := store.Session{ID: uuid.NewString(), IIN: iin, DocType: slug, APIKey: apiKey, ExpiresAt: now.Add(wd.Scen.OTP.TTL.Duration)}
	var sms *store.SMS
	if person.Holds(slug) {
		sess.Code = srv.newCode(&wd.Scen.OTP)
		sms = &store.SMS{
			From: SMSSender, To: person.Phone, Code: sess.Code, SessionID: sess.ID, SentAt: now.UTC(),
			Text: "Код: " + sess.Code + ". Никому не сообщайте его. " + clientName(client) + " запрашивает электронный документ «" + docType.NameRu + "». eGov",
		}
	}
	if err := wd.Store.OpenSession(sess, sms, now); err != nil {
		return err
	}
	if sms != nil {
		journal.Note(w, journal.Notes{Session: sess.ID, Outcome: OutcomeRequestSMS})
	} else {
		journal.Note(w, journal.Notes{Session: sess.ID, Outcome: OutcomeRequestNoSMS})
		noSMSReason(w, person, slug)
	}
	// The id is a UUID: nothing in it needs escaping.
	web.Raw(w, http.StatusOK, append(append(append(make([]byte, 0, 64), `{"backend_session_id":"`...), sess.ID...), "\"}\n"...))
	return nil
}

func clientName(c *scenarios.Client) string {
	if c.Name != "" {
		return c.Name
	}
	return "Организация"
}

func (srv *Server) newCode(o *scenarios.OTP) string {
	if o.Fixed != "" {
		return o.Fixed
	}
	b := make([]byte, o.Length)
	srv.rngMu.Lock()
	for i := range b {
		b[i] = byte('0' + srv.rng.IntN(10))
	}
	srv.rngMu.Unlock()
	return string(b)
}

type approveRequest struct {
	id, code, fileType string
	file               bool
}

// approveFields reads the approve body's fields in the documented order; the error names the first
// one that is missing or wrong.
func approveFields(m map[string]json.RawMessage) (a approveRequest, err error) {
	if a.id, err = web.String(m, "backend_session_id"); err != nil {
		return a, err
	}
	if a.code, err = web.String(m, "code"); err != nil {
		return a, err
	}
	if a.file, err = web.Bool(m, "file"); err != nil {
		return a, err
	}
	if a.fileType, err = web.String(m, "file_type"); err != nil {
		return a, err
	}
	if a.fileType != "pdf" && a.fileType != "image" {
		return a, fmt.Errorf(`file_type: "%s" is not a valid choice (pdf, image).`, a.fileType)
	}
	return a, nil
}

// refusals maps the store's approve refusals to the documented errors.
var refusals = [...]*upstream.Edoc{
	store.NotRequested:     upstream.NotRequested,
	store.AlreadyReceived:  upstream.AlreadyReceived,
	store.AlreadyRequested: upstream.AlreadyRequested,
	store.Expired:          upstream.OTPExpired,
	store.WrongCode:        upstream.InvalidOTP,
}

// approve is POST approve/: the store checks and marks the session inflight, the scenario's faults
// may answer instead, the files are rendered, and only then is the session marked delivered, so a
// render failure (a harness error) leaves it approvable. A world retired meanwhile has forgotten the
// session: the answer is then the documented "not requested".
func (srv *Server) approve(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	a, err := approveFields(m)
	if err != nil {
		journal.Outcome(w, OutcomeBadRequest)
		detail(w, http.StatusBadRequest, err.Error())
		return
	}
	if wd := t.World(); wd.Faults.Slow(w, r, wd.Scen.LatencyFor(scenarios.ServiceEdoc, upstream.EdocApprove)) != nil {
		return // the client gave up
	}
	var (
		wd      *world.World
		sess    store.Session
		refusal store.Refusal
	)
	for attempt := 0; ; attempt++ {
		wd = t.World()
		sess, refusal, err = wd.Store.BeginApprove(a.id, a.code, wd.Clock.Now(), wd.Scen.OTP.MaxAttempts)
		if errors.Is(err, store.ErrRetired) && attempt < store.Retries {
			continue
		}
		break
	}
	if err != nil {
		storeTrouble(w, err)
		return
	}
	journal.Note(w, journal.Notes{Session: a.id, Subject: journal.Subject{IIN: sess.IIN, DocumentType: sess.DocType}})
	if refusal != store.OK {
		if refusal == store.NotRequested {
			journal.Reason(w, "no session "+a.id+" in this world: never opened, or forgotten by a reset or a scenario change")
		}
		fail(w, refusals[refusal])
		return
	}
	finish := func(delivered bool) bool {
		err := wd.Store.FinishApprove(sess.ID, delivered)
		if errors.Is(err, store.ErrRetired) {
			fail(w, upstream.NotRequested)
			return false
		}
		if err != nil {
			storeTrouble(w, err)
			return false
		}
		return true
	}
	p, ok := wd.Pop.Person(sess.IIN)
	if !ok {
		finish(false)
		fail(w, upstream.NotRequested)
		return
	}
	hit, err := wd.Faults.MatchFor(w, fault.Request{Service: scenarios.ServiceEdoc, Operation: upstream.EdocApprove, IIN: p.IIN, DocumentType: sess.DocType, APIKey: sess.APIKey})
	if err != nil {
		if finish(false) {
			storeTrouble(w, err)
		}
		return
	}
	if hit != nil && wd.Faults.Play(w, r, hit, answerFault(wd)) {
		// The upstream failed: the same code may be tried again.
		_ = wd.Store.FinishApprove(sess.ID, false)
		return
	}
	var answer []byte
	if p.EdocFailure != "" {
		journal.Note(w, journal.Notes{Outcome: OutcomeFailureReason, Reason: "the scenario makes citizen " + p.IIN + "'s digital documents fail (edoc_failure)"})
		answer = documentAnswer(sess.DocType, nil, artifact.Files{}, p.EdocFailure)
	} else {
		switch {
		case !a.file:
			journal.Outcome(w, OutcomeApproveJSON)
		case a.fileType == "pdf":
			journal.Outcome(w, OutcomeApprovePDF)
		default:
			journal.Outcome(w, OutcomeApproveImage)
		}
		doc := p.Document(sess.DocType)
		files, err := srv.files.Answer(doc, artifact.Options{PDF: a.file && a.fileType == "pdf", Image: a.file && a.fileType == "image",
			Dates: document.DateForm(wd.Scen.Edoc.Dialect.Dates)})
		answer = documentAnswer(sess.DocType, files.ResultJSON, files, "")
		if err != nil {
			srv.Log.Error("rendering document files", "iin", p.IIN, "type", sess.DocType, "err", err)
			if finish(false) {
				web.Harness(w, http.StatusInternalServerError, "the simulator could not render this document: "+err.Error())
			}
			return
		}
	}
	if finish(true) {
		web.Raw(w, http.StatusOK, answer)
	}
}

// documentAnswer writes the approve answer: every field present, null where not given, in the
// upstream's order. It is written by hand because the files are cached base64 text that needs no
// escaping, and copying it is far cheaper than re-encoding it. A failed digital document has a
// failure reason and nulls for the data and the files.
func documentAnswer(docType string, resultJSON []byte, f artifact.Files, failure string) []byte {
	rj := resultJSON
	if rj == nil {
		rj = []byte("null")
	}
	dt, _ := json.Marshal(docType) // a string: cannot fail
	fr := []byte("null")
	if failure != "" {
		fr, _ = json.Marshal(failure)
	}
	size := 160 + len(rj) + len(dt) + len(fr)
	for _, b := range [][]byte{f.FacePhoto, f.QRCode, f.Barcode, f.Image, f.PDF} {
		size += len(b)
	}
	out := make([]byte, 0, size)
	out = append(out, `{"document_type":`...)
	out = append(out, dt...)
	out = append(out, `,"result_json":`...)
	out = append(out, rj...)
	for _, field := range []struct {
		name string
		b64  []byte
	}{{"face_photo", f.FacePhoto}, {"qrcode", f.QRCode}, {"barcode", f.Barcode}, {"document_image", f.Image}, {"document_pdf", f.PDF}} {
		out = append(out, `,"`...)
		out = append(out, field.name...)
		out = append(out, `":`...)
		if field.b64 == nil {
			out = append(out, "null"...)
			continue
		}
		out = append(out, '"')
		out = append(out, field.b64...)
		out = append(out, '"')
	}
	out = append(out, `,"failure_reason":`...)
	out = append(out, fr...)
	return append(out, "}\n"...)
}

// handleSMS is GET /__admin/sms?phone=…&session=…: the outbox of the request's tenant.
func (srv *Server) handleSMS(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	phone := q.Get("phone")
	if phone != "" {
		n, err := kz.NormalizePhone(phone)
		if err != nil {
			admin.Error(w, http.StatusBadRequest, "phone: not a Kazakhstan mobile number (+77XXXXXXXXX, 77XXXXXXXXX or 87XXXXXXXXX; write + as %2B in a URL)")
			return
		}
		phone = n
	}
	ms, err := world.TenantFrom(r).World().Store.Messages(phone, q.Get("session"))
	if err != nil && !errors.Is(err, store.ErrRetired) {
		storeTrouble(w, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"messages": ms})
}
