package egovspec

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
)

// opCase is one operation as the matrix drives it: a valid body about an identifier, which
// parameter carries the IIN or BIN, and which parameters are required.
type opCase struct {
	name       string
	subject    string   // the IIN/BIN parameter, "" when none
	required   []string // each one's absence is a 400 that names it
	senderCode bool
	body       func(id string) map[string]any
}

func (o opCase) bodyWith(id string) map[string]any {
	b := o.body(id)
	if o.senderCode {
		b["senderCode"] = creds.SenderCode
	}
	return b
}

var opCases = []opCase{
	{egov.OpGBDFL, "iin", []string{"senderCode", "iin"}, true, func(id string) map[string]any { return map[string]any{"iin": id} }},
	{egov.OpFamilyInfo, "iin", []string{"senderCode", "iin"}, true, func(id string) map[string]any { return map[string]any{"iin": id} }},
	{egov.OpSchools, "", []string{"locationCode"}, false, func(string) map[string]any { return map[string]any{"locationCode": schoolsAt} }},
	{egov.OpCheckDebtor, "iinOrBin", []string{"iinOrBin"}, false, func(id string) map[string]any { return map[string]any{"iinOrBin": id} }},
	{egov.OpCitsDebts, "iinBin", []string{"iinBin", "digitalSignBaseUrl"}, false, func(id string) map[string]any {
		return map[string]any{"iinBin": id, "digitalSignBaseUrl": signBaseURL}
	}},
	{egov.OpCitsUpcPays, "iinBin", []string{"iinBin", "digitalSignBaseUrl"}, false, func(id string) map[string]any {
		return map[string]any{"iinBin": id, "digitalSignBaseUrl": signBaseURL}
	}},
	{egov.OpFindMarriage, "iin", []string{"senderCode", "iin"}, true, func(id string) map[string]any { return map[string]any{"iin": id} }},
	{egov.OpEducation, "iin", []string{"senderCode", "iin"}, true, func(id string) map[string]any { return map[string]any{"iin": id} }},
	{egov.OpInitPayment, "iinOrBin", []string{"amount", "serviceId", "iinOrBin"}, false, func(id string) map[string]any {
		return map[string]any{"amount": 1500, "serviceId": "SVC-001", "iinOrBin": id}
	}},
	{egov.OpPropertyOwner, "iin", []string{"senderCode", "iin"}, true, func(id string) map[string]any { return map[string]any{"iin": id} }},
	{egov.OpPaymentInfo, "", []string{"senderCode", "paymentId"}, true, func(string) map[string]any {
		return map[string]any{"paymentId": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}
	}},
}

// refusal is one cell of the matrix: how the request is spoiled and what the gateway must answer.
type refusal struct {
	op     string
	body   any
	header map[string]string
	status int
	code   string
	says   string // the message names this
}

func matrix() []TableEntry {
	var out []TableEntry
	add := func(what string, r refusal) {
		out = append(out, Entry(fmt.Sprintf("%s: %s → %d %s", r.op, what, r.status, r.code), r))
	}
	for _, o := range opCases {
		valid := func() map[string]any { return o.bodyWith(happyIIN) }
		// Credentials come first, whatever the body.
		add("missing bearer", refusal{o.name, map[string]any{}, map[string]string{"Authorization": ""}, 401, "UNAUTHORIZED", "bearer"})
		add("wrong bearer", refusal{o.name, valid(), map[string]string{"Authorization": "Bearer wrong-key"}, 401, "UNAUTHORIZED", "bearer"})
		add("not a Bearer scheme", refusal{o.name, valid(), map[string]string{"Authorization": "Basic dGVzdDp0ZXN0"}, 401, "UNAUTHORIZED", "Bearer"})
		add("wrong sender", refusal{o.name, map[string]any{}, map[string]string{"X-Egov-Sender-Id": "someone-else"}, 403, "FORBIDDEN", "sender"})
		add("wrong password", refusal{o.name, valid(), map[string]string{"X-Egov-Password": "wrong"}, 403, "FORBIDDEN", "sender"})
		add("missing sender headers", refusal{o.name, valid(), map[string]string{"X-Egov-Sender-Id": "", "X-Egov-Password": ""}, 403, "FORBIDDEN", "X-Egov-Sender-Id"})
		// Then the body.
		if o.subject != "" {
			add("bad IIN", refusal{o.name, o.bodyWith(badIIN), nil, 400, "VALIDATION_ERROR", o.subject})
			add("IIN of 9 digits", refusal{o.name, o.bodyWith("900101300"), nil, 400, "VALIDATION_ERROR", o.subject})
			b := valid()
			b[o.subject] = 900101300017
			add("IIN as a number", refusal{o.name, b, nil, 400, "VALIDATION_ERROR", o.subject})
		}
		for _, p := range o.required {
			b := valid()
			delete(b, p)
			add("missing "+p, refusal{o.name, b, nil, 400, "VALIDATION_ERROR", p})
		}
		if o.senderCode {
			b := valid()
			b["senderCode"] = "NOT_OURS"
			add("wrong senderCode", refusal{o.name, b, nil, 403, "FORBIDDEN", "senderCode"})
		}
		add("body not a JSON object", refusal{o.name, `["` + happyIIN + `"]`, nil, 400, "VALIDATION_ERROR", "JSON object"})
		add("body not JSON", refusal{o.name, `{"iin": `, nil, 400, "VALIDATION_ERROR", "JSON"})
	}
	gbdfl := func(b map[string]any) map[string]any { b["senderCode"] = creds.SenderCode; return b }
	add("no search criterion", refusal{egov.OpGBDFL, gbdfl(map[string]any{"patronymic": "ИВАНОВИЧ"}), nil, 400, "VALIDATION_ERROR", "criterion"})
	add("name without birth date", refusal{egov.OpGBDFL, gbdfl(map[string]any{"surname": "ИВАНОВ", "name": "ИВАН"}), nil, 400, "VALIDATION_ERROR", "birthDate"})
	add("birth date not YYYY-MM-DD", refusal{egov.OpGBDFL, gbdfl(map[string]any{"surname": "ИВАНОВ", "name": "ИВАН", "birthDate": "01.01.1990"}), nil, 400, "VALIDATION_ERROR", "birthDate"})
	add("amount 0", refusal{egov.OpInitPayment, map[string]any{"amount": 0, "serviceId": "S", "iinOrBin": happyIIN}, nil, 400, "VALIDATION_ERROR", "amount"})
	add("negative amount", refusal{egov.OpInitPayment, map[string]any{"amount": -1, "serviceId": "S", "iinOrBin": happyIIN}, nil, 400, "VALIDATION_ERROR", "amount"})
	add("amount as a string", refusal{egov.OpInitPayment, map[string]any{"amount": "1500", "serviceId": "S", "iinOrBin": happyIIN}, nil, 400, "VALIDATION_ERROR", "amount"})
	add("digitalSignBaseUrl not a URL", refusal{egov.OpCitsDebts, map[string]any{"iinBin": happyIIN, "digitalSignBaseUrl": "sign"}, nil, 400, "VALIDATION_ERROR", "digitalSignBaseUrl"})
	add("body over 1 MiB", refusal{egov.OpFamilyInfo, `{"iin":"` + happyIIN + `","pad":"` + strings.Repeat("x", 1<<20) + `"}`, nil, 413, "VALIDATION_ERROR", "1 MiB"})
	add("unknown payment", refusal{egov.OpPaymentInfo, map[string]any{"senderCode": creds.SenderCode, "paymentId": "no-such-payment"}, nil, 404, "PAYMENT_NOT_FOUND", "Payment not found"})
	add("unknown operation", refusal{"gbdflSync", map[string]any{"iin": happyIIN}, nil, 404, "UNKNOWN_OPERATION", "gbdflSync"})
	add("operation name in another case", refusal{"GBDFLUNIVERSALSERVICESYNC", map[string]any{}, nil, 404, "UNKNOWN_OPERATION", "Unknown operation"})
	add("unknown operation, missing bearer", refusal{"gbdflSync", map[string]any{}, map[string]string{"Authorization": ""}, 401, "UNAUTHORIZED", "bearer"})
	return out
}

var _ = specs.Describe("refusals: credentials, then parameters (docs/behaviour.md §3)", Label("contract"), func() {
	DescribeTable("every operation refuses a spoiled request with the documented status, code and a message naming the problem",
		func(r refusal) {
			tgt.AllowBadRequests() // these requests break the request schema on purpose; the answers must not
			a := rawCall(r.op, r.body, r.header)
			Expect(a.status).To(Equal(r.status), "%s", a.raw)
			Expect(a.body).To(HaveLen(3), "exactly message, code and operation: %s", a.raw)
			Expect(a.body).To(HaveKeyWithValue("code", r.code))
			Expect(a.body).To(HaveKeyWithValue("operation", r.op))
			Expect(strings.ToLower(a.body["message"].(string))).To(ContainSubstring(strings.ToLower(r.says)))
		},
		matrix(),
	)
})
