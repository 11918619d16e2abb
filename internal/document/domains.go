package document

// The type-specific part of result_json, one Go type per document type. JSON names are the
// domain's keys; a Date field is written in the answer's DateForm; omitempty leaves a key out when
// it has no value, as a scenario's replaced object may. The encoder (encode.go) and the display
// rows (fields.go) both read these types, so the JSON and the PDF always show the same data.

// Relative is a person a document names: a parent, a spouse, a child, a principal.
type Relative struct {
	IIN       string `json:"iin"`
	FullName  string `json:"fullName"`
	BirthDate Date   `json:"birthDate,omitempty"`
}

// Spouse is the other party of a marriage certificate.
type Spouse struct {
	IIN           string `json:"iin"`
	FullName      string `json:"fullName"`
	BirthDate     Date   `json:"birthDate,omitempty"`
	SurnameBefore string `json:"surnameBefore,omitempty"`
}

// Photo marks where the holder's face goes: the encoder writes the photo it is given.
type Photo struct{}

type IdentityCard struct {
	DocNumber         string `json:"docNumber"`
	DocIssuedDate     Date   `json:"docIssuedDate"`
	DocExpirationDate Date   `json:"docExpirationDate"`
	DocPhoto          Photo  `json:"docPhoto"`
	PlaceOfBirth      string `json:"placeOfBirth"`
	Nationality       string `json:"nationality"`
	Citizenship       string `json:"citizenship"`
	Gender            string `json:"gender"`
	Address           string `json:"address"`
}

type Passport struct {
	PassportType string `json:"passportType"`
	CountryCode  string `json:"countryCode"`
	Citizenship  string `json:"citizenship"`
	PlaceOfBirth string `json:"placeOfBirth"`
	Gender       string `json:"gender"`
	SurnameLat   string `json:"surnameLat"`
	NameLat      string `json:"nameLat"`
}

type LicenceCategory struct {
	Category   string `json:"category"`
	IssueDate  Date   `json:"issueDate"`
	ExpiryDate Date   `json:"expiryDate"`
}

type DriverLicense struct {
	Categories   []LicenceCategory `json:"categories"`
	FirstIssued  Date              `json:"firstIssued"`
	Restrictions string            `json:"restrictions"`
	PlaceOfIssue string            `json:"placeOfIssue"`
}

type BirthCertificate struct {
	Father           Relative `json:"father"`
	Mother           Relative `json:"mother"`
	PlaceOfBirth     string   `json:"placeOfBirth"`
	ActNumber        string   `json:"actNumber"`
	RegistrationDate Date     `json:"registrationDate"`
	Zags             string   `json:"zags"`
}

type MarriageCertificate struct {
	Spouse           Spouse `json:"spouse"`
	MarriageDate     Date   `json:"marriageDate"`
	ActNumber        string `json:"actNumber"`
	RegistrationDate Date   `json:"registrationDate"`
	Zags             string `json:"zags"`
}

type DivorceCertificate struct {
	Spouse           Relative `json:"spouse"`
	MarriageDate     Date     `json:"marriageDate"`
	DivorceDate      Date     `json:"divorceDate"`
	ActNumber        string   `json:"actNumber"`
	RegistrationDate Date     `json:"registrationDate"`
	Zags             string   `json:"zags"`
}

type ChangeFioCertificate struct {
	PreviousSurname    string `json:"previousSurname"`
	PreviousName       string `json:"previousName"`
	PreviousPatronymic string `json:"previousPatronymic"`
	NewSurname         string `json:"newSurname"`
	NewName            string `json:"newName"`
	NewPatronymic      string `json:"newPatronymic"`
	Reason             string `json:"reason"`
	ActNumber          string `json:"actNumber"`
	RegistrationDate   Date   `json:"registrationDate"`
	Zags               string `json:"zags"`
}

type Diploma struct {
	Institution    string `json:"institution"`
	Speciality     string `json:"speciality"`
	SpecialityCode string `json:"specialityCode"`
	Qualification  string `json:"qualification"`
	Degree         string `json:"degree"`
	GraduationYear int    `json:"graduationYear"`
	Honours        bool   `json:"honours"`
	RegistrationNo string `json:"registrationNo"`
}

type StudentCard struct {
	Institution  string `json:"institution"`
	Faculty      string `json:"faculty"`
	Speciality   string `json:"speciality"`
	Course       int    `json:"course"`
	StudyForm    string `json:"studyForm"`
	EnrolledYear int    `json:"enrolledYear"`
}

// Vehicle is the car of a registration certificate; a technical passport adds the last four.
type Vehicle struct {
	Make         string `json:"make"`
	Model        string `json:"model"`
	Year         int    `json:"year"`
	VIN          string `json:"vin"`
	Plate        string `json:"plate"`
	Color        string `json:"color"`
	BodyType     string `json:"bodyType"`
	EngineVolume int    `json:"engineVolume"`
	EngineNumber string `json:"engineNumber,omitempty"`
	MaxMass      int    `json:"maxMass,omitempty"`
	Seats        int    `json:"seats,omitempty"`
	Category     string `json:"category,omitempty"`
}

type Srts struct {
	Vehicle                Vehicle `json:"vehicle"`
	RegistrationDate       Date    `json:"registrationDate"`
	RegistrationDepartment string  `json:"registrationDepartment"`
	OwnerAddress           string  `json:"ownerAddress"`
}

type TechPassport struct {
	Vehicle          Vehicle `json:"vehicle"`
	RegistrationDate Date    `json:"registrationDate"`
	SpecialMarks     string  `json:"specialMarks"`
}

type VaccinationRecord struct {
	Vaccine string `json:"vaccine"`
	Dose    int    `json:"dose"`
	Date    Date   `json:"date"`
	Clinic  string `json:"clinic"`
}

type Vaccination struct {
	Records []VaccinationRecord `json:"records"`
}

type PCRTest struct {
	TestDate   Date   `json:"testDate"`
	ResultDate Date   `json:"resultDate"`
	Method     string `json:"method"`
	SampleType string `json:"sampleType"`
	Result     string `json:"result"`
	Laboratory string `json:"laboratory"`
}

type PcrCertificate struct {
	Records []PCRTest `json:"records"`
}

type SocialID struct {
	SocialStatus   string `json:"socialStatus"`
	Region         string `json:"region"`
	RegisteredDate Date   `json:"registeredDate"`
	MedicalInsured bool   `json:"medicalInsured"`
}

type DisabilityCertificate struct {
	Group         int    `json:"group"`
	Cause         string `json:"cause"`
	AssignedDate  Date   `json:"assignedDate"`
	ReviewDate    Date   `json:"reviewDate"`
	MSEDepartment string `json:"mseDepartment"`
}

type LargeFamilyCertificate struct {
	ChildrenCount int        `json:"childrenCount"`
	Children      []Relative `json:"children"`
	Region        string     `json:"region"`
}

type AspCertificate struct {
	AssignedDate  Date   `json:"assignedDate"`
	PeriodFrom    Date   `json:"periodFrom"`
	PeriodTo      Date   `json:"periodTo"`
	FamilySize    int    `json:"familySize"`
	MonthlyAmount int    `json:"monthlyAmount"`
	Region        string `json:"region"`
}

type Pension struct {
	AssignedDate      Date   `json:"assignedDate"`
	PensionType       string `json:"pensionType"`
	PensionFileNumber string `json:"pensionFileNumber"`
	PaymentAgency     string `json:"paymentAgency"`
}

type Vnzh struct {
	PermitType   string `json:"permitType"`
	Citizenship  string `json:"citizenship"`
	PlaceOfBirth string `json:"placeOfBirth"`
	Address      string `json:"address"`
	Gender       string `json:"gender"`
}

type LbgCard struct {
	Citizenship       string `json:"citizenship"`
	FormerCitizenship string `json:"formerCitizenship"`
	PlaceOfBirth      string `json:"placeOfBirth"`
	Address           string `json:"address"`
	Gender            string `json:"gender"`
}

type Policy struct {
	Type         string `json:"type"`
	Insurer      string `json:"insurer"`
	PolicyNumber string `json:"policyNumber"`
	StartDate    Date   `json:"startDate"`
	EndDate      Date   `json:"endDate"`
}

type InsurancePolicy struct {
	Policies []Policy `json:"policies"`
}

type Hunter struct {
	Region           string `json:"region"`
	HuntingSociety   string `json:"huntingSociety"`
	MembershipNumber string `json:"membershipNumber"`
	WeaponPermit     bool   `json:"weaponPermit"`
}

type Oralman struct {
	CountryOfOrigin  string `json:"countryOfOrigin"`
	ArrivalDate      Date   `json:"arrivalDate"`
	SettlementRegion string `json:"settlementRegion"`
	Status           string `json:"status"`
}

type Notary struct {
	FullName      string `json:"fullName"`
	LicenseNumber string `json:"licenseNumber"`
}

type Attorney struct {
	Principal      Relative `json:"principal"`
	Representative Relative `json:"representative"`
	Powers         []string `json:"powers"`
	Notary         Notary   `json:"notary"`
	RegistryNumber string   `json:"registryNumber"`
}
