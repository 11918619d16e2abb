package scenarios

import (
	"errors"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/kz"
)

const citizen = "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n"

func problems(t *testing.T, yaml string) []Problem {
	t.Helper()
	_, err := Parse("t.yaml", []byte(yaml))
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("want *Error, got %v for\n%s", err, yaml)
	}
	return se.Problems
}

// wantProblem finds a problem containing msg at line (0: any line but never line 0).
func wantProblem(t *testing.T, ps []Problem, line int, msg string) {
	t.Helper()
	for _, p := range ps {
		if p.Line == 0 {
			t.Errorf("a problem without a line: %+v", p)
		}
	}
	for _, p := range ps {
		if strings.Contains(p.Message, msg) && (line == 0 || p.Line == line) {
			return
		}
	}
	t.Errorf("want %q at line %d, got %+v", msg, line, ps)
}

func TestRefusesWhatTheFilesCannotCarry(t *testing.T) {
	cases := []struct {
		name, yaml string
		line       int
		want       string
	}{
		{"cyrillic number", citizen + "    documents: {passport: {number: \"АБ1234567\"}}\n", 6, "Code 128"},
		{"number the font lacks", citizen + "    documents: {passport: {number: \"N123\u00a0\u2603\"}}\n", 6, "Code 128"},
		{"surname the font lacks", "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: 李, name: B}\n", 3, "cannot be printed"},
		{"nan tax arrears", citizen + "    tax_arrears: .nan\n", 6, "not a number JSON can carry"},
		{"inf entity arrears", citizen + "entities:\n  - {bin: \"150140000012\", name: X, tax_arrears: .inf}\n", 7, "not a number JSON can carry"},
		{"-inf area", citizen + "    property: [{cadastral_number: \"1\", type: t, address: a, area: -.inf}]\n", 6, "area"},
		{"nan recovery", citizen + "    enforcement_debts: [{recovery_amount: .NaN}]\n", 6, "recovery_amount"},
		{"inf exec_proc", citizen + "    enforcement_debts: [{recovery_amount: 1, exec_proc: .inf}]\n", 6, "exec_proc"},
		{"nan upcoming", citizen + "    upcoming_taxes: [{kind: land, amount: .nan}]\n", 6, "amount"},
		{"nan probability", citizen + "faults:\n  - {when: {service: edoc}, error: cant_connect, probability: .nan}\n", 7, "probability"},
		{"huge float", citizen + "    tax_arrears: 1e400\n", 6, "tax_arrears"},
		{"nan in a document", citizen + "    documents:\n      passport:\n        weight: .inf\n", 8, "not a number JSON can carry"},
		{"int key in a document", citizen + "    documents:\n      passport:\n        extra: {1: one}\n", 8, "key 1 is not a string"},
		{"deep int key", citizen + "    documents:\n      passport:\n        extra:\n          - {a: {true: x}}\n", 9, "key true is not a string"},
		{"int key at the top of a document", citizen + "    documents:\n      passport:\n        2020: x\n", 8, "key 2020 is not a string"},
		{"nan in a fault body", citizen + "faults:\n  - when: {service: edoc}\n    status: 500\n    body: {x: [1, .nan]}\n", 9, "not a number JSON can carry"},
		{"int key in a fault body", citizen + "faults:\n  - when: {service: edoc}\n    status: 500\n    body: {7: x}\n", 9, "key 7 is not a string"},
		{"binary in a document", citizen + "    documents:\n      passport:\n        x: !!binary AAEC\n", 8, "binary"},
		{"long string", citizen + "description: " + strings.Repeat("x", MaxString+1) + "\n", 6, "at most 4096"},
		{"long edoc_failure", citizen + "    edoc_failure: " + strings.Repeat("я", MaxString) + "\n", 6, "at most 4096"},
		{"long document field", citizen + "    documents:\n      passport:\n        note: " + strings.Repeat("x", MaxString+1) + "\n", 8, "at most 4096"},
		{"long number", citizen + "    documents: {passport: {number: \"" + strings.Repeat("1", 65) + "\"}}\n", 6, "at most 64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantProblem(t, problems(t, c.yaml), c.line, c.want) })
	}
	// What they can carry still loads.
	ok := citizen + "    tax_arrears: 1.5e6\n    documents:\n      passport: {number: \"N-1/2\", extra: {\"1\": one, list: [1, 2.5, x, true, null]}}\n"
	if _, err := Parse("t.yaml", []byte(ok)); err != nil {
		t.Fatal(err)
	}
}

func TestFamilyRefusals(t *testing.T) {
	three := "name: t\ncitizens:\n" +
		"  - {iin: \"900101300017\", surname: A, name: B, children: [\"150609600010\"]}\n" +
		"  - {iin: \"850515400012\", surname: A, name: C, children: [\"150609600010\"]}\n" +
		"  - {iin: \"750220300011\", surname: A, name: D, children: [\"150609600010\"]}\n" +
		"  - {iin: \"150609600010\", surname: A, name: E}\n"
	wantProblem(t, problems(t, three), 5, "already has two parents")
	twoFathers := "name: t\ncitizens:\n" +
		"  - {iin: \"900101300017\", surname: A, name: B, children: [\"150609600010\"]}\n" +
		"  - {iin: \"750220300011\", surname: A, name: D, children: [\"150609600010\"]}\n" +
		"  - {iin: \"150609600010\", surname: A, name: E}\n"
	wantProblem(t, problems(t, twoFathers), 4, "already has a male parent")
	twice := "name: t\ncitizens:\n" +
		"  - {iin: \"900101300017\", surname: A, name: B, children: [\"150609600010\", \"150609600010\"]}\n" +
		"  - {iin: \"150609600010\", surname: A, name: E}\n"
	wantProblem(t, problems(t, twice), 3, "listed twice")
}

func TestEveryProblemAtOnce(t *testing.T) {
	y := "name: t\n" + // 1
		"citizns: []\n" + // 2
		"otp: {ttl: five, length: six}\n" + // 3
		"citizens:\n" + // 4
		"  - iin: \"900101300018\"\n" + // 5
		"    surname: A\n" + // 6
		"    name: B\n" + // 7
		"    gender: M\n" + // 8
		"    documents: {identity_cardd: {}}\n" + // 9
		"faults:\n" + // 10
		"  - {when: {service: edoc}, delay: 2s..1s}\n" + // 11
		"  - {when: {service: egov, operation: citsDebt}, error: service_unavailabl}\n" + // 12
		"  - {when: {service: edoc, operation: Request}, error: cant_conect}\n" + // 13
		"  - {when: {service: edoc}, transport: rest}\n" + // 14
		"latency: {edoc: soon, operations: {gbdflUniversalServiceSyn: 1s}}\n" + // 15
		"payments: {settle_after: 0s}\n" // 16
	ps := problems(t, y)
	for _, w := range []struct {
		line int
		msg  string
	}{
		{2, `unknown key "citizns" (did you mean "citizens"?)`},
		{3, `otp.ttl: "five" is not a positive duration`},
		{3, `otp.length: wrong type: want a whole number, got "six"`},
		{5, "not a valid IIN"},
		{8, "gender: must be male or female"},
		{9, `unknown document type "identity_cardd" (did you mean "identity_card"?)`},
		{11, "min is larger than max"},
		{12, `unknown gateway operation "citsDebt" (did you mean "citsDebts"?)`},
		{12, `unknown gateway error "service_unavailabl" (did you mean "service_unavailable"?)`},
		{13, `(did you mean "request"?)`},
		{13, `unknown E-Document error "cant_conect" (did you mean "cant_connect"?)`},
		{14, `transport "rest"`},
		{15, `latency.edoc: delay "soon"`},
		{15, `unknown operation "gbdflUniversalServiceSyn" (did you mean "gbdflUniversalServiceSync"?)`},
		{16, `payments.settle_after: "0s" is not a positive duration`},
	} {
		wantProblem(t, ps, w.line, w.msg)
	}
	for _, p := range ps {
		// A value the decoder refused is not reported again as missing or wrong.
		if strings.Contains(p.Message, "needs error, soap_fault, status, transport or delay") || strings.Contains(p.Message, "otp.length must be") {
			t.Errorf("a consequence reported as a second problem: %+v", p)
		}
	}
}

func TestSyntaxErrorLines(t *testing.T) {
	cases := []struct {
		name, yaml string
		line       int
		want       string
	}{
		{"dedented key in a list item", "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n   name: B\n", 5, "indented"},
		{"key outdented under a long list", "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n  - iin: \"900101300027\"\n    surname: A\n  name: B\n", 8, "indented"},
		{"tab in indentation", "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n\tphone: x\n\n", 6, "line 6: tabs are not allowed in YAML indentation; use spaces"[8:]},
		{"tab on line 1", "\tname: t\n", 1, "tabs are not allowed"},
		{"error on line 1", ": x\ncitizens: []\n", 1, "did not find expected key"},
		{"control character", "name: t\ncitizens: []\ndescription: a\x01b\n", 3, "control characters"},
		{"bad UTF-8", "name: t\ncitizens: []\ndescription: a\xffb\n", 3, "UTF-8"},
		{"second document broken", citizen + "---\n: [\n", 7, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantProblem(t, problems(t, c.yaml), c.line, c.want) })
	}
}

func TestNearest(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"citizns", "citizens", true},
		{"Request", "request", true},
		{"colour", "", false},
		{"identiti_card", "identity_card", true},
	} {
		got, ok := nearest(c.in, append([]string{"citizens", "request", "name", "otp"}, "identity_card"))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("nearest(%q) = %q %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestDistance(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"kitten", "sitting", 3},
		{"ҚАНАТ", "КАНАТ", 1},       // runes, not bytes
		{long, long[:256] + "b", 0}, // each cut to 256 runes
		{long[:250], long, 6},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%.10q, %.10q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestWantOne(t *testing.T) {
	for _, c := range []struct {
		in    string
		names []string
		want  string
	}{
		{"bank", PaymentOutcomes, "want paid or failed"},
		{"payd", PaymentOutcomes, `want paid or failed (did you mean "paid"?)`},
		{"x", Subscriptions, "want active, expired, not_started, none or no_access"},
		{"x", []string{"only"}, "want only"},
	} {
		if got := wantOne(c.in, c.names); got != c.want {
			t.Errorf("wantOne(%q, %v) = %q, want %q", c.in, c.names, got, c.want)
		}
	}
	wantProblem(t, problems(t, "name: t\npayments: {outcome: payd}\n"), 2, `payments.outcome "payd": want paid or failed (did you mean "paid"?)`)
}

func TestGender(t *testing.T) {
	s, err := Parse("t.yaml", []byte(citizen+"    gender: male\n"))
	if err != nil || s.Citizens[0].Gender != kz.Male {
		t.Fatalf("%v %v", s, err)
	}
	s, err = Parse("t.yaml", []byte("name: t\ncitizens:\n  - {iin: \"850515400012\", surname: A, name: B}\n"))
	if err != nil || s.Citizens[0].Gender != kz.Female {
		t.Fatalf("default from the IIN: %v %v", s, err)
	}
	for _, g := range []string{"M", "Male", "f", "1"} {
		wantProblem(t, problems(t, citizen+"    gender: "+g+"\n"), 6, "gender: must be male or female")
	}
}

func TestCheck(t *testing.T) {
	if ps := Check("default"); ps != nil {
		t.Fatalf("default: %v", ps)
	}
	if ps := Check("nope"); len(ps) != 1 || !strings.Contains(ps[0].Message, "bundled") {
		t.Fatalf("unknown name: %v", ps)
	}
	p := t.TempDir() + "/bad.yaml"
	writeFile(t, p, "name: t\ncitizns: []\notp: {ttl: five}\n")
	if ps := Check(p); len(ps) != 3 {
		t.Fatalf("want 3 problems (unknown key, citizens required, ttl), got %v", ps)
	}
}
