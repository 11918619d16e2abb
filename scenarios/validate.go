package scenarios

import (
	"fmt"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/upstream"
)

// Defaults of docs/behaviour.md §4–§6 applied to what a scenario leaves out.
const (
	DefaultOTPLength      = 6
	DefaultOTPTTL         = 5 * time.Minute
	DefaultOTPMaxAttempts = 3
	DefaultSettleAfter    = time.Minute
	MaxGenerated          = 1_000_000
)

// DefaultClients are the five catalogue keys, used when a scenario names no clients.
var DefaultClients = []Client{
	{APIKey: "edoc_test_active_0000000000000000000000000000000", Name: "Active", Subscription: SubActive},
	{APIKey: "edoc_test_expired_000000000000000000000000000000", Name: "Expired", Subscription: SubExpired},
	{APIKey: "edoc_test_notstarted_000000000000000000000000000", Name: "Not started", Subscription: SubNotStarted},
	{APIKey: "edoc_test_nosubscription_0000000000000000000000", Name: "No subscription", Subscription: SubNone},
	{APIKey: "edoc_test_noaccess_00000000000000000000000000000", Name: "No access", Subscription: SubNoAccess},
}

// DefaultEgov are the catalogue's gateway credentials.
var DefaultEgov = Egov{APIKey: "egov_test_api_key", SenderID: "test-sender", Password: "test-password", SenderCode: "TEST_SENDER", SOAPFaultStatus: SOAPFaultFacade}

func at(path ...any) []any { return path }

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func (v *validator) scenario(s *Scenario) {
	if strings.TrimSpace(s.Name) == "" {
		v.addf(at("name"), "name is required")
	}
	if s.Citizens == nil && s.Population == nil {
		v.addf(at("citizens"), "citizens is required (a list of people, or add population.generate)")
	}
	v.otp(&s.OTP)
	v.clients(s)
	v.dialect(&s.Edoc.Dialect)
	v.latency(&s.Latency)
	switch s.Egov.SOAPFaultStatus {
	case "":
		s.Egov.SOAPFaultStatus = SOAPFaultFacade
	case SOAPFaultFacade, SOAPFaultWSI:
	default:
		v.addf(at("egov", "soap_fault_status"), "egov.soap_fault_status %q: %s", s.Egov.SOAPFaultStatus, wantOne(s.Egov.SOAPFaultStatus, SOAPFaultStatuses))
	}
	creds := s.Egov
	creds.RequireSignature, creds.SOAPFaultStatus = false, "" // not credentials: given alone, the catalogue's credentials stay
	if creds == (Egov{}) {
		sig, st := s.Egov.RequireSignature, s.Egov.SOAPFaultStatus
		s.Egov = DefaultEgov
		s.Egov.RequireSignature, s.Egov.SOAPFaultStatus = sig, st
	} else {
		for name, val := range map[string]string{"api_key": s.Egov.APIKey, "sender_id": s.Egov.SenderID, "password": s.Egov.Password, "sender_code": s.Egov.SenderCode} {
			if val == "" {
				v.addf(at("egov", name), "egov.%s is required when egov is given", name)
			}
		}
	}
	schools := map[string]bool{}
	for i := range s.Schools {
		sc := &s.Schools[i]
		p := at("schools", i)
		if !kz.ValidBIN(sc.BIN) {
			v.addf(append(p, "bin"), "school bin %q is not a valid BIN", sc.BIN)
		}
		if schools[sc.BIN] {
			v.addf(append(p, "bin"), "school bin %q appears twice", sc.BIN)
		}
		schools[sc.BIN] = true
		if sc.NameRu == "" || sc.NedbID == "" || sc.LocationCode == "" {
			v.addf(p, "a school needs nedb_id, name_ru and location_code")
		}
		if sc.NameKk == "" {
			sc.NameKk = sc.NameRu
		}
	}
	v.citizens(s, schools)
	entities := map[string]bool{}
	for i := range s.Entities {
		e := &s.Entities[i]
		p := at("entities", i)
		if !kz.ValidBIN(e.BIN) {
			v.addf(append(p, "bin"), "entity bin %q is not a valid BIN", e.BIN)
		}
		if entities[e.BIN] {
			v.addf(append(p, "bin"), "entity bin %q appears twice", e.BIN)
		}
		entities[e.BIN] = true
		if e.Name == "" {
			v.addf(p, "entity %s needs a name", e.BIN)
		}
		v.amount(append(p, "tax_arrears"), e.TaxArrears, false)
		v.debts(append(p, "enforcement_debts"), e.EnforcementDebts)
		v.upcoming(append(p, "upcoming_taxes"), e.UpcomingTaxes)
	}
	switch s.Payments.Outcome {
	case "":
		s.Payments.Outcome = "paid"
	case "paid", "failed":
	default:
		v.addf(at("payments", "outcome"), "payments.outcome %q: %s", s.Payments.Outcome, wantOne(s.Payments.Outcome, PaymentOutcomes))
	}
	if s.Payments.SettleAfter.Duration == 0 {
		s.Payments.SettleAfter.Duration = DefaultSettleAfter
	}
	if g := s.Population; g != nil {
		if g.Generate < 0 || g.Generate > MaxGenerated {
			v.addf(at("population", "generate"), "population.generate must be between 0 and %d", MaxGenerated)
		}
	}
	lim := &s.Limits
	for name, n := range map[string]int{"sessions": lim.Sessions, "sms": lim.SMS, "journal": lim.Journal, "payments": lim.Payments} {
		if n < 0 || n > 10_000_000 {
			v.addf(at("limits", name), "limits.%s must be between 1 and 10000000 (0 or absent: the default)", name)
		}
	}
	for i := range s.Faults {
		v.fault(s, i)
	}
}

func (v *validator) otp(o *OTP) {
	if o.Length == 0 {
		o.Length = DefaultOTPLength
		if o.Fixed != "" {
			o.Length = len(o.Fixed)
		}
	}
	if o.Length < 4 || o.Length > 10 {
		v.addf(at("otp", "length"), "otp.length must be between 4 and 10")
	}
	if o.TTL.Duration == 0 {
		o.TTL.Duration = DefaultOTPTTL
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultOTPMaxAttempts
	}
	if o.MaxAttempts < 1 || o.MaxAttempts > 100 {
		v.addf(at("otp", "max_attempts"), "otp.max_attempts must be between 1 and 100")
	}
	if o.Fixed != "" {
		if len(o.Fixed) != o.Length || strings.Trim(o.Fixed, "0123456789") != "" {
			v.addf(at("otp", "fixed"), "otp.fixed %q must be %d digits (otp.length)", o.Fixed, o.Length)
		}
	}
}

func (v *validator) clients(s *Scenario) {
	if s.Edoc.Clients == nil {
		s.Edoc.Clients = append([]Client(nil), DefaultClients...)
		return
	}
	seen := map[string]bool{}
	for i, c := range s.Edoc.Clients {
		p := at("edoc", "clients", i)
		if c.APIKey == "" {
			v.addf(append(p, "api_key"), "api_key is required")
		}
		if seen[c.APIKey] {
			v.addf(append(p, "api_key"), "api_key %q appears twice", c.APIKey)
		}
		seen[c.APIKey] = true
		switch c.Subscription {
		case SubActive, SubExpired, SubNotStarted, SubNone, SubNoAccess:
		default:
			v.addf(append(p, "subscription"), "subscription %q: %s", c.Subscription, wantOne(c.Subscription, Subscriptions))
		}
	}
}

func (v *validator) citizens(s *Scenario, schools map[string]bool) {
	index := map[string]int{}
	for i := range s.Citizens {
		c := &s.Citizens[i]
		p := at("citizens", i)
		iin, err := kz.ParseIIN(c.IIN)
		if err != nil {
			v.addf(append(p, "iin"), "iin %q is not a valid IIN: %v", c.IIN, err)
		} else {
			if j, dup := index[c.IIN]; dup {
				v.addf(append(p, "iin"), "iin %s appears twice (also citizen #%d)", c.IIN, j+1)
			}
			index[c.IIN] = i
			born := iin.BirthDate.Format(time.DateOnly)
			if c.BirthDate == "" {
				c.BirthDate = born
			} else if c.BirthDate != born {
				v.addf(append(p, "birth_date"), "birth_date %s contradicts IIN %s (born %s)", c.BirthDate, c.IIN, born)
			}
			switch c.Gender {
			case "":
				c.Gender = iin.Gender
			case kz.Male, kz.Female:
				if c.Gender != iin.Gender {
					v.addf(append(p, "gender"), "gender %q contradicts IIN %s (%s)", c.Gender, c.IIN, iin.Gender)
				}
			}
		}
		if c.Gender != "" && c.Gender != kz.Male && c.Gender != kz.Female {
			v.addf(append(p, "gender"), "gender: must be male or female")
		}
		if strings.TrimSpace(c.Surname) == "" || strings.TrimSpace(c.Name) == "" {
			v.addf(p, "citizen %s needs surname and name", c.IIN)
		}
		// The holder's names are printed on the PDF and the document image.
		for key, val := range map[string]string{"surname": c.Surname, "name": c.Name, "patronymic": c.Patronymic} {
			if err := artifact.TextCarries(val); err != nil {
				v.addf(append(p, key), "%s %q cannot be printed on the document: %v", key, val, err)
			}
		}
		if c.Phone != "" {
			n, err := kz.NormalizePhone(c.Phone)
			if err != nil {
				v.addf(append(p, "phone"), "phone %q is not a Kazakhstan mobile number (+77XXXXXXXXX)", c.Phone)
			}
			c.Phone = n
		}
		for slug, fields := range c.Documents {
			for k, val := range fields { // YAML reads an unquoted 2020-01-01 as a timestamp
				if tm, ok := val.(time.Time); ok {
					fields[k] = tm.Format(time.DateOnly)
				}
			}
			if _, ok := document.Lookup(slug); !ok {
				v.addf(append(p, "documents", slug), "unknown document type %q%s", slug, oneOf(slug, document.Slugs()))
			}
			if n, ok := fields[document.FieldNumber]; ok {
				np := append(p, "documents", slug, document.FieldNumber)
				if s, isStr := n.(string); !isStr || strings.TrimSpace(s) == "" || len(s) > MaxNumber {
					v.addf(np, "document number must be a non-empty quoted string of at most %d characters", MaxNumber)
				} else {
					v.number(np, s)
				}
			}
			for _, k := range []string{document.FieldIssuedDate, document.FieldExpiration} {
				if d, ok := fields[k]; ok && !validDate(fmt.Sprint(d)) {
					v.addf(append(p, "documents", slug, k), "%s %v is not a date (YYYY-MM-DD)", k, d)
				}
			}
		}
		if c.AllDocs {
			if c.Documents == nil {
				c.Documents = map[string]map[string]any{}
			}
			for _, slug := range document.Slugs() {
				if _, ok := c.Documents[slug]; !ok {
					c.Documents[slug] = nil
				}
			}
		}
		if c.MarriageDate != "" && !validDate(c.MarriageDate) {
			v.addf(append(p, "marriage_date"), "marriage_date %q is not a date (YYYY-MM-DD)", c.MarriageDate)
		}
		if c.MarriageDate != "" && c.Spouse == "" {
			v.addf(append(p, "marriage_date"), "marriage_date without spouse")
		}
		for j, pr := range c.Property {
			pp := append(p, "property", j)
			if pr.CadastralNumber == "" || pr.Type == "" || pr.Address == "" {
				v.addf(pp, "property needs cadastral_number, type, address and a positive area")
			}
			v.amount(append(pp, "area"), pr.Area, true)
			if pr.Share == "" {
				c.Property[j].Share = "1/1"
			}
			if pr.RegistrationDate != "" && !validDate(pr.RegistrationDate) {
				v.addf(append(pp, "registration_date"), "registration_date %q is not a date", pr.RegistrationDate)
			}
		}
		v.debts(append(p, "enforcement_debts"), c.EnforcementDebts)
		v.amount(append(p, "tax_arrears"), c.TaxArrears, false)
		v.upcoming(append(p, "upcoming_taxes"), c.UpcomingTaxes)
		if c.School != nil {
			if !schools[c.School.BIN] {
				v.addf(append(p, "school", "bin"), "school bin %q is not among the scenario's schools", c.School.BIN)
			}
			if c.School.Grade < 0 || c.School.Grade > 12 {
				v.addf(append(p, "school", "grade"), "grade must be between 0 and 12")
			}
			if c.School.EnrolledDate != "" && !validDate(c.School.EnrolledDate) {
				v.addf(append(p, "school", "enrolled_date"), "enrolled_date %q is not a date", c.School.EnrolledDate)
			}
		}
	}
	// Family links name citizens and agree both ways; a link given on one side only is completed.
	// A child has at most a father and a mother: the birth certificate and GBDFL name one of each.
	type parent struct {
		citizen, entry int
	}
	parents := map[string][]parent{}
	for i := range s.Citizens {
		c := &s.Citizens[i]
		p := at("citizens", i)
		if c.Spouse != "" {
			j, ok := index[c.Spouse]
			switch {
			case !ok:
				v.addf(append(p, "spouse"), "spouse %s is not a citizen of this scenario", c.Spouse)
			case c.Spouse == c.IIN:
				v.addf(append(p, "spouse"), "a citizen cannot be their own spouse")
			default:
				o := &s.Citizens[j]
				if o.Spouse == "" {
					o.Spouse = c.IIN
				} else if o.Spouse != c.IIN {
					v.addf(append(p, "spouse"), "spouse %s is married to %s", c.Spouse, o.Spouse)
				}
				if o.MarriageDate == "" {
					o.MarriageDate = c.MarriageDate
				} else if c.MarriageDate == "" {
					c.MarriageDate = o.MarriageDate
				} else if c.MarriageDate != o.MarriageDate {
					v.addf(append(p, "marriage_date"), "marriage_date differs from the spouse's (%s)", o.MarriageDate)
				}
			}
		}
		for k, child := range c.Children {
			j, ok := index[child]
			if !ok {
				v.addf(append(p, "children", k), "child %s is not a citizen of this scenario", child)
				continue
			}
			if child == c.IIN {
				v.addf(append(p, "children", k), "a citizen cannot be their own child")
				continue
			}
			if s.Citizens[j].BirthDate <= c.BirthDate {
				v.addf(append(p, "children", k), "child %s is not younger than the parent", child)
			}
			for _, o := range parents[child] {
				switch {
				case o.citizen == i:
					v.addf(append(p, "children", k), "child %s is listed twice", child)
				case len(parents[child]) >= 2:
					v.addf(append(p, "children", k), "child %s already has two parents", child)
				case s.Citizens[o.citizen].Gender != "" && s.Citizens[o.citizen].Gender == c.Gender:
					v.addf(append(p, "children", k), "child %s already has a %s parent (%s): a birth certificate names one father and one mother", child, c.Gender, s.Citizens[o.citizen].IIN)
				default:
					continue
				}
				break
			}
			parents[child] = append(parents[child], parent{i, k})
		}
		for k, d := range c.Divorces {
			dp := append(p, "divorces", k)
			if _, ok := index[d.Spouse]; !ok || d.Spouse == c.IIN {
				v.addf(append(dp, "spouse"), "former spouse %s is not another citizen of this scenario", d.Spouse)
			}
			for name, val := range map[string]string{"marriage_date": d.MarriageDate, "divorce_date": d.DivorceDate} {
				if val != "" && !validDate(val) {
					v.addf(append(dp, name), "%s %q is not a date", name, val)
				}
			}
			if d.MarriageDate != "" && d.DivorceDate != "" && d.DivorceDate < d.MarriageDate {
				v.addf(dp, "divorce_date is before marriage_date")
			}
		}
	}
}

func (v *validator) debts(p []any, debts []Debt) {
	for j, d := range debts {
		v.amount(append(p, j, "recovery_amount"), d.RecoveryAmount, true)
		v.amount(append(p, j, "exec_proc"), d.ExecProc, false)
	}
}

func (v *validator) upcoming(p []any, taxes []UpcomingTax) {
	for j, t := range taxes {
		switch t.Kind {
		case "property", "land", "transport":
		default:
			v.addf(append(p, j, "kind"), "upcoming tax kind %q: %s", t.Kind, wantOne(t.Kind, UpcomingTaxKinds))
		}
		v.amount(append(p, j, "amount"), t.Amount, true)
		if t.DueDate != "" && !validDate(t.DueDate) {
			v.addf(append(p, j, "due_date"), "due_date %q is not a date", t.DueDate)
		}
	}
}

func (v *validator) fault(s *Scenario, i int) {
	f := &s.Faults[i]
	p := at("faults", i)
	f.Line = v.line(p...)
	w := f.When
	switch w.Service {
	case ServiceEdoc:
		if w.Operation != "" && w.Operation != upstream.EdocRequest && w.Operation != upstream.EdocApprove {
			v.addf(append(p, "when", "operation"), "edoc operation %q: %s", w.Operation, wantOne(w.Operation, edocOperations))
		}
		if f.Error != "" {
			if _, ok := upstream.EdocByName(f.Error); !ok {
				v.addf(append(p, "error"), "unknown E-Document error %q%s", f.Error, known(f.Error, EdocErrorNames()))
			}
		}
	case ServiceEgov:
		if w.Operation != "" && !upstream.IsEgovOperation(w.Operation) {
			v.addf(append(p, "when", "operation"), "unknown gateway operation %q%s", w.Operation, known(w.Operation, upstream.EgovOperations))
		}
		if w.DocumentType != "" || w.APIKey != "" {
			v.addf(append(p, "when"), "document_type and api_key select E-Document requests only")
		}
		if f.Error != "" {
			if _, ok := upstream.EgovByName(f.Error); !ok {
				v.addf(append(p, "error"), "unknown gateway error %q%s", f.Error, known(f.Error, EgovErrorNames()))
			}
		}
		if f.SOAPFault != "" {
			if _, ok := upstream.SyncChannelByCode(f.SOAPFault); !ok {
				v.addf(append(p, "soap_fault"), "unknown SyncChannel fault code %q%s", f.SOAPFault, known(f.SOAPFault, SOAPFaultCodes()))
			}
		}
	case "":
		v.addf(append(p, "when"), "when.service is required: edoc or egov")
	default:
		v.addf(append(p, "when", "service"), "service %q: %s", w.Service, wantOne(w.Service, Services))
	}
	if w.IIN != "" && !kz.ValidIINOrBIN(w.IIN) {
		v.addf(append(p, "when", "iin"), "iin %q is not a valid IIN or BIN", w.IIN)
	}
	if w.DocumentType != "" {
		if _, ok := document.Lookup(w.DocumentType); !ok {
			v.addf(append(p, "when", "document_type"), "unknown document type %q%s", w.DocumentType, oneOf(w.DocumentType, document.Slugs()))
		}
	}
	if f.SOAPFault != "" && w.Service != ServiceEgov {
		v.addf(append(p, "soap_fault"), "soap_fault is a gateway (egov) fault: the SyncChannel is the gateway's SOAP channel")
	}
	actions := 0
	if f.Error != "" {
		actions++
	}
	if f.SOAPFault != "" {
		actions++
	}
	if f.Status != 0 {
		actions++
		if f.Status < 200 || f.Status > 599 {
			v.addf(append(p, "status"), "status %d is not an HTTP status (200–599)", f.Status)
		}
	}
	if f.Body != nil && f.Status == 0 {
		v.addf(append(p, "body"), "body needs status")
	}
	switch f.Transport {
	case "":
	case TransportReset, TransportHang, TransportMalformed, TransportTruncated:
		actions++
	default:
		v.addf(append(p, "transport"), "transport %q: %s", f.Transport, wantOne(f.Transport, Transports))
		actions++ // named, if wrongly: "needs an action" would be a second word for the same slip
	}
	if actions > 1 {
		v.addf(p, "a fault takes one of error, soap_fault, status or transport, not several")
	}
	if actions == 0 && f.Delay.IsZero() && !v.isUndecoded(pathKey(append(p, "delay"))) {
		v.addf(p, "a fault needs error, soap_fault, status, transport or delay")
	}
	if f.Times < 0 {
		v.addf(append(p, "times"), "times must not be negative")
	}
	if f.Probability != nil && !(*f.Probability >= 0 && *f.Probability <= 1) { // NaN too
		v.addf(append(p, "probability"), "probability must be between 0 and 1")
	}
}

// EdocErrorNames are the E-Document errors a fault may name, in the table's order.
func EdocErrorNames() []string {
	names := make([]string, len(upstream.EdocErrors))
	for i, e := range upstream.EdocErrors {
		names[i] = e.Name
	}
	return names
}

// EgovErrorNames are the gateway errors a fault may name.
func EgovErrorNames() []string {
	names := make([]string, len(upstream.EgovFaults))
	for i, e := range upstream.EgovFaults {
		names[i] = e.Name
	}
	return names
}

// SOAPFaultCodes are the SyncChannel fault codes a fault's soap_fault may name.
func SOAPFaultCodes() []string {
	codes := make([]string, len(upstream.SyncChannelFaults))
	for i, f := range upstream.SyncChannelFaults {
		codes[i] = f.Code
	}
	return codes
}

// Services are the two simulated upstreams, and Transports the transport failures a fault may name.
var (
	Services   = []string{ServiceEdoc, ServiceEgov}
	Transports = []string{TransportReset, TransportHang, TransportMalformed, TransportTruncated}
	// Subscriptions are a client's possible states.
	Subscriptions = []string{SubActive, SubExpired, SubNotStarted, SubNone, SubNoAccess}
	// UpcomingTaxKinds and PaymentOutcomes are the remaining closed lists of values.
	UpcomingTaxKinds = []string{"property", "land", "transport"}
	PaymentOutcomes  = []string{"paid", "failed"}

	edocOperations = []string{upstream.EdocRequest, upstream.EdocApprove}
)

// Operations are every operation name a fault or a latency may name: E-Document's two, then the
// gateway's eleven.
func Operations() []string {
	return append(append([]string(nil), edocOperations...), upstream.EgovOperations...)
}

// serviceOf is the service an operation belongs to, "" for none.
func serviceOf(operation string) string {
	switch {
	case operation == upstream.EdocRequest || operation == upstream.EdocApprove:
		return ServiceEdoc
	case upstream.IsEgovOperation(operation):
		return ServiceEgov
	}
	return ""
}

// wantOne names the values s may take, "want a, b or c", and the nearest of them when s is a slip.
func wantOne(s string, names []string) string { return "want " + orList(names) + didYouMean(s, names) }

// orList is "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// known suggests the nearest name, or else lists them all.
func known(s string, names []string) string {
	if hint := didYouMean(s, names); hint != "" {
		return hint
	}
	return " (known: " + strings.Join(names, ", ") + ")"
}

// oneOf is known for a long list: the suggestion, or else the list.
func oneOf(s string, names []string) string {
	if hint := didYouMean(s, names); hint != "" {
		return hint
	}
	return " (one of: " + strings.Join(names, ", ") + ")"
}
