package scenarios

import (
	"time"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/kz"
)

// Scenario is one loaded and validated YAML file (docs/behaviour.md §4). Fields keep the YAML names; the loader
// fills defaults, normalises phones and parses durations, so consumers never re-parse.
type Scenario struct {
	Name        string    `yaml:"name"`
	Description string    `yaml:"description,omitempty"`
	OTP         OTP       `yaml:"otp,omitempty"`
	Edoc        Edoc      `yaml:"edoc,omitempty"`
	Egov        Egov      `yaml:"egov,omitempty"`
	Citizens    []Citizen `yaml:"citizens"`
	Entities    []Entity  `yaml:"entities,omitempty"`
	Schools     []School  `yaml:"schools,omitempty"`
	Payments    Payments  `yaml:"payments,omitempty"`
	Population  *Generate `yaml:"population,omitempty"`
	Faults      []Fault   `yaml:"faults,omitempty"`
	Latency     Latency   `yaml:"latency,omitempty"`
	Limits      Limits    `yaml:"limits,omitempty"`
	Source      []byte    `yaml:"-"` // the YAML as given
	File        string    `yaml:"-"` // where it came from, for messages
}

// OTP configures the one-time codes.
type OTP struct {
	Length      int      `yaml:"length,omitempty"`       // default 6
	TTL         Duration `yaml:"ttl,omitempty"`          // default 5m: a session's life
	MaxAttempts int      `yaml:"max_attempts,omitempty"` // default 3 wrong codes, then the session locks
	Fixed       string   `yaml:"fixed,omitempty"`        // pins every code
}

// Edoc configures the E-Document clients and the forms its answers take.
type Edoc struct {
	Clients []Client `yaml:"clients,omitempty"`
	Dialect Dialect  `yaml:"dialect,omitempty"`
}

// Dialect selects between forms of the E-Document answer seen in the wild (docs/behaviour.md §2.2, EVIDENCE.md);
// the loader fills the defaults, so consumers read both fields as given.
type Dialect struct {
	// Dates is how result_json writes dates: epoch_ms (default), epoch_s or iso (YYYY-MM-DD).
	Dates string `yaml:"dates,omitempty"`
	// CMDBText is the base's name in "Subject not found in CMDB": CMDB (default, the Russian
	// document) or MCDB (the English guide).
	CMDBText string `yaml:"cmdb_text,omitempty"`
}

// Dialect values and defaults.
const (
	DefaultDates    = string(document.EpochMS)
	CMDBText        = "CMDB"
	MCDBText        = "MCDB"
	DefaultCMDBText = CMDBText
)

// CMDBTexts are the allowed cmdb_text values.
var CMDBTexts = []string{CMDBText, MCDBText}

// Subscription states of an E-Document client.
const (
	SubActive     = "active"
	SubExpired    = "expired"
	SubNotStarted = "not_started"
	SubNone       = "none"
	SubNoAccess   = "no_access"
)

// Client is an organisation holding an E-Document API key.
type Client struct {
	APIKey       string `yaml:"api_key"`
	Name         string `yaml:"name,omitempty"`
	Subscription string `yaml:"subscription"`
}

// Egov holds the gateway credentials.
type Egov struct {
	APIKey     string `yaml:"api_key,omitempty"`
	SenderID   string `yaml:"sender_id,omitempty"`
	Password   string `yaml:"password,omitempty"`
	SenderCode string `yaml:"sender_code,omitempty"`
	// RequireSignature makes a SyncChannel (SOAP) call without a ds:Signature in its wsse:Security
	// header a SCE005 fault; the signature is never verified (docs/behaviour.md §3.1).
	RequireSignature bool `yaml:"require_signature,omitempty"`
	// SOAPFaultStatus is the HTTP status of a SyncChannel fault: facade (default: the status the
	// JSON facade gives the same refusal) or wsi (500 for every fault, as SOAP 1.1 §6.2 and the
	// WS-I Basic Profile R1126 have it) (docs/behaviour.md §3.1).
	SOAPFaultStatus string `yaml:"soap_fault_status,omitempty"`
}

// The dialects of egov.soap_fault_status.
const (
	SOAPFaultFacade = "facade"
	SOAPFaultWSI    = "wsi"
)

// SOAPFaultStatuses are the values egov.soap_fault_status takes.
var SOAPFaultStatuses = []string{SOAPFaultFacade, SOAPFaultWSI}

// Citizen is one person of the scenario. Gateway data is optional.
type Citizen struct {
	IIN         string                    `yaml:"iin"`
	Surname     string                    `yaml:"surname"`
	Name        string                    `yaml:"name"`
	Patronymic  string                    `yaml:"patronymic,omitempty"`
	BirthDate   string                    `yaml:"birth_date,omitempty"` // YYYY-MM-DD; default from the IIN
	Gender      kz.Gender                 `yaml:"gender,omitempty"`     // male | female; default from the IIN
	Phone       string                    `yaml:"phone,omitempty"`      // normal form 77XXXXXXXXX after loading; "" = not in CMDB
	Profile     *bool                     `yaml:"profile,omitempty"`    // default true
	Documents   map[string]map[string]any `yaml:"documents,omitempty"`  // type -> overriding fields
	AllDocs     bool                      `yaml:"all_documents,omitempty"`
	EdocFailure string                    `yaml:"edoc_failure,omitempty"`

	Spouse           string        `yaml:"spouse,omitempty"`        // IIN of the current spouse (a citizen)
	MarriageDate     string        `yaml:"marriage_date,omitempty"` // YYYY-MM-DD; generated when absent
	Children         []string      `yaml:"children,omitempty"`      // IINs of children (citizens)
	Divorces         []Divorce     `yaml:"divorces,omitempty"`
	Property         []Property    `yaml:"property,omitempty"`
	EnforcementDebts []Debt        `yaml:"enforcement_debts,omitempty"`
	TaxArrears       float64       `yaml:"tax_arrears,omitempty"`
	UpcomingTaxes    []UpcomingTax `yaml:"upcoming_taxes,omitempty"`
	School           *Enrolment    `yaml:"school,omitempty"`
}

// HasProfile is the profile flag with its default.
func (c *Citizen) HasProfile() bool { return c.Profile == nil || *c.Profile }

// Divorce is a dissolved marriage with another citizen.
type Divorce struct {
	Spouse       string `yaml:"spouse"`
	MarriageDate string `yaml:"marriage_date,omitempty"`
	DivorceDate  string `yaml:"divorce_date,omitempty"`
}

// Property is a GBDRN real-estate record.
type Property struct {
	CadastralNumber  string  `yaml:"cadastral_number"`
	Type             string  `yaml:"type"`
	Address          string  `yaml:"address"`
	Area             float64 `yaml:"area"`
	Share            string  `yaml:"share,omitempty"` // default "1/1"
	RegistrationDate string  `yaml:"registration_date,omitempty"`
}

// Debt is an enforcement proceeding (checkDebtorByIINBIN).
type Debt struct {
	RecoveryAmount float64 `yaml:"recovery_amount"`
	ExecProc       float64 `yaml:"exec_proc,omitempty"`
	Category       string  `yaml:"category,omitempty"` // default "Исполнительный лист"
}

// UpcomingTax is one upcoming payment (citsUpcPays).
type UpcomingTax struct {
	Kind    string  `yaml:"kind"` // property | land | transport
	Amount  float64 `yaml:"amount"`
	DueDate string  `yaml:"due_date,omitempty"`
}

// Enrolment places a person in a school of the scenario (NEDB).
type Enrolment struct {
	BIN          string `yaml:"bin"`
	Grade        int    `yaml:"grade"`
	EnrolledDate string `yaml:"enrolled_date,omitempty"`
}

// Entity is a legal entity (BIN) for the debtor and tax operations.
type Entity struct {
	BIN              string        `yaml:"bin"`
	Name             string        `yaml:"name"`
	TaxArrears       float64       `yaml:"tax_arrears,omitempty"`
	EnforcementDebts []Debt        `yaml:"enforcement_debts,omitempty"`
	UpcomingTaxes    []UpcomingTax `yaml:"upcoming_taxes,omitempty"`
}

// School is an NEDB school at a location code.
type School struct {
	BIN          string `yaml:"bin"`
	NedbID       string `yaml:"nedb_id"`
	NameRu       string `yaml:"name_ru"`
	NameKk       string `yaml:"name_kk"`
	LocationCode string `yaml:"location_code"`
}

// Payments decides how payments settle on the simulator's clock.
type Payments struct {
	SettleAfter Duration `yaml:"settle_after,omitempty"` // default 1m
	Outcome     string   `yaml:"outcome,omitempty"`      // paid (default) | failed
}

// Generate asks for N deterministic synthetic people on top of the citizens.
type Generate struct {
	Generate int    `yaml:"generate"`
	Seed     uint64 `yaml:"seed,omitempty"`
}

// Limits bounds the simulators' stores (defaults apply when zero).
type Limits struct {
	Sessions int `yaml:"sessions,omitempty"`
	SMS      int `yaml:"sms,omitempty"`
	Journal  int `yaml:"journal,omitempty"`
	Payments int `yaml:"payments,omitempty"`
}

// Services and transport failures a fault may name.
const (
	ServiceEdoc = "edoc"
	ServiceEgov = "egov"

	TransportReset     = "reset"
	TransportHang      = "hang"
	TransportMalformed = "malformed"
	TransportTruncated = "truncated"
)

// Fault injects a failure when its `when` matches a request.
type Fault struct {
	When        When     `yaml:"when"`
	Error       string   `yaml:"error,omitempty"`
	Status      int      `yaml:"status,omitempty"`
	Body        any      `yaml:"body,omitempty"`
	Transport   string   `yaml:"transport,omitempty"`
	SOAPFault   string   `yaml:"soap_fault,omitempty"`  // egov: a SyncChannel fault code, on SOAP calls only
	Times       int      `yaml:"times,omitempty"`       // 0 = every match
	Probability *float64 `yaml:"probability,omitempty"` // default 1
	Delay       Delay    `yaml:"delay,omitempty"`
	Line        int      `yaml:"-"` // where it stands in the file
}

// When selects requests; an empty field matches anything.
type When struct {
	Service      string `yaml:"service"`
	Operation    string `yaml:"operation,omitempty"` // edoc: request | approve; egov: operation name
	IIN          string `yaml:"iin,omitempty"`       // egov: iin, iinBin or iinOrBin
	DocumentType string `yaml:"document_type,omitempty"`
	APIKey       string `yaml:"api_key,omitempty"`
}

// Latency delays every call of a service or of one operation, whether a fault fires or not (a
// fault's own delay comes on top, and only when it fires). An operation's entry overrides its
// service's. Operation names are those of fault `when.operation`: request, approve, and the
// gateway's eleven.
type Latency struct {
	Edoc       Delay            `yaml:"edoc,omitempty"`
	Egov       Delay            `yaml:"egov,omitempty"`
	Operations map[string]Delay `yaml:"operations,omitempty"`
}

// LatencyFor is the delay every call of this service's operation takes before it is answered;
// zero when the scenario sets none. operation may be "" (a call that names no known operation).
func (s *Scenario) LatencyFor(service, operation string) Delay {
	if d, ok := s.Latency.Operations[operation]; ok && operation != "" && serviceOf(operation) == service {
		return d
	}
	switch service {
	case ServiceEdoc:
		return s.Latency.Edoc
	case ServiceEgov:
		return s.Latency.Egov
	}
	return Delay{}
}

// Duration is a time.Duration written as "5m" in YAML.
type Duration struct{ time.Duration }

// Delay is a fixed duration or a min..max range.
type Delay struct {
	Min, Max time.Duration
}

// IsZero reports whether no delay is set.
func (d Delay) IsZero() bool { return d.Max == 0 }
