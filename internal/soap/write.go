package soap

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ContentType is the media type of every SOAP 1.1 message.
const ContentType = "text/xml; charset=utf-8"

// ResponseInfo heads a SendMessageResponse.
type ResponseInfo struct {
	MessageID, CorrelationID, ResponseDate string
	StatusCode, StatusMessage              string
	SessionID                              string // "" leaves it out
}

// ErrorInfo is a fault's detail (namespace CommonNS, type ErrorInfo).
type ErrorInfo struct {
	Code, Message, Data, Date string
	SessionID                 string
	// Server marks a fault of the gateway's side (faultcode soap:Server) rather than the caller's.
	Server bool
}

const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<soap:Envelope xmlns:soap="` + EnvelopeNS + `" xmlns:xsi="` + XSINS + `"><soap:Body>`

const tail = `</soap:Body></soap:Envelope>` + "\n"

func text(b *bytes.Buffer, s string) { _ = xml.EscapeText(b, []byte(s)) }

func elem(b *bytes.Buffer, name, value string) {
	b.WriteString("<" + name + ">")
	text(b, value)
	b.WriteString("</" + name + ">")
}

// Response is a SendMessageResponse: ri, then responseData/data of type dataType (its
// namespace bound to the prefix "p"), whose elements are the members of each JSON object of
// payload in turn (EncodeJSON).
func Response(ri ResponseInfo, dataType xml.Name, payload ...[]byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(head)
	b.WriteString(`<sc:SendMessageResponse xmlns:sc="` + SyncChannelNS + `"><response><responseInfo>`)
	elem(&b, "messageId", ri.MessageID)
	elem(&b, "correlationId", ri.CorrelationID)
	elem(&b, "responseDate", ri.ResponseDate)
	b.WriteString("<status>")
	elem(&b, "code", ri.StatusCode)
	elem(&b, "message", ri.StatusMessage)
	b.WriteString("</status>")
	if ri.SessionID != "" {
		elem(&b, "sessionId", ri.SessionID)
	}
	b.WriteString(`</responseInfo><responseData><data xmlns:p="`)
	text(&b, dataType.Space)
	b.WriteString(`" xsi:type="p:` + dataType.Local + `">`)
	for _, obj := range payload {
		if err := EncodeJSON(&b, obj); err != nil {
			return nil, err
		}
	}
	b.WriteString(`</data></responseData></response></sc:SendMessageResponse>`)
	b.WriteString(tail)
	return b.Bytes(), nil
}

// Fault is a SOAP 1.1 Fault whose detail is SendMessageFault1_SendMessageFault, an ErrorInfo.
func Fault(e ErrorInfo) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	b.WriteString("<soap:Fault>")
	if e.Server {
		elem(&b, "faultcode", "soap:Server")
	} else {
		elem(&b, "faultcode", "soap:Client")
	}
	elem(&b, "faultstring", e.Code+": "+e.Message)
	b.WriteString(`<detail><sc:SendMessageFault1_SendMessageFault xmlns:sc="` + SyncChannelNS + `">`)
	elem(&b, "errorCode", e.Code)
	elem(&b, "errorMessage", e.Message)
	if e.Data != "" {
		elem(&b, "errorData", e.Data)
	}
	elem(&b, "errorDate", e.Date)
	if e.SessionID != "" {
		elem(&b, "sessionId", e.SessionID)
	}
	b.WriteString(`</sc:SendMessageFault1_SendMessageFault></detail></soap:Fault>`)
	b.WriteString(tail)
	return b.Bytes()
}

// EncodeJSON writes the members of a JSON object as XML elements, in their order: an object is an
// element of elements; an array an element holding one element per item, named by ItemName; null
// an empty element with xsi:nil="true"; strings, numbers and booleans as their text. Every
// operation's answer has one definition, its JSON form; this is its second encoding.
func EncodeJSON(b *bytes.Buffer, obj []byte) error {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return errors.New("soap: the payload is not a JSON object")
	}
	if err := members(b, dec); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("soap: trailing data after the payload")
	}
	return nil
}

func members(b *bytes.Buffer, dec *json.Decoder) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok || !validName(key) {
			return fmt.Errorf("soap: member %v is not an XML name", tok)
		}
		if err := value(b, key, dec); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing '}'
	return err
}

func value(b *bytes.Buffer, name string, dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		b.WriteString("<" + name + ">")
		if t == '{' {
			if err := members(b, dec); err != nil {
				return err
			}
		} else {
			item := ItemName(name)
			for dec.More() {
				if err := value(b, item, dec); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // the closing ']'
				return err
			}
		}
		b.WriteString("</" + name + ">")
	case nil:
		b.WriteString("<" + name + ` xsi:nil="true"/>`)
	case string:
		elem(b, name, t)
	case json.Number:
		elem(b, name, t.String())
	case bool:
		elem(b, name, fmt.Sprint(t))
	}
	return nil
}

// ItemName is the element of one item of an array element: its name in the singular
// (properties: property, persons: person), or item when it does not end in s (data: item).
func ItemName(array string) string {
	switch {
	case strings.HasSuffix(array, "ies"):
		return strings.TrimSuffix(array, "ies") + "y"
	case strings.HasSuffix(array, "s") && len(array) > 1:
		return strings.TrimSuffix(array, "s")
	}
	return "item"
}

func validName(s string) bool {
	if s == "" || strings.HasPrefix(strings.ToLower(s), "xml") {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !(r == '-' || r == '.' || (r >= '0' && r <= '9'))) {
			return false
		}
	}
	return true
}
