package edoc

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// DocumentType is the `document_type` path value of a request.
type DocumentType string

// The 24 document types of the upstream table, in its order.
const (
	IdentityCard           DocumentType = "identity_card"            // Удостоверение личности
	DriverLicense          DocumentType = "driver_license"           // Водительское удостоверение
	BirthCertificate       DocumentType = "birth_certificate"        // Свидетельство о рождении
	MarriageCertificate    DocumentType = "marriage_certificate"     // Свидетельство о заключении брака
	ChangeFIOCertificate   DocumentType = "change_fio_certificate"   // Свидетельство о перемене фамилии, имени, отчества
	DivorceCertificate     DocumentType = "divorce_certificate"      // Свидетельство о расторжении брака
	Diploma                DocumentType = "diploma"                  // Диплом
	SRTS                   DocumentType = "srts"                     // Свидетельство о регистрации транспортного средства
	Vaccination            DocumentType = "vaccination"              // Паспорт вакцинации
	SocialID               DocumentType = "social_id"                // Социальный ID
	DisabilityCertificate  DocumentType = "disability_certificate"   // Удостоверение лица с инвалидностью
	LargeFamilyCertificate DocumentType = "large_family_certificate" // Удостоверение о многодетной семье
	ASPCertificate         DocumentType = "asp_certificate"          // Удостоверение получателя адресной социальной помощи
	TechPassport           DocumentType = "tech_passport"            // Технический паспорт
	Pension                DocumentType = "pension"                  // Удостоверение пенсионера
	Passport               DocumentType = "passport"                 // Паспорт гражданина РК
	StudentCard            DocumentType = "student_card"             // Студенческий билет
	VNZh                   DocumentType = "vnzh"                     // Вид на жительство
	PCRCertificate         DocumentType = "pcr_certificate"          // Результат ПЦР тестирования на COVID-19
	LBGCard                DocumentType = "lbg_card"                 // Лицо без гражданства
	InsurancePolicy        DocumentType = "insurance_policy"         // Страховые полисы
	Hunter                 DocumentType = "hunter"                   // Удостоверение охотника
	Oralman                DocumentType = "oralman"                  // Удостоверение кандаса
	Attorney               DocumentType = "attorney"                 // Доверенность
)

// DocumentTypes lists the 24 documented types in the upstream's order.
func DocumentTypes() []DocumentType {
	return []DocumentType{
		IdentityCard, DriverLicense, BirthCertificate, MarriageCertificate, ChangeFIOCertificate,
		DivorceCertificate, Diploma, SRTS, Vaccination, SocialID, DisabilityCertificate,
		LargeFamilyCertificate, ASPCertificate, TechPassport, Pension, Passport, StudentCard, VNZh,
		PCRCertificate, LBGCard, InsurancePolicy, Hunter, Oralman, Attorney,
	}
}

// codes are eGov's CamelCase docType.code of each type (result_json.common.docType.code), in the
// upstream's order: the CamelCase of the slug, as BirthCertificate is evidenced.
var codes = map[DocumentType]string{
	IdentityCard: "IdentityCard", DriverLicense: "DriverLicense", BirthCertificate: "BirthCertificate",
	MarriageCertificate: "MarriageCertificate", ChangeFIOCertificate: "ChangeFioCertificate",
	DivorceCertificate: "DivorceCertificate", Diploma: "Diploma", SRTS: "Srts", Vaccination: "Vaccination",
	SocialID: "SocialId", DisabilityCertificate: "DisabilityCertificate", LargeFamilyCertificate: "LargeFamilyCertificate",
	ASPCertificate: "AspCertificate", TechPassport: "TechPassport", Pension: "Pension", Passport: "Passport",
	StudentCard: "StudentCard", VNZh: "Vnzh", PCRCertificate: "PcrCertificate", LBGCard: "LbgCard",
	InsurancePolicy: "InsurancePolicy", Hunter: "Hunter", Oralman: "Oralman", Attorney: "Attorney",
}

// Code is the type's docType.code in result_json, e.g. "IdentityCard" for identity_card; "" for a
// type that is not one of the 24.
func (t DocumentType) Code() string { return codes[t] }

// DocumentTypeOfCode is the type whose docType.code is code.
func DocumentTypeOfCode(code string) (DocumentType, bool) {
	for t, c := range codes {
		if c == code {
			return t, true
		}
	}
	return "", false
}

// FileType says which document file Approve asks for.
type FileType int

// The file choices: none (file=false), the PDF, or the JPEG image.
const (
	FileNone FileType = iota
	FilePDF
	FileImage
)

func (f FileType) String() string {
	switch f {
	case FileNone:
		return "none"
	case FilePDF:
		return "pdf"
	case FileImage:
		return "image"
	}
	return fmt.Sprintf("FileType(%d)", int(f))
}

// Document is the answer of approve/. Every file is base64 as received, nil when the answer had
// null; the helpers decode them. When FailureReason is set, Result and the files are nil.
type Document struct {
	Type          DocumentType `json:"document_type"`
	Result        *Result      `json:"result_json"`
	FailureReason *string      `json:"failure_reason"`

	FacePhotoBase64 *string `json:"face_photo"`     // JPEG
	QRCodeBase64    *string `json:"qrcode"`         // PNG, a QR code of the document's number
	BarcodeBase64   *string `json:"barcode"`        // PNG
	ImageBase64     *string `json:"document_image"` // JPEG, when asked with FileImage
	PDFBase64       *string `json:"document_pdf"`   // PDF, when asked with FilePDF
}

// Failed reports whether the upstream answered with a failure_reason instead of the document.
func (d *Document) Failed() bool { return d.FailureReason != nil }

// Result is result_json: the eGov digital-document shape, typed common part and raw domain part.
type Result struct {
	Common Common `json:"common"`
	// Domain holds the type-specific fields, as received.
	Domain json.RawMessage `json:"domain"`
}

// Common is the part of result_json every document type shares. Its dates read any of the three
// forms (see Date).
type Common struct {
	DocOwner          Owner   `json:"docOwner"`
	DocType           DocKind `json:"docType"` // DocType.Code is DocumentType.Code() of the type
	DocNumber         string  `json:"docNumber"`
	DocURI            string  `json:"docUri"` // "<docType.code>:<docNumber>", e.g. "IdentityCard:041234567"
	DocIssuedDate     Date    `json:"docIssuedDate"`
	DocExpirationDate *Date   `json:"docExpirationDate"` // nil for a type without expiry
	DocIssuer         Names   `json:"docIssuer"`
}

// IdentityCardDomain is result_json.domain of an identity card.
type IdentityCardDomain struct {
	DocNumber         string `json:"docNumber"`
	DocIssuedDate     *Date  `json:"docIssuedDate"`
	DocExpirationDate *Date  `json:"docExpirationDate"`
	// DocPhoto is the holder's photo, a JPEG (base64 on the wire, decoded here).
	DocPhoto     []byte `json:"docPhoto"`
	PlaceOfBirth string `json:"placeOfBirth"`
	Nationality  string `json:"nationality"`
	Citizenship  string `json:"citizenship"`
	Gender       string `json:"gender"` // "M" or "F"
	Address      string `json:"address"`
}

// ErrOtherType is returned by a typed domain accessor for a document of another type.
var ErrOtherType = errors.New("edoc: the document is of another type")

// IdentityCard decodes the domain of an identity card. It fails for another type, and for a failed
// document (no result_json).
func (d *Document) IdentityCard() (*IdentityCardDomain, error) {
	if d.Type != IdentityCard {
		return nil, fmt.Errorf("%w: %s, not %s", ErrOtherType, d.Type, IdentityCard)
	}
	if d.Result == nil {
		return nil, fmt.Errorf("edoc: no result_json (failure_reason: %s)", deref(d.FailureReason))
	}
	var out IdentityCardDomain
	if err := d.Result.DecodeDomain(&out); err != nil {
		return nil, err
	}
	return &out, nil
}

func deref(s *string) string {
	if s == nil {
		return "none"
	}
	return *s
}

// Owner is the document's holder.
type Owner struct {
	IIN        string `json:"iin"`
	FirstName  string `json:"firstName"`
	LastName   string `json:"lastName"`
	MiddleName string `json:"middleName"`
}

// DocKind is docType: a code and the type's names.
type DocKind struct {
	Code   string `json:"code"`
	NameRu string `json:"nameRu"`
	NameKk string `json:"nameKk"`
	NameEn string `json:"nameEn"`
}

// Names is a name in Russian, Kazakh and English (docIssuer).
type Names struct {
	NameRu string `json:"nameRu"`
	NameKk string `json:"nameKk"`
	NameEn string `json:"nameEn"`
}

// PDF decodes document_pdf.
func (d *Document) PDF() ([]byte, error) { return decodeFile("document_pdf", d.PDFBase64) }

// Image decodes document_image (JPEG).
func (d *Document) Image() ([]byte, error) { return decodeFile("document_image", d.ImageBase64) }

// FacePhoto decodes face_photo (JPEG).
func (d *Document) FacePhoto() ([]byte, error) { return decodeFile("face_photo", d.FacePhotoBase64) }

// QRCode decodes qrcode (PNG).
func (d *Document) QRCode() ([]byte, error) { return decodeFile("qrcode", d.QRCodeBase64) }

// Barcode decodes barcode (PNG).
func (d *Document) Barcode() ([]byte, error) { return decodeFile("barcode", d.BarcodeBase64) }

func decodeFile(field string, s *string) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: %s is null", ErrNoFile, field)
	}
	b, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		return nil, fmt.Errorf("edoc: %s is not base64: %w", field, err)
	}
	return b, nil
}
