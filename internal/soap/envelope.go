// Package soap is the codec of SmartBridge's synchronous channel (SyncChannel, SOAP 1.1): it parses
// a SendMessage envelope strictly, writes the SendMessageResponse and the SOAP Fault with its
// ErrorInfo, and encodes an operation's JSON answer as XML elements (docs/behaviour.md §3.1). It
// knows nothing of the operations: internal/egov routes the parsed request.
package soap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// The namespaces of the channel (EVIDENCE §5) and of the standards it rests on.
const (
	EnvelopeNS    = "http://schemas.xmlsoap.org/soap/envelope/"
	Envelope12NS  = "http://www.w3.org/2003/05/soap-envelope"
	SyncChannelNS = "http://bip.bee.kz/SyncChannel/v10/Types"
	CommonNS      = "http://bip.bee.kz/common/v10/Types"
	XSINS         = "http://www.w3.org/2001/XMLSchema-instance"
	WSSENS        = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
	DSigNS        = "http://www.w3.org/2000/09/xmldsig#"
)

// Property is one requestInfo properties{key, value}.
type Property struct{ Key, Value string }

// Field is one child of requestData/data: a parameter of the operation, as text.
type Field struct{ Name, Value string }

// Request is a parsed SendMessage.
type Request struct {
	MessageID, CorrelationID, ServiceID, MessageDate, RouteID, SessionID string
	SenderID, Password                                                   string
	HasSender                                                            bool
	Properties                                                           []Property
	// DataType is data's xsi:type, its prefix resolved to a namespace.
	DataType xml.Name
	Data     []Field
	// Security: a wsse:Security header came; Signed: it holds a ds:Signature (neither is verified).
	Security, Signed bool
}

// FormatError is an envelope that is not a well-formed SendMessage: a SCE001 fault, its message
// naming what is wrong.
type FormatError struct{ Msg string }

func (e *FormatError) Error() string { return e.Msg }

func bad(format string, args ...any) error { return &FormatError{Msg: fmt.Sprintf(format, args...)} }

// Bounds of a parsed envelope (the body itself is bounded by the HTTP layer).
const (
	maxDepth    = 32
	maxElements = 10000
)

// node is an element of the parsed document.
type node struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*node
	text  strings.Builder
	scope map[string]string // prefix -> namespace in scope ("" = the default namespace)
}

// tree reads one XML document into nodes: no DTD, one root, nothing but white space, comments and
// processing instructions outside it.
func tree(body []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	var root *node
	var stack []*node
	count := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bad("not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			count++
			if count > maxElements {
				return nil, bad("more than %d elements", maxElements)
			}
			if len(stack) >= maxDepth {
				return nil, bad("elements nested deeper than %d", maxDepth)
			}
			n := &node{name: t.Name, attrs: t.Attr, scope: map[string]string{}}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				for k, v := range parent.scope {
					n.scope[k] = v
				}
				parent.kids = append(parent.kids, n)
			} else if root != nil {
				return nil, bad("more than one root element")
			} else {
				root = n
			}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					n.scope[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					n.scope[""] = a.Value
				}
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, bad("text outside the root element")
			}
		case xml.Directive:
			return nil, bad("a DTD or other <!...> directive is not accepted")
		}
	}
	if root == nil {
		return nil, bad("empty body: want a SOAP 1.1 Envelope")
	}
	return root, nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local + " (no namespace)"
	}
	return "{" + n.Space + "}" + n.Local
}

// expect checks n is the element want (namespace and local name) and names what came otherwise.
func expect(n *node, want xml.Name, where string) error {
	if n.name == want {
		return nil
	}
	if n.name.Local == want.Local {
		ns := want.Space
		if ns == "" {
			ns = "no namespace"
		}
		return bad("%s: element %s is in the wrong namespace, want %s", where, qname(n.name), ns)
	}
	return bad("%s: got element %s, want %s", where, qname(n.name), qname(want))
}

// simple is the text of an element that must hold no elements.
func (n *node) simple(where string) (string, error) {
	if len(n.kids) > 0 {
		return "", bad("%s: must be text, got element %s", where, qname(n.kids[0].name))
	}
	return strings.TrimSpace(n.text.String()), nil
}

// only checks n holds no text beside its elements.
func (n *node) only(where string) error {
	if strings.TrimSpace(n.text.String()) != "" {
		return bad("%s: text is not allowed here, only elements", where)
	}
	return nil
}

// Parse reads a SendMessage envelope. Its error is a *FormatError.
func Parse(body []byte) (*Request, error) {
	root, err := tree(body)
	if err != nil {
		return nil, err
	}
	if root.name.Space == Envelope12NS && root.name.Local == "Envelope" {
		return nil, bad("Envelope: a SOAP 1.2 envelope (%s); SyncChannel speaks SOAP 1.1 (%s)", Envelope12NS, EnvelopeNS)
	}
	if err := expect(root, xml.Name{Space: EnvelopeNS, Local: "Envelope"}, "Envelope"); err != nil {
		return nil, err
	}
	if err := root.only("Envelope"); err != nil {
		return nil, err
	}
	req := &Request{}
	var bodyNode *node
	for i, k := range root.kids {
		switch {
		case k.name == xml.Name{Space: EnvelopeNS, Local: "Header"} && i == 0:
			header(k, req)
		case k.name == xml.Name{Space: EnvelopeNS, Local: "Body"} && bodyNode == nil:
			bodyNode = k
		default:
			return nil, bad("Envelope: unexpected element %s (want an optional Header, then one Body)", qname(k.name))
		}
	}
	if bodyNode == nil {
		return nil, bad("Envelope: no Body")
	}
	if err := bodyNode.only("Body"); err != nil {
		return nil, err
	}
	if len(bodyNode.kids) != 1 {
		return nil, bad("Body: want exactly one element, SendMessage, got %d", len(bodyNode.kids))
	}
	send := bodyNode.kids[0]
	if err := expect(send, xml.Name{Space: SyncChannelNS, Local: "SendMessage"}, "Body"); err != nil {
		return nil, err
	}
	if err := send.only("SendMessage"); err != nil {
		return nil, err
	}
	if len(send.kids) != 1 {
		return nil, bad("SendMessage: want exactly one element, request, got %d", len(send.kids))
	}
	request := send.kids[0]
	if err := expect(request, xml.Name{Local: "request"}, "SendMessage"); err != nil {
		return nil, err
	}
	if err := request.only("request"); err != nil {
		return nil, err
	}
	var info, data *node
	for _, k := range request.kids {
		switch {
		case k.name == xml.Name{Local: "requestInfo"} && info == nil:
			info = k
		case k.name == xml.Name{Local: "requestData"} && data == nil:
			data = k
		default:
			return nil, bad("request: unexpected element %s (want requestInfo and requestData, once each, unqualified)", qname(k.name))
		}
	}
	if info == nil {
		return nil, bad("request: requestInfo is required")
	}
	if data == nil {
		return nil, bad("request: requestData is required")
	}
	if err := requestInfo(info, req); err != nil {
		return nil, err
	}
	if err := requestData(data, req); err != nil {
		return nil, err
	}
	return req, nil
}

// header notes a wsse:Security header and a ds:Signature in it; other headers are ignored.
func header(h *node, req *Request) {
	for _, k := range h.kids {
		if k.name == (xml.Name{Space: WSSENS, Local: "Security"}) {
			req.Security = true
			req.Signed = req.Signed || holds(k, xml.Name{Space: DSigNS, Local: "Signature"})
		}
	}
}

func holds(n *node, name xml.Name) bool {
	for _, k := range n.kids {
		if k.name == name || holds(k, name) {
			return true
		}
	}
	return false
}

var infoFields = []string{"messageId", "correlationId", "serviceId", "messageDate", "routeId", "sender", "properties", "sessionId"}

func requestInfo(info *node, req *Request) error {
	if err := info.only("requestInfo"); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, k := range info.kids {
		name := k.name.Local
		where := "requestInfo/" + name
		if k.name.Space != "" {
			return bad("requestInfo: element %s must be unqualified (no namespace)", qname(k.name))
		}
		if seen[name] && name != "properties" {
			return bad("requestInfo: %s appears twice", name)
		}
		seen[name] = true
		var dst *string
		switch name {
		case "messageId":
			dst = &req.MessageID
		case "correlationId":
			dst = &req.CorrelationID
		case "serviceId":
			dst = &req.ServiceID
		case "messageDate":
			dst = &req.MessageDate
		case "routeId":
			dst = &req.RouteID
		case "sessionId":
			dst = &req.SessionID
		case "sender":
			if err := sender(k, req); err != nil {
				return err
			}
			continue
		case "properties":
			p, err := property(k)
			if err != nil {
				return err
			}
			req.Properties = append(req.Properties, p)
			continue
		default:
			return bad("requestInfo: unknown element %s (known: %s)", name, strings.Join(infoFields, ", "))
		}
		v, err := k.simple(where)
		if err != nil {
			return err
		}
		*dst = v
	}
	if req.ServiceID == "" {
		return bad("requestInfo/serviceId is required")
	}
	return nil
}

func sender(s *node, req *Request) error {
	if err := s.only("requestInfo/sender"); err != nil {
		return err
	}
	req.HasSender = true
	seen := map[string]bool{}
	for _, k := range s.kids {
		if k.name.Space != "" || (k.name.Local != "senderId" && k.name.Local != "password") {
			return bad("requestInfo/sender: unexpected element %s (want senderId and password, unqualified)", qname(k.name))
		}
		if seen[k.name.Local] {
			return bad("requestInfo/sender: %s appears twice", k.name.Local)
		}
		seen[k.name.Local] = true
		v, err := k.simple("requestInfo/sender/" + k.name.Local)
		if err != nil {
			return err
		}
		if k.name.Local == "senderId" {
			req.SenderID = v
		} else {
			req.Password = v
		}
	}
	return nil
}

func property(p *node) (Property, error) {
	var out Property
	if err := p.only("requestInfo/properties"); err != nil {
		return out, err
	}
	seen := map[string]bool{}
	for _, k := range p.kids {
		if k.name.Space != "" || (k.name.Local != "key" && k.name.Local != "value") || seen[k.name.Local] {
			return out, bad("requestInfo/properties: unexpected element %s (want one key and one value, unqualified)", qname(k.name))
		}
		seen[k.name.Local] = true
		v, err := k.simple("requestInfo/properties/" + k.name.Local)
		if err != nil {
			return out, err
		}
		if k.name.Local == "key" {
			out.Key = v
		} else {
			out.Value = v
		}
	}
	if !seen["key"] {
		return out, bad("requestInfo/properties: key is required")
	}
	return out, nil
}

func requestData(rd *node, req *Request) error {
	if err := rd.only("requestData"); err != nil {
		return err
	}
	if len(rd.kids) != 1 || rd.kids[0].name != (xml.Name{Local: "data"}) {
		return bad("requestData: want exactly one element, data (unqualified)")
	}
	data := rd.kids[0]
	if err := data.only("requestData/data"); err != nil {
		return err
	}
	typ := ""
	for _, a := range data.attrs {
		switch {
		case a.Name == xml.Name{Space: XSINS, Local: "type"}:
			typ = a.Value
		case a.Name.Local == "type" && a.Name.Space != "" && a.Name.Space != "xmlns":
			return bad("requestData/data: the type attribute is in namespace %q (an undeclared prefix?), want xsi:type in %s", a.Name.Space, XSINS)
		}
	}
	if typ == "" {
		return bad("requestData/data: xsi:type is required (the payload's type, e.g. cs:Request for GBDFL)")
	}
	prefix, local, ok := strings.Cut(strings.TrimSpace(typ), ":")
	if !ok {
		prefix, local = "", prefix
	}
	ns, declared := data.scope[prefix]
	if !declared && prefix != "" {
		return bad("requestData/data: xsi:type %q: prefix %q is not declared", typ, prefix)
	}
	req.DataType = xml.Name{Space: ns, Local: local}
	seen := map[string]bool{}
	for _, k := range data.kids {
		if k.name.Space != "" {
			return bad("requestData/data: element %s must be unqualified (no namespace)", qname(k.name))
		}
		if seen[k.name.Local] {
			return bad("requestData/data: %s appears twice", k.name.Local)
		}
		seen[k.name.Local] = true
		v, err := k.simple("requestData/data/" + k.name.Local)
		if err != nil {
			return err
		}
		req.Data = append(req.Data, Field{Name: k.name.Local, Value: v})
	}
	return nil
}

// Names are the elements of a set, sorted, for messages.
func Names(set map[string]bool) string {
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
