package egov

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Transport is the wire a Client speaks.
type Transport int

const (
	// JSON is the connector document's JSON facade: POST {ServiceURL}/api/egov/{operation}.
	JSON Transport = iota
	// SOAP is SmartBridge's synchronous channel, SyncChannel (SOAP 1.1): POST {ServiceURL}/bip-sync/,
	// SendMessage routed by serviceId (contracts/syncchannel.wsdl). Credentials are
	// requestInfo/sender; APIKey is not sent.
	SOAP
)

func (t Transport) String() string {
	if t == SOAP {
		return "SOAP"
	}
	return "JSON"
}

// The SyncChannel namespaces (contracts/syncchannel.xsd) and the payload ones.
const (
	soapEnvelopeNS  = "http://schemas.xmlsoap.org/soap/envelope/"
	syncChannelNS   = "http://bip.bee.kz/SyncChannel/v10/Types"
	xsiNS           = "http://www.w3.org/2001/XMLSchema-instance"
	gbdflPayloadNS  = "http://message.persistence.interactive.nat"
	egovsimPayloads = "urn:egovsim:bip-sync:payload:v1"
	syncChannelPath = "bip-sync/"
)

// SyncService is an operation's SyncChannel service: its serviceId and its request payload's type.
type SyncService struct {
	ServiceID   string
	Namespace   string
	RequestType string
}

// SyncServices are the serviceIds of the eleven operations (GBDFL's is SmartBridge's; the others
// are mock-egov's, see its README).
var SyncServices = map[string]SyncService{
	OpGBDFL:         {"GBDFL_UniversalServiceSync", gbdflPayloadNS, "Request"},
	OpFamilyInfo:    {"ZAGS_FamilyInfoServiceSync", egovsimPayloads, "FamilyInfoRequest"},
	OpSchools:       {"NEDB_SyncSchoolData", egovsimPayloads, "SchoolDataRequest"},
	OpCheckDebtor:   {"AISOIP_CheckDebtorByIINBIN", egovsimPayloads, "CheckDebtorRequest"},
	OpCitsDebts:     {"CITS_Debts", egovsimPayloads, "CitsDebtsRequest"},
	OpCitsUpcPays:   {"CITS_UpcPays", egovsimPayloads, "CitsUpcPaysRequest"},
	OpFindMarriage:  {"ZAGS_FindMarriageSync", egovsimPayloads, "FindMarriageRequest"},
	OpEducation:     {"MON_NEDB_UNIVERSAL_SERVICE", egovsimPayloads, "EducationRequest"},
	OpInitPayment:   {"PAYMENT_InitPaymentRequest", egovsimPayloads, "InitPaymentRequest"},
	OpPropertyOwner: {"GBDRN_OwnerForRegCitizen", egovsimPayloads, "PropertyOwnerRequest"},
	OpPaymentInfo:   {"PAYMENT_PaymentInfoRequest", egovsimPayloads, "PaymentInfoRequest"},
}

// The SyncChannel's own fault codes, matched with errors.Is against an *APIError (SCE001 is
// ErrValidation, SCE004 ErrUnknownOperation).
var (
	ErrSignature = errors.New("egov: SyncChannel signature fault (SCE005-SCE007, SCE015-SCE017)")
	ErrInternal  = errors.New("egov: SyncChannel internal error (SCE909)")
)

var bySyncCode = map[string]error{
	"SCE001": ErrValidation, "SCE004": ErrUnknownOperation,
	"SCE005": ErrSignature, "SCE006": ErrSignature, "SCE007": ErrSignature,
	"SCE015": ErrSignature, "SCE016": ErrSignature, "SCE017": ErrSignature,
	"SCE909": ErrInternal,
}

// callSOAP sends the operation as a SendMessage and decodes its payload into out, the same type
// the JSON facade's answer decodes into.
func (c *Client) callSOAP(ctx context.Context, op, messageID string, params map[string]any, out any) error {
	svc, ok := SyncServices[op]
	if !ok {
		return fmt.Errorf("egov: %s: no SyncChannel service", op)
	}
	body := c.sendMessage(svc, op, messageID, params)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.JoinPath(syncChannelPath).String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("egov: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"SendMessage"`)
	resp, data, err := c.exchange(op, req)
	if err != nil {
		return err
	}
	root, perr := parseXML(data)
	var bodyNode *xnode
	if perr == nil && root.name == (xml.Name{Space: soapEnvelopeNS, Local: "Envelope"}) {
		bodyNode = root.child(soapEnvelopeNS, "Body")
	}
	if bodyNode != nil {
		if f := bodyNode.child(soapEnvelopeNS, "Fault"); f != nil {
			return soapAPIError(op, resp.StatusCode, f)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &APIError{StatusCode: resp.StatusCode, Operation: op, Message: strings.TrimSpace(snippet(data))}
	}
	if bodyNode == nil {
		return fmt.Errorf("egov: %s: %w: not a SOAP 1.1 envelope (%v): %s", op, ErrMalformedResponse, perr, snippet(data))
	}
	payload, err := responsePayload(bodyNode, messageID)
	if err != nil {
		return fmt.Errorf("egov: %s: %w: %v: %s", op, ErrMalformedResponse, err, snippet(data))
	}
	v, err := fromXML(payload, reflect.TypeOf(out).Elem())
	if err != nil {
		return fmt.Errorf("egov: %s: %w: %v: %s", op, ErrMalformedResponse, err, snippet(data))
	}
	js, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(js, out)
	}
	if err != nil {
		return fmt.Errorf("egov: %s: %w: %v: %s", op, ErrMalformedResponse, err, snippet(data))
	}
	return nil
}

// sendMessage is the envelope: requestInfo (messageId, serviceId, messageDate, sender) and the
// parameters as the payload's elements, in name order.
func (c *Client) sendMessage(svc SyncService, op, messageID string, params map[string]any) []byte {
	var b bytes.Buffer
	el := func(name, value string) {
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(&b, []byte(value))
		b.WriteString("</" + name + ">")
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="` + soapEnvelopeNS + `" xmlns:xsi="` + xsiNS + `" xmlns:sc="` + syncChannelNS + `">` +
		`<soapenv:Body><sc:SendMessage><request><requestInfo>`)
	el("messageId", messageID)
	el("serviceId", svc.ServiceID)
	el("messageDate", time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	b.WriteString("<sender>")
	el("senderId", c.cfg.SenderID)
	el("password", c.cfg.Password)
	b.WriteString(`</sender></requestInfo><requestData><data xmlns:p="` + svc.Namespace + `" xsi:type="p:` + svc.RequestType + `">`)
	names := make([]string, 0, len(params))
	for k := range params {
		if k != "messageId" || op == OpGBDFL { // GBDFL's payload carries its messageId too
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		switch v := params[k].(type) {
		case float64:
			el(k, strconv.FormatFloat(v, 'f', -1, 64))
		default:
			el(k, fmt.Sprint(v))
		}
	}
	b.WriteString(`</data></requestData></request></sc:SendMessage></soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

// responsePayload checks the SendMessageResponse and returns its responseData/data.
func responsePayload(body *xnode, messageID string) (*xnode, error) {
	resp := body.child(syncChannelNS, "SendMessageResponse")
	if resp == nil {
		names := []string{}
		for _, k := range body.kids {
			names = append(names, "{"+k.name.Space+"}"+k.name.Local)
		}
		return nil, fmt.Errorf("the Body holds %v, not {%s}SendMessageResponse", names, syncChannelNS)
	}
	info := resp.path("response", "responseInfo")
	if info == nil {
		return nil, errors.New("no response/responseInfo")
	}
	if code := info.path("status", "code"); code == nil || code.text() != "SCSS001" {
		return nil, errors.New("responseInfo/status/code is not SCSS001")
	}
	if corr := info.path("correlationId"); corr == nil || corr.text() != messageID {
		return nil, fmt.Errorf("responseInfo/correlationId does not echo the messageId %q", messageID)
	}
	data := resp.path("response", "responseData", "data")
	if data == nil {
		return nil, errors.New("no response/responseData/data")
	}
	return data, nil
}

// soapAPIError reads a Fault's ErrorInfo; a fault without one keeps its faultstring.
func soapAPIError(op string, status int, f *xnode) error {
	e := &APIError{StatusCode: status, Operation: op}
	if s := f.path("faultstring"); s != nil {
		e.Message = s.text()
	}
	if d := f.path("detail"); d != nil {
		if info := d.child(syncChannelNS, "SendMessageFault1_SendMessageFault"); info != nil {
			if c := info.path("errorCode"); c != nil {
				e.Code = c.text()
			}
			if m := info.path("errorMessage"); m != nil {
				e.Message = m.text()
			}
		}
	}
	return e
}

// xnode is an element of an answer.
type xnode struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*xnode
	chars strings.Builder
}

func (n *xnode) text() string { return strings.TrimSpace(n.chars.String()) }

func (n *xnode) child(space, local string) *xnode {
	for _, k := range n.kids {
		if k.name.Space == space && k.name.Local == local {
			return k
		}
	}
	return nil
}

// path follows unqualified children.
func (n *xnode) path(names ...string) *xnode {
	for _, name := range names {
		if n = n.child("", name); n == nil {
			return nil
		}
	}
	return n
}

func (n *xnode) isNil() bool {
	for _, a := range n.attrs {
		if a.Name.Space == xsiNS && a.Name.Local == "nil" && (a.Value == "true" || a.Value == "1") {
			return true
		}
	}
	return false
}

func parseXML(data []byte) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var root *xnode
	var stack []*xnode
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > 64 {
				return nil, errors.New("nested too deep")
			}
			n := &xnode{name: t.Name, attrs: t.Attr}
			if len(stack) > 0 {
				stack[len(stack)-1].kids = append(stack[len(stack)-1].kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].chars.Write(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("empty document")
	}
	return root, nil
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// fromXML reads an element as the JSON value a field of type t takes, after the encoding the
// gateway uses (contracts/syncchannel.xsd): members as elements, arrays as elements of items,
// null as xsi:nil. The result is marshalled and decoded with the JSON facade's own types.
func fromXML(n *xnode, t reflect.Type) (any, error) {
	if n.isNil() {
		return nil, nil
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return n.text(), nil
	}
	switch t.Kind() {
	case reflect.String:
		return n.text(), nil
	case reflect.Bool:
		return n.text() == "true" || n.text() == "1", nil
	case reflect.Int, reflect.Int64, reflect.Float64:
		num := json.Number(n.text())
		if _, err := num.Float64(); err != nil {
			return nil, fmt.Errorf("%s: %q is not a number", n.name.Local, n.text())
		}
		return num, nil
	case reflect.Slice:
		out := []any{}
		for _, k := range n.kids {
			v, err := fromXML(k, t.Elem())
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			k := n.child("", name)
			if k == nil {
				continue
			}
			v, err := fromXML(k, f.Type)
			if err != nil {
				return nil, err
			}
			out[name] = v
		}
		return out, nil
	}
	return n.text(), nil
}
