package edoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// SMSSender is the short number the one-time codes come from.
const SMSSender = "1414"

func detail(w http.ResponseWriter, status int, text string) {
	web.JSON(w, status, map[string]string{"detail": text})
}

func fail(w http.ResponseWriter, e *upstream.Edoc) { detail(w, e.Status, e.Detail) }

// readObject reads the body as one JSON object, answering 400/413 itself when it cannot.
func readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, bool) {
	body, err := web.ReadBody(r)
	if errors.Is(err, web.ErrTooLarge) {
		fail(w, upstream.PayloadTooLarge)
		return nil, false
	}
	if err != nil {
		detail(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	m, err := web.DecodeObject(body)
	if err != nil {
		detail(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	return m, true
}

// answerFault writes a fault's named error or bare status as E-Document does: {"detail"}.
func answerFault(w http.ResponseWriter, name string, status int) {
	if e, ok := upstream.EdocByName(name); ok {
		fail(w, e)
		return
	}
	detail(w, status, http.StatusText(status))
}

func (srv *Server) handleRequest(w http.ResponseWriter, r *http.Request) {
	srv.request(w, r, mux.Vars(r)["document_type"])
}

func (srv *Server) request(w http.ResponseWriter, r *http.Request, slug string) {
	st := srv.st.Load()
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	fields := [3]string{}
	for i, name := range [3]string{"api_key", "iin", "phone"} {
		v, err := web.String(m, name)
		if err != nil {
			detail(w, http.StatusBadRequest, err.Error())
			return
		}
		fields[i] = v
	}
	apiKey, iin, phoneIn := fields[0], fields[1], fields[2]
	docType, ok := document.Lookup(slug)
	if !ok {
		fail(w, upstream.UnknownDocumentType)
		return
	}
	client, ok := st.clients[apiKey]
	if !ok {
		fail(w, upstream.InvalidAPIKey)
		return
	}
	switch client.Subscription {
	case scenarios.SubNone:
		fail(w, upstream.NoSubscription)
		return
	case scenarios.SubNotStarted:
		fail(w, upstream.SubscriptionNotStarted)
		return
	case scenarios.SubExpired:
		fail(w, upstream.NoActiveSubscription)
		return
	case scenarios.SubNoAccess:
		fail(w, upstream.NoAccess)
		return
	}
	if !kz.ValidIIN(iin) {
		fail(w, upstream.InvalidIIN)
		return
	}
	phone, err := kz.NormalizePhone(phoneIn)
	if err != nil {
		fail(w, upstream.InvalidPhone)
		return
	}
	hit := st.faults.Match(fault.Request{Service: scenarios.ServiceEdoc, Operation: upstream.EdocRequest, IIN: iin, DocumentType: slug, APIKey: apiKey})
	if st.faults.Play(w, r, hit, answerFault) {
		return
	}
	person, ok := st.pop.Person(iin)
	if !ok || person.Phone == "" || person.Phone != phone {
		fail(w, upstream.SubjectNotInCMDB)
		return
	}
	if !person.Profile {
		fail(w, upstream.ProfileNotFound)
		return
	}
	now := srv.clock.Now()
	sess := &session{
		id:        uuid.NewString(),
		person:    person,
		docType:   slug,
		apiKey:    apiKey,
		expiresAt: now.Add(st.scen.OTP.TTL.Duration),
	}
	if person.Holds(slug) {
		sess.code = srv.newCode(&st.scen.OTP)
		st.sms.add(SMS{
			From: SMSSender, To: person.Phone, Code: sess.code, SessionID: sess.id, SentAt: now.UTC(),
			Text: "Код: " + sess.code + ". Никому не сообщайте его. " + clientName(client) + " запрашивает электронный документ «" + docType.NameRu + "». eGov",
		})
	}
	st.sessions.add(sess, now)
	// The id is a UUID: nothing in it needs escaping.
	web.Raw(w, http.StatusOK, append(append(append(make([]byte, 0, 64), `{"backend_session_id":"`...), sess.id...), "\"}\n"...))
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

func (srv *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	st := srv.st.Load()
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	a, err := approveFields(m)
	if err != nil {
		detail(w, http.StatusBadRequest, err.Error())
		return
	}
	srv.approve(w, r, st, a.id, a.code, a.file, a.fileType)
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

func (srv *Server) approve(w http.ResponseWriter, r *http.Request, st *state, id, code string, file bool, fileType string) {
	now := srv.clock.Now()
	ss := st.sessions
	ss.mu.Lock()
	sess, ok := ss.byID[id]
	var refuse *upstream.Edoc
	switch {
	case !ok:
		refuse = upstream.NotRequested
	case sess.state == stateDelivered:
		refuse = upstream.AlreadyReceived
	case sess.state == stateInflight || sess.state == stateLocked:
		refuse = upstream.AlreadyRequested
	case !now.Before(sess.expiresAt):
		refuse = upstream.OTPExpired
	case sess.code == "" || code != sess.code:
		refuse = upstream.InvalidOTP
		sess.wrong++
		if sess.wrong >= st.scen.OTP.MaxAttempts {
			sess.state = stateLocked
		}
	default:
		sess.state = stateInflight
	}
	ss.mu.Unlock()
	if refuse != nil {
		fail(w, refuse)
		return
	}
	p := sess.person
	hit := st.faults.Match(fault.Request{Service: scenarios.ServiceEdoc, Operation: upstream.EdocApprove, IIN: p.IIN, DocumentType: sess.docType, APIKey: sess.apiKey})
	answered := st.faults.Play(w, r, hit, answerFault)
	ss.mu.Lock()
	if answered {
		sess.state = stateOpen // the upstream failed: the same code may be tried again
	} else {
		sess.state = stateDelivered
	}
	ss.mu.Unlock()
	if answered {
		return
	}
	if p.EdocFailure != "" {
		web.Raw(w, http.StatusOK, documentAnswer(sess.docType, nil, artifact.Files{}, p.EdocFailure))
		return
	}
	doc := p.Document(sess.docType)
	files, err := srv.files.RenderBase64(doc, file && fileType == "pdf", file && fileType == "image")
	if err != nil {
		srv.log.Error("rendering document files", "iin", p.IIN, "type", sess.docType, "err", err)
		fail(w, upstream.GovernmentError)
		return
	}
	web.Raw(w, http.StatusOK, documentAnswer(sess.docType, doc.ResultJSON(), files, ""))
}

// documentAnswer writes the approve answer: every field present, null where not given, in the
// upstream's order. It is written by hand because the files are cached base64 text that needs no
// escaping, and copying it is far cheaper than re-encoding it. A failed digital document has a
// failure reason and nulls for the data and the files.
func documentAnswer(docType string, result map[string]any, f artifact.Files, failure string) []byte {
	rj := []byte("null")
	if result != nil {
		rj, _ = json.Marshal(result) // maps of strings, numbers and lists: cannot fail
	}
	dt, _ := json.Marshal(docType)
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

func (srv *Server) handleSMS(w http.ResponseWriter, r *http.Request) {
	st := srv.st.Load()
	phone := r.URL.Query().Get("phone")
	if phone != "" {
		n, err := kz.NormalizePhone(phone)
		if err != nil {
			admin.Error(w, http.StatusBadRequest, "phone: not a Kazakhstan mobile number (+77XXXXXXXXX, 77XXXXXXXXX or 87XXXXXXXXX; write + as %2B in a URL)")
			return
		}
		phone = n
	}
	web.JSON(w, http.StatusOK, map[string]any{"messages": st.sms.to(phone)})
}

func (srv *Server) notFound(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") && !strings.HasSuffix(p, "/") {
		detail(w, http.StatusNotFound, "Not found. E-Document paths end with a slash: "+p+"/")
		return
	}
	if strings.HasPrefix(p, admin.Prefix) {
		admin.Error(w, http.StatusNotFound, "no such admin call; see GET /__admin/health, /__admin/scenarios, /__admin/scenario, /__admin/requests, /__admin/sms, POST /__admin/reset, /__admin/clock")
		return
	}
	detail(w, http.StatusNotFound, "Not found.")
}
