package egov

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/soap"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// SOAPPath is the SyncChannel endpoint: POST SOAPPath (SendMessage), GET SOAPPath?wsdl (the WSDL)
// and GET SOAPPath{file}.xsd (its schemas). The path is assumed (docs/behaviour.md §3.1).
const SOAPPath = "/bip-sync/"

// The payload namespaces: GBDFL's is the evidence's (EVIDENCE §5); the other ten operations'
// payloads live in one namespace of the simulator's own (assumed).
const (
	GBDFLNS   = "http://message.persistence.interactive.nat"
	PayloadNS = "urn:egovsim:bip-sync:payload:v1"
)

// syncService is one row of the serviceId table: the operation it routes to, its payload types
// (xsi:type, local names in ns) and the parameters its request data carries.
type syncService struct {
	id, op        string
	ns, req, resp string
	params        []soap.Param
	answer        reflect.Type // the operation's answer, the one definition both encodings write
	messageResult bool         // GBDFL's answers end with messageResult{code "00000"} (EVIDENCE §4)
}

func str(names ...string) []soap.Param {
	out := make([]soap.Param, len(names))
	for i, n := range names {
		out[i] = soap.Param{Name: n, Type: "xs:string"}
	}
	return out
}

// syncServices is the serviceId table: GBDFL_UniversalServiceSync is the evidence's, the other ten
// are assumed, named as SYSTEM_OperationName after the JSON facade's operation names.
var syncServices = []syncService{
	{id: "GBDFL_UniversalServiceSync", op: "gbdflUniversalServiceSync", ns: GBDFLNS, req: "Request", resp: "Response",
		params: str("messageId", "messageDate", "senderCode", "iin", "surname", "name", "patronymic", "birthDate", "documentNumber"),
		answer: reflect.TypeFor[gbdflAnswer](), messageResult: true},
	{id: "ZAGS_FamilyInfoServiceSync", op: "familyInfoServiceSync", ns: PayloadNS, req: "FamilyInfoRequest", resp: "FamilyInfoResponse",
		params: str("senderCode", "iin"), answer: reflect.TypeFor[familyAnswer]()},
	{id: "NEDB_SyncSchoolData", op: "NEDBSyncSchoolData", ns: PayloadNS, req: "SchoolDataRequest", resp: "SchoolDataResponse",
		params: str("locationCode"), answer: reflect.TypeFor[schoolsAnswer]()},
	{id: "AISOIP_CheckDebtorByIINBIN", op: "checkDebtorByIINBIN", ns: PayloadNS, req: "CheckDebtorRequest", resp: "CheckDebtorResponse",
		params: str("iinOrBin"), answer: reflect.TypeFor[debtorAnswer]()},
	{id: "CITS_Debts", op: "citsDebts", ns: PayloadNS, req: "CitsDebtsRequest", resp: "CitsDebtsResponse",
		params: str("iinBin", "digitalSignBaseUrl", "certEnvPrefix"), answer: reflect.TypeFor[debtsAnswer]()},
	{id: "CITS_UpcPays", op: "citsUpcPays", ns: PayloadNS, req: "CitsUpcPaysRequest", resp: "CitsUpcPaysResponse",
		params: str("iinBin", "digitalSignBaseUrl", "certEnvPrefix"), answer: reflect.TypeFor[upcomingAnswer]()},
	{id: "ZAGS_FindMarriageSync", op: "zagsFindMarriageSync", ns: PayloadNS, req: "FindMarriageRequest", resp: "FindMarriageResponse",
		params: str("senderCode", "iin"), answer: reflect.TypeFor[marriageAnswer]()},
	{id: "MON_NEDB_UNIVERSAL_SERVICE", op: "MON_NEDB_UNIVERSAL_SERVICE", ns: PayloadNS, req: "EducationRequest", resp: "EducationResponse",
		params: str("senderCode", "iin"), answer: reflect.TypeFor[educationAnswer]()},
	{id: "PAYMENT_InitPaymentRequest", op: "initPaymentRequest", ns: PayloadNS, req: "InitPaymentRequest", resp: "InitPaymentResponse",
		params: []soap.Param{{Name: "amount", Type: "xs:decimal"}, {Name: "serviceId", Type: "xs:string"}, {Name: "iinOrBin", Type: "xs:string"}},
		answer: reflect.TypeFor[paymentAnswer]()},
	{id: "GBDRN_OwnerForRegCitizen", op: "GbdrnOwnerForRegCitizen", ns: PayloadNS, req: "PropertyOwnerRequest", resp: "PropertyOwnerResponse",
		params: str("senderCode", "iin"), answer: reflect.TypeFor[propertyAnswer]()},
	{id: "PAYMENT_PaymentInfoRequest", op: "paymentInfoRequest", ns: PayloadNS, req: "PaymentInfoRequest", resp: "PaymentInfoResponse",
		params: str("senderCode", "paymentId"), answer: reflect.TypeFor[paymentAnswer]()},
}

// SyncServices is the serviceId of each operation (for tests and docs).
func SyncServices() map[string]string {
	out := map[string]string{}
	for _, s := range syncServices {
		out[s.op] = s.id
	}
	return out
}

func serviceByID(id string) (*syncService, bool) {
	for i := range syncServices {
		if syncServices[i].id == id {
			return &syncServices[i], true
		}
	}
	return nil, false
}

// The SyncChannel success status (EVIDENCE §5), and GBDFL's message result (EVIDENCE §4).
var (
	syncSuccess       = status{Code: "SCSS001", Message: "Message has been processed successfully"}
	gbdflResultMember = []byte(`{"messageResult":{"code":"00000","nameRu":"Запрос обработан успешно"}}`)
)

const gbdflResultSchema = `<xs:element name="messageResult"><xs:complexType><xs:sequence><xs:element name="code" type="xs:string"/><xs:element name="nameRu" type="xs:string"/></xs:sequence></xs:complexType></xs:element>`

// serveSOAP is everything under SOAPPath. A SendMessage is checked in this order, the first
// failure answering with a fault: method, Content-Type, body size, the envelope (SCE001), the
// signature when the scenario requires one (SCE005), sender credentials (FORBIDDEN), serviceId
// (SCE004), the payload's type and elements (SCE001); then, as over JSON, messageId, senderCode,
// the operation's parameters, latency, the scenario's faults and the answer.
func (srv *Server) serveSOAP(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	rest := strings.TrimPrefix(r.URL.Path, SOAPPath)
	now := t.World().Clock.Now
	wsi := false // the dialect applies to SendMessage faults, not to a wrong method or a missing schema
	fail := func(e soapError) {
		e.at, e.wsi = now(), wsi
		soapFault(w, e)
	}
	switch {
	case r.Method == http.MethodGet && rest == "" && asksWSDL(r):
		wsdl, err := contracts.SyncChannel(contracts.SyncChannelWSDL)
		if err != nil {
			fail(soapError{code: upstream.SCEInternal.Code, status: http.StatusInternalServerError, msg: err.Error()})
			return
		}
		w.Header().Set("Content-Type", soap.ContentType)
		_, _ = w.Write(bytes.Replace(wsdl, []byte(wsdlAddress), []byte(endpoint(r)), 1))
		return
	case r.Method == http.MethodGet && strings.HasSuffix(rest, ".xsd") && !strings.Contains(rest, "/"):
		serveContract(w, rest, fail)
		return
	case r.Method != http.MethodPost || rest != "":
		w.Header().Set("Allow", http.MethodPost)
		fail(soapError{code: upstream.EgovMethodNotAllowed.Code, status: http.StatusMethodNotAllowed,
			msg: "SendMessage is POST " + SOAPPath + "; the WSDL is GET " + SOAPPath + "?wsdl"})
		return
	}
	wsi = t.World().Scen.Egov.SOAPFaultStatus == scenarios.SOAPFaultWSI
	if err := soapContentType(r.Header.Get("Content-Type")); err != nil {
		fail(formatFault(err.Error()))
		return
	}
	body, err := web.ReadBody(r)
	switch {
	case errors.Is(err, web.ErrTooLarge):
		fail(soapError{code: upstream.SCEFormat.Code, status: upstream.EgovPayloadTooLarge.Status, msg: upstream.EgovPayloadTooLarge.Message})
		return
	case errors.Is(err, web.ErrSlowBody):
		fail(soapError{code: upstream.SCEFormat.Code, status: upstream.EgovRequestTimeout.Status, msg: upstream.EgovRequestTimeout.Message})
		return
	case err != nil:
		fail(formatFault(err.Error()))
		return
	}
	req, err := soap.Parse(body)
	if err != nil {
		fail(formatFault(err.Error()))
		return
	}
	scen := t.World().Scen
	session := req.SessionID
	if scen.Egov.RequireSignature && !req.Signed {
		msg := "the scenario requires a signed envelope: soap:Header/wsse:Security holds no ds:Signature"
		if !req.Security {
			msg = "the scenario requires a signed envelope: no wsse:Security header"
		}
		fail(soapError{code: upstream.SCENoSignature.Code, status: upstream.SCENoSignature.Status, msg: msg, session: session})
		return
	}
	if aerr := soapSender(req, &scen.Egov); aerr != nil {
		if req.SenderID != "" && req.Password != "" {
			journal.Reason(w, senderReason(req.SenderID, &scen.Egov))
		}
		fail(soapErrorOf(aerr, session))
		return
	}
	svc, ok := serviceByID(req.ServiceID)
	if !ok {
		fail(soapError{code: upstream.SCENoService.Code, status: upstream.SCENoService.Status, session: session,
			msg: fmt.Sprintf("Unknown serviceId %q (known: %s)", req.ServiceID, strings.Join(serviceIDs(), ", "))})
		return
	}
	journal.Note(w, journal.Notes{Operation: svc.op, Session: session})
	fields, aerr := svc.fields(req)
	if aerr != nil {
		fail(opError(svc.op, aerr, session))
		return
	}
	if wd := t.World(); wd.Faults.Slow(w, r, wd.Scen.LatencyFor(scenarios.ServiceEgov, svc.op)) != nil {
		return // the client gave up
	}
	rep := soapReply{svc: svc, session: session, now: now, wsi: wsi}
	for attempt := 0; ; attempt++ {
		aerr := serveIn(w, r, t.World(), svc.op, operations[svc.op], fields, rep)
		if aerr != nil && errors.Is(aerr.err, store.ErrRetired) && attempt < store.Retries {
			continue
		}
		if aerr != nil {
			rep.refuse(w, aerr)
		}
		return
	}
}

func serveContract(w http.ResponseWriter, name string, fail func(soapError)) {
	data, err := contracts.SyncChannel(name)
	if err != nil {
		fail(soapError{code: "NOT_FOUND", status: http.StatusNotFound, msg: "no such schema: " + name})
		return
	}
	w.Header().Set("Content-Type", soap.ContentType)
	_, _ = w.Write(data)
}

// asksWSDL: ?wsdl, in any case (toolkits write ?wsdl, some ?WSDL).
func asksWSDL(r *http.Request) bool {
	for k := range r.URL.Query() {
		if strings.EqualFold(k, "wsdl") {
			return true
		}
	}
	return false
}

// wsdlAddress is the port address the WSDL file carries; it is served with the caller's own.
const wsdlAddress = "http://127.0.0.1:8082/bip-sync/"

// endpoint is the URL this request reached SOAPPath at, a tenant's prefix included (the shell
// strips it from r.URL.Path, not from the request line).
func endpoint(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	path := r.URL.Path
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		path = u.Path
	}
	if i := strings.LastIndex(path, SOAPPath); i >= 0 {
		path = path[:i]
	} else {
		path = ""
	}
	return scheme + "://" + r.Host + html.EscapeString(path) + SOAPPath
}

func serviceIDs() []string {
	out := make([]string, len(syncServices))
	for i, s := range syncServices {
		out[i] = s.id
	}
	return out
}

// soapContentType accepts text/xml, in UTF-8 when a charset is named (SOAP 1.1).
func soapContentType(ct string) error {
	if ct == "" {
		return errors.New("Content-Type is required: text/xml; charset=utf-8 (SOAP 1.1)")
	}
	mt, params, err := mime.ParseMediaType(ct)
	switch {
	case err != nil:
		return fmt.Errorf("Content-Type %q: %v", ct, err)
	case mt == "application/soap+xml":
		return errors.New("Content-Type application/soap+xml is SOAP 1.2; SyncChannel speaks SOAP 1.1: text/xml; charset=utf-8")
	case mt != "text/xml":
		return fmt.Errorf("Content-Type %q: want text/xml; charset=utf-8 (SOAP 1.1)", mt)
	case params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8"):
		return fmt.Errorf("charset %q: want utf-8", params["charset"])
	}
	return nil
}

// soapSender checks requestInfo/sender against the scenario's gateway credentials, as the JSON
// facade checks X-Egov-Sender-Id and X-Egov-Password. The facade's bearer apiKey has no place in
// the envelope and is not asked for (docs/behaviour.md §3.1).
func soapSender(req *soap.Request, creds *scenarios.Egov) *apiError {
	switch {
	case !req.HasSender:
		return &apiError{kind: upstream.EgovForbidden, msg: "requestInfo/sender is required: senderId and password"}
	case req.SenderID == "":
		return &apiError{kind: upstream.EgovForbidden, msg: "requestInfo/sender/senderId is required"}
	case req.Password == "":
		return &apiError{kind: upstream.EgovForbidden, msg: "requestInfo/sender/password is required"}
	case !same(req.SenderID, creds.SenderID) || !same(req.Password, creds.Password):
		return &apiError{kind: upstream.EgovForbidden}
	}
	return nil
}

// fields turns the payload into the operation's parameters, as the JSON facade's body would carry
// them: text, and a JSON number for a decimal parameter that reads as one (else the operation says
// "must be a number"). The envelope's messageId is the call's.
func (s *syncService) fields(req *soap.Request) (map[string]json.RawMessage, *apiError) {
	if want := (xml.Name{Space: s.ns, Local: s.req}); req.DataType != want {
		return nil, invalid("requestData/data: xsi:type {%s}%s does not fit serviceId %s: want {%s}%s", req.DataType.Space, req.DataType.Local, s.id, want.Space, want.Local)
	}
	types := map[string]string{}
	known := map[string]bool{}
	for _, p := range s.params {
		types[p.Name] = p.Type
		known[p.Name] = true
	}
	fields := map[string]json.RawMessage{}
	for _, f := range req.Data {
		typ, ok := types[f.Name]
		if !ok {
			return nil, invalid("requestData/data: unknown element %s for serviceId %s (known: %s)", f.Name, s.id, soap.Names(known))
		}
		var raw json.RawMessage
		if typ == "xs:decimal" && json.Valid([]byte(f.Value)) && f.Value != "" && (f.Value[0] == '-' || (f.Value[0] >= '0' && f.Value[0] <= '9')) {
			raw = json.RawMessage(f.Value)
		} else {
			raw, _ = json.Marshal(f.Value)
		}
		fields[f.Name] = raw
	}
	delete(fields, "messageId")
	if req.MessageID != "" {
		fields["messageId"], _ = json.Marshal(req.MessageID)
	}
	return fields, nil
}

// soapReply answers one SendMessage: the operation's answer in the envelope, its refusals and the
// scenario's faults as SOAP Faults.
type soapReply struct {
	svc     *syncService
	session string
	now     func() time.Time
	wsi     bool // egov.soap_fault_status: wsi
}

func (soapReply) soap() bool { return true }

func (s soapReply) success(w http.ResponseWriter, out any, ri responseInfo) {
	payload, err := json.Marshal(out)
	if err != nil {
		s.refuse(w, storeError(err))
		return
	}
	parts := [][]byte{payload}
	if s.svc.messageResult {
		parts = append(parts, gbdflResultMember)
	}
	env, err := soap.Response(soap.ResponseInfo{MessageID: ri.MessageID, CorrelationID: ri.CorrelationID, ResponseDate: ri.ResponseDate,
		StatusCode: syncSuccess.Code, StatusMessage: syncSuccess.Message, SessionID: s.session},
		xml.Name{Space: s.svc.ns, Local: s.svc.resp}, parts...)
	if err != nil {
		s.refuse(w, storeError(err))
		return
	}
	soapSuccess(w, s.svc.op, env)
}

func (s soapReply) refuse(w http.ResponseWriter, e *apiError) {
	if e.err != nil {
		web.Harness(w, http.StatusServiceUnavailable, "the simulator's store failed: "+e.err.Error())
		return
	}
	s.failWith(w, opError(s.svc.op, e, s.session))
}

// fault answers a scenario fault: a SyncChannel code (soap_fault), a gateway error by name, or a
// bare status, each as a SOAP Fault.
func (s soapReply) fault(string) fault.Answer {
	return func(w http.ResponseWriter, name string, status int) {
		if sc, ok := upstream.SyncChannelByCode(name); ok {
			s.failWith(w, soapError{code: sc.Code, status: sc.Status, msg: sc.Message, session: s.session})
			return
		}
		if kind, ok := upstream.EgovByName(name); ok {
			s.failWith(w, opError(s.svc.op, &apiError{kind: kind}, s.session))
			return
		}
		kind := kindForStatus(status)
		s.failWith(w, soapError{code: upstream.SyncChannelCode(kind), status: status, msg: http.StatusText(status), session: s.session,
			outcome: errorOutcome(s.svc.op, kind)})
	}
}

func (s soapReply) failWith(w http.ResponseWriter, e soapError) {
	e.at, e.wsi = s.now(), s.wsi
	soapFault(w, e)
}

// soapError is a refusal on the SOAP channel: its errorCode, HTTP status and errorMessage.
type soapError struct {
	code, msg, session string
	outcome            string // the coverage outcome; "" = "soap/" + code when the table has it
	status             int
	at                 time.Time // errorDate: the world's clock
	wsi                bool      // answered 500 whatever the refusal (egov.soap_fault_status: wsi)
}

func formatFault(msg string) soapError {
	return soapError{code: upstream.SCEFormat.Code, status: upstream.SCEFormat.Status, msg: msg}
}

func soapErrorOf(e *apiError, session string) soapError {
	return soapError{code: upstream.SyncChannelCode(e.kind), status: e.kind.Status, msg: e.Error(), session: session}
}

// opError is a refusal of operation op: it counts where the same refusal over JSON counts.
func opError(op string, e *apiError, session string) soapError {
	se := soapErrorOf(e, session)
	se.outcome = errorOutcome(op, e.kind)
	return se
}

// soapFault writes every refusal of the SOAP channel: the one place its faults are answered.
func soapFault(w http.ResponseWriter, e soapError) {
	if e.msg == "" {
		e.msg = http.StatusText(e.status)
	}
	if e.outcome == "" && Outcomes.Has(soapOutcome(e.code)) {
		e.outcome = soapOutcome(e.code)
	}
	if e.outcome != "" {
		journal.Outcome(w, e.outcome)
	}
	body := soap.Fault(soap.ErrorInfo{Code: e.code, Message: e.msg, Date: stamp(e.at), SessionID: e.session,
		Server: e.status >= 500})
	if e.wsi {
		e.status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", soap.ContentType)
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

// soapSuccess writes every answered SendMessage: the one place its successes are answered (op is
// the operation served, for an outcome count to hang on).
func soapSuccess(w http.ResponseWriter, op string, env []byte) {
	_ = op // noted by serveIn, in the operation's own rows
	w.Header().Set("Content-Type", soap.ContentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(env)
}
