package egov_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/client/egov"
)

func soapClient(t *testing.T, status int, body string, last *http.Request) *egov.Client {
	return client(t, fake(t, status, body, last), func(c *egov.Config) { c.Transport = egov.SOAP })
}

const envHead = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>`

func fault(code, msg string) string {
	return envHead + `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>` + code + `</faultstring><detail>` +
		`<sc:SendMessageFault1_SendMessageFault xmlns:sc="http://bip.bee.kz/SyncChannel/v10/Types"><errorCode>` + code +
		`</errorCode><errorMessage>` + msg + `</errorMessage><errorDate>2026-01-01T00:00:00Z</errorDate></sc:SendMessageFault1_SendMessageFault></detail></soap:Fault></soap:Body></soap:Envelope>`
}

func answer(ns, correlation string) string {
	return envHead + `<sc:SendMessageResponse xmlns:sc="` + ns + `"><response><responseInfo><messageId>m</messageId>` + correlation +
		`<responseDate>2026-01-01T00:00:00.000Z</responseDate><status><code>SCSS001</code><message>ok</message></status></responseInfo>` +
		`<responseData><data><messageId>req-1</messageId><status><code>SCSS001</code><message>Success</message></status><data><item><execProc>1</execProc><debtorIin>900101300017</debtorIin><recoveryAmount>12.5</recoveryAmount><categoryRu>x</categoryRu></item></data></data></responseData></response></sc:SendMessageResponse></soap:Body></soap:Envelope>`
}

// Over SOAP the client sends a SendMessage to /bip-sync/ with requestInfo/sender, and reads the
// payload into the same types as over JSON; faults map to the same sentinels.
func TestSOAPTransport(t *testing.T) {
	ctx := egov.WithMessageID(context.Background(), "req-1")
	var last http.Request
	res, err := soapClient(t, 200, answer("http://bip.bee.kz/SyncChannel/v10/Types", "<correlationId>req-1</correlationId>"), &last).CheckDebtor(ctx, "900101300017")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Data) != 1 || res.Data[0].RecoveryAmount != 12.5 || res.MessageID != "req-1" {
		t.Errorf("answer: %+v", res)
	}
	sent, _ := io.ReadAll(last.Body)
	for _, want := range []string{"<serviceId>AISOIP_CheckDebtorByIINBIN</serviceId>", "<senderId>" + catalogue.SenderID + "</senderId>", `xsi:type="p:CheckDebtorRequest"`, "<iinOrBin>900101300017</iinOrBin>", "<messageId>req-1</messageId>"} {
		if !strings.Contains(string(sent), want) {
			t.Errorf("request lacks %s: %s", want, sent)
		}
	}
	if last.URL.Path != "/bip-sync/" || last.Header.Get("Authorization") != "" || !strings.HasPrefix(last.Header.Get("Content-Type"), "text/xml") {
		t.Errorf("request %s %v", last.URL.Path, last.Header)
	}
	for _, c := range []struct {
		status   int
		body     string
		sentinel error
	}{
		{400, fault("SCE001", "iin: bad"), egov.ErrValidation},
		{404, fault("SCE004", "no service"), egov.ErrUnknownOperation},
		{403, fault("SCE005", "unsigned"), egov.ErrSignature},
		{500, fault("SCE909", "internal"), egov.ErrInternal},
		{403, fault("FORBIDDEN", "Invalid sender credentials"), egov.ErrForbidden},
		{503, fault("SERVICE_UNAVAILABLE", "down"), egov.ErrServiceUnavailable},
		// A fault without its ErrorInfo keeps its status and faultstring.
		{503, envHead + `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>down</faultstring></soap:Fault></soap:Body></soap:Envelope>`, egov.ErrServiceUnavailable},
		// Answers that break the channel.
		{200, answer("http://bip.bee.kz/SyncChannel/v11/Types", "<correlationId>req-1</correlationId>"), egov.ErrMalformedResponse},
		{200, answer("http://bip.bee.kz/SyncChannel/v10/Types", ""), egov.ErrMalformedResponse},
		{200, `{"not":"xml"}`, egov.ErrMalformedResponse},
	} {
		_, err := soapClient(t, c.status, c.body, nil).CheckDebtor(ctx, "900101300017")
		if !errors.Is(err, c.sentinel) {
			t.Errorf("%d %.80s: %v, want %v", c.status, c.body, err, c.sentinel)
		}
	}
}
