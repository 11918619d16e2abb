package egov

import (
	"context"
	"time"
)

// Status is the gateway's status of an answer: SCSS001 "Success" (NEDBSyncSchoolData: "01" "Data available").
type Status struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ResponseInfo heads every answer but checkDebtorByIINBIN's.
type ResponseInfo struct {
	MessageID     string    `json:"messageId"`     // new for each answer
	CorrelationID string    `json:"correlationId"` // the request's messageId
	ResponseDate  time.Time `json:"responseDate"`
	Status        Status    `json:"status"`
}

// CodeName is a coded value with its Russian name, and for GBDFL dictionaries its Kazakh one.
type CodeName struct {
	Code   string `json:"code"`
	NameRu string `json:"nameRu"`
	NameKz string `json:"nameKz,omitempty"` // GBDFL's spelling; "" where the answer has none
}

// ---- gbdflUniversalServiceSync

// PersonQuery selects people in GBDFL: IIN, or Surname + Name + BirthDate (Patronymic narrows), or
// DocumentNumber. Every criterion given must match.
type PersonQuery struct {
	IIN            string
	Surname        string
	Name           string
	Patronymic     string
	BirthDate      string // YYYY-MM-DD
	DocumentNumber string
}

// Person is a GBDFL record. Dates are YYYY-MM-DD strings, as the gateway sends them.
type Person struct {
	IIN          string             `json:"iin"`
	Surname      string             `json:"surname"`
	Name         string             `json:"name"`
	Patronymic   string             `json:"patronymic"` // "" when the person has none
	BirthDate    string             `json:"birthDate"`
	Gender       CodeName           `json:"gender"` // "1" male, "2" female
	Citizenship  CodeName           `json:"citizenship"`
	Nationality  CodeName           `json:"nationality"` // e.g. "005"
	LifeStatus   CodeName           `json:"lifeStatus"`  // "0" Нормальный
	BirthPlace   Place              `json:"birthPlace"`
	RegAddress   Address            `json:"regAddress"`
	EngFirstName string             `json:"engFirstName"`
	EngSurname   string             `json:"engSurname"`
	Documents    []IdentityDocument `json:"documents"`
}

// Place is a GBDFL place of birth.
type Place struct {
	Country  CodeName `json:"country"`
	Region   CodeName `json:"region"`
	District CodeName `json:"district"`
	City     string   `json:"city"`
}

// Address is the registered address (regAddress).
type Address struct {
	Country   CodeName `json:"country"`
	Region    CodeName `json:"region"`
	District  CodeName `json:"district"`
	City      string   `json:"city"`
	Street    string   `json:"street"`
	Building  string   `json:"building"`
	Flat      string   `json:"flat"`      // "" when the answer has none
	BeginDate string   `json:"beginDate"` // YYYY-MM-DD, registered here since
	Status    CodeName `json:"status"`
}

// Life status codes of GBDFL.
const LifeStatusNormal = "0"

// IdentityDocument is an identity card (type "002") or passport ("001") as GBDFL lists it.
type IdentityDocument struct {
	Type              CodeName `json:"type"`
	Number            string   `json:"number"`
	BeginDate         string   `json:"beginDate"`
	EndDate           string   `json:"endDate"`
	IssueOrganization CodeName `json:"issueOrganization"` // "002" МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК
	Status            CodeName `json:"status"`            // "00" ДОКУМЕНТ ДЕЙСТВИТЕЛЕН
}

// Document type codes of GBDFL.
const (
	DocPassport     = "001"
	DocIdentityCard = "002"
	// DocStatusValid is the status code of a valid document.
	DocStatusValid = "00"
)

// PersonsResponse is gbdflUniversalServiceSync's answer; Persons is empty when nobody matched.
type PersonsResponse struct {
	Success      bool         `json:"success"`
	ResponseInfo ResponseInfo `json:"responseInfo"`
	Persons      []Person     `json:"persons"`
}

// GBDFL searches the National Database of Individuals.
func (c *Client) GBDFL(ctx context.Context, q PersonQuery) (*PersonsResponse, error) {
	p := map[string]any{}
	set(p, "senderCode", c.cfg.SenderCode)
	set(p, "iin", q.IIN)
	set(p, "surname", q.Surname)
	set(p, "name", q.Name)
	set(p, "patronymic", q.Patronymic)
	set(p, "birthDate", q.BirthDate)
	set(p, "documentNumber", q.DocumentNumber)
	return do[PersonsResponse](ctx, c, OpGBDFL, p)
}

// ---- familyInfoServiceSync, zagsFindMarriageSync

// BirthInfo is a ZAGS birth record. FatherIIN and MotherIIN are "" when not recorded.
type BirthInfo struct {
	ChildIIN        string `json:"childIin"`
	ChildSurname    string `json:"childSurname"`
	ChildName       string `json:"childName"`
	ChildPatronymic string `json:"childPatronymic"`
	ChildBirthDate  string `json:"childBirthDate"`
	FatherIIN       string `json:"fatherIin"`
	MotherIIN       string `json:"motherIin"`
	ActNumber       string `json:"actNumber"`
	ActDate         string `json:"actDate"`
	ZagsNameRu      string `json:"zagsNameRu"`
}

// MarriageInfo is a ZAGS marriage record.
type MarriageInfo struct {
	HusbandIIN     string `json:"husbandIin"`
	WifeIIN        string `json:"wifeIin"`
	HusbandSurname string `json:"husbandSurname"`
	WifeSurname    string `json:"wifeSurname"`
	ActNumber      string `json:"actNumber"`
	MarriageDate   string `json:"marriageDate"`
	ZagsNameRu     string `json:"zagsNameRu"`
}

// DivorceInfo is a ZAGS divorce record.
type DivorceInfo struct {
	HusbandIIN  string `json:"husbandIin"`
	WifeIIN     string `json:"wifeIin"`
	ActNumber   string `json:"actNumber"`
	DivorceDate string `json:"divorceDate"`
	ZagsNameRu  string `json:"zagsNameRu"`
}

// FamilyResponse is familyInfoServiceSync's answer.
type FamilyResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	ServiceData  struct {
		BirthInfos    []BirthInfo    `json:"birthInfos"`
		MarriageInfos []MarriageInfo `json:"marriageInfos"`
		DivorceInfos  []DivorceInfo  `json:"divorceInfos"`
	} `json:"serviceData"`
}

// FamilyInfo returns a person's birth (children's and own), current marriage and divorce records.
func (c *Client) FamilyInfo(ctx context.Context, iin string) (*FamilyResponse, error) {
	return do[FamilyResponse](ctx, c, OpFamilyInfo, c.iinParams(iin))
}

// MarriageResponse is zagsFindMarriageSync's answer.
type MarriageResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	ServiceData  struct {
		MarriageInfos []MarriageInfo `json:"marriageInfos"`
	} `json:"serviceData"`
}

// FindMarriage returns a person's marriage records, current and former.
func (c *Client) FindMarriage(ctx context.Context, iin string) (*MarriageResponse, error) {
	return do[MarriageResponse](ctx, c, OpFindMarriage, c.iinParams(iin))
}

func (c *Client) iinParams(iin string) map[string]any {
	p := map[string]any{"iin": iin}
	set(p, "senderCode", c.cfg.SenderCode)
	return p
}

// ---- NEDBSyncSchoolData, MON_NEDB_UNIVERSAL_SERVICE

// School is an NEDB school.
type School struct {
	BIN    string `json:"bin"`
	NedbID string `json:"nedbId"`
	NameRu string `json:"nameRu"`
	NameKk string `json:"nameKk"`
}

// SchoolsResponse is NEDBSyncSchoolData's answer.
type SchoolsResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	Schools      []School     `json:"schools"`
}

// Schools lists the schools at a location (territory) code.
func (c *Client) Schools(ctx context.Context, locationCode string) (*SchoolsResponse, error) {
	return do[SchoolsResponse](ctx, c, OpSchools, map[string]any{"locationCode": locationCode})
}

// EducationRecord is one enrolment.
type EducationRecord struct {
	BIN          string `json:"bin"`
	NedbID       string `json:"nedbId"`
	NameRu       string `json:"nameRu"`
	NameKk       string `json:"nameKk"`
	Grade        int    `json:"grade"`
	EnrolledDate string `json:"enrolledDate"`
}

// EducationResponse is MON_NEDB_UNIVERSAL_SERVICE's answer.
type EducationResponse struct {
	ResponseInfo  ResponseInfo `json:"responseInfo"`
	EducationInfo struct {
		IIN     string            `json:"iin"`
		Records []EducationRecord `json:"records"`
	} `json:"educationInfo"`
}

// Education returns a person's school enrolments.
func (c *Client) Education(ctx context.Context, iin string) (*EducationResponse, error) {
	return do[EducationResponse](ctx, c, OpEducation, c.iinParams(iin))
}

// ---- checkDebtorByIINBIN

// DebtorRecord is an enforcement proceeding.
type DebtorRecord struct {
	ExecProc       float64 `json:"execProc"`
	DebtorIIN      string  `json:"debtorIin"`
	RecoveryAmount float64 `json:"recoveryAmount"`
	CategoryRu     string  `json:"categoryRu"`
}

// DebtorResponse is checkDebtorByIINBIN's answer, in the document's own shape (no ResponseInfo).
type DebtorResponse struct {
	MessageID string         `json:"messageId"`
	Status    Status         `json:"status"`
	Data      []DebtorRecord `json:"data"`
}

// CheckDebtor lists the enforcement proceedings against a person (IIN) or entity (BIN).
func (c *Client) CheckDebtor(ctx context.Context, iinOrBIN string) (*DebtorResponse, error) {
	return do[DebtorResponse](ctx, c, OpCheckDebtor, map[string]any{"iinOrBin": iinOrBIN})
}

// ---- citsDebts, citsUpcPays

// TaxArrear is the arrears owed to one tax office.
type TaxArrear struct {
	NameRu    string  `json:"nameRu"`
	CharCode  string  `json:"charCode"`
	TaxArrear float64 `json:"taxArrear"`
}

// DebtsResponse is citsDebts' answer.
type DebtsResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	DebtsInfo    struct {
		IINBin           string      `json:"iinBin"`
		TotalArrear      float64     `json:"totalArrear"`
		TotalTaxArrear   float64     `json:"totalTaxArrear"`
		TaxOrganizations []TaxArrear `json:"taxOrganizations"`
	} `json:"debtsInfo"`
}

func (c *Client) citsParams(iinBin string) map[string]any {
	p := map[string]any{"iinBin": iinBin}
	set(p, "digitalSignBaseUrl", c.cfg.DigitalSignBaseURL)
	set(p, "certEnvPrefix", c.cfg.CertEnvPrefix)
	return p
}

// CitsDebts returns the tax arrears of a person or entity.
func (c *Client) CitsDebts(ctx context.Context, iinBin string) (*DebtsResponse, error) {
	return do[DebtsResponse](ctx, c, OpCitsDebts, c.citsParams(iinBin))
}

// UpcomingPayment is one upcoming property, land or transport tax.
type UpcomingPayment struct {
	NameRu   string  `json:"nameRu"`
	CharCode string  `json:"charCode"`
	Kind     string  `json:"kind"`
	Amount   float64 `json:"amount"`
	DueDate  string  `json:"dueDate"`
}

// UpcomingPaymentsResponse is citsUpcPays' answer.
type UpcomingPaymentsResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	TaxData      struct {
		IINBin           string            `json:"iinBin"`
		TotalUpcPays     float64           `json:"totalUpcPays"`
		TaxOrganizations []UpcomingPayment `json:"taxOrganizations"`
	} `json:"taxData"`
}

// CitsUpcomingPayments returns the upcoming tax payments of a person or entity.
func (c *Client) CitsUpcomingPayments(ctx context.Context, iinBin string) (*UpcomingPaymentsResponse, error) {
	return do[UpcomingPaymentsResponse](ctx, c, OpCitsUpcPays, c.citsParams(iinBin))
}

// ---- GbdrnOwnerForRegCitizen

// Property is a GBDRN real-estate record.
type Property struct {
	CadastralNumber  string  `json:"cadastralNumber"`
	Type             string  `json:"type"`
	Address          string  `json:"address"`
	Area             float64 `json:"area"`
	Share            string  `json:"share"`
	RegistrationDate string  `json:"registrationDate"`
}

// PropertyResponse is GbdrnOwnerForRegCitizen's answer.
type PropertyResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	Properties   []Property   `json:"properties"`
}

// PropertyOwner lists the real property a person owns.
func (c *Client) PropertyOwner(ctx context.Context, iin string) (*PropertyResponse, error) {
	return do[PropertyResponse](ctx, c, OpPropertyOwner, c.iinParams(iin))
}

// ---- initPaymentRequest, paymentInfoRequest

// Payment statuses.
const (
	PaymentCreated = "CREATED"
	PaymentPaid    = "PAID"
	PaymentFailed  = "FAILED"
)

// PaymentRequest is a payment to create.
type PaymentRequest struct {
	Amount    float64 // tenge, > 0
	ServiceID string
	IINOrBIN  string // the payer
}

// Payment is a payment's state.
type Payment struct {
	PaymentID string     `json:"paymentId"`
	Status    string     `json:"status"`
	Amount    float64    `json:"amount"`
	ServiceID string     `json:"serviceId"`
	IINOrBIN  string     `json:"iinOrBin"`
	CreatedAt time.Time  `json:"createdAt"`
	PaidAt    *time.Time `json:"paidAt"` // nil until PAID
}

// PaymentResponse is the answer of both payment operations.
type PaymentResponse struct {
	ResponseInfo ResponseInfo `json:"responseInfo"`
	Payment      Payment      `json:"payment"`
}

// InitPayment creates a payment for a government service.
func (c *Client) InitPayment(ctx context.Context, r PaymentRequest) (*PaymentResponse, error) {
	p := map[string]any{"amount": r.Amount}
	set(p, "serviceId", r.ServiceID)
	set(p, "iinOrBin", r.IINOrBIN)
	return do[PaymentResponse](ctx, c, OpInitPayment, p)
}

// PaymentInfo reports a payment's state.
func (c *Client) PaymentInfo(ctx context.Context, paymentID string) (*PaymentResponse, error) {
	p := map[string]any{"paymentId": paymentID}
	set(p, "senderCode", c.cfg.SenderCode)
	return do[PaymentResponse](ctx, c, OpPaymentInfo, p)
}
