package soap

import (
	"bytes"
	"errors"
	"testing"
)

const seed = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v10="http://bip.bee.kz/SyncChannel/v10/Types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></wsse:Security></soapenv:Header>
<soapenv:Body><v10:SendMessage><request>
<requestInfo><messageId>req-1</messageId><serviceId>GBDFL_UniversalServiceSync</serviceId><sender><senderId>s</senderId><password>p</password></sender><properties><key>k</key><value>v</value></properties><sessionId>x</sessionId></requestInfo>
<requestData><data xmlns:cs="http://message.persistence.interactive.nat" xsi:type="cs:Request"><iin>900101300017</iin><senderCode>TEST_SENDER</senderCode></data></requestData>
</request></v10:SendMessage></soapenv:Body></soapenv:Envelope>`

func TestParse(t *testing.T) {
	r, err := Parse([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	if r.MessageID != "req-1" || r.ServiceID != "GBDFL_UniversalServiceSync" || r.SenderID != "s" || r.Password != "p" ||
		r.SessionID != "x" || !r.Security || !r.Signed || len(r.Properties) != 1 || r.Properties[0] != (Property{"k", "v"}) {
		t.Errorf("parsed %+v", r)
	}
	if r.DataType.Space != "http://message.persistence.interactive.nat" || r.DataType.Local != "Request" {
		t.Errorf("xsi:type resolved to %v", r.DataType)
	}
	if len(r.Data) != 2 || r.Data[0] != (Field{"iin", "900101300017"}) {
		t.Errorf("data = %v", r.Data)
	}
}

func TestEncodeJSON(t *testing.T) {
	var bb bytes.Buffer
	if err := EncodeJSON(&bb, []byte(`{"a":"x<y","n":1.5,"ok":true,"z":null,"persons":[{"iin":"1"}],"properties":[],"data":["s"]}`)); err != nil {
		t.Fatal(err)
	}
	want := `<a>x&lt;y</a><n>1.5</n><ok>true</ok><z xsi:nil="true"/><persons><person><iin>1</iin></person></persons><properties></properties><data><item>s</item></data>`
	if got := bb.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, bad := range []string{`[]`, `{"1a":1}`, `{"a":1} {}`} {
		if err := EncodeJSON(&bb, []byte(bad)); err == nil {
			t.Errorf("%s encoded", bad)
		}
	}
}

// Whatever the body, Parse answers a request or a *FormatError, never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte(seed))
	f.Add([]byte(`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := Parse(body)
		var fe *FormatError
		switch {
		case err != nil && !errors.As(err, &fe):
			t.Fatalf("error %T %v is no FormatError", err, err)
		case err != nil && fe.Msg == "":
			t.Fatal("a FormatError without a message")
		case err == nil && r.ServiceID == "":
			t.Fatal("a request without serviceId")
		}
	})
}
