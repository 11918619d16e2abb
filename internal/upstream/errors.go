// Package upstream holds the tables that the upstream documents fix, each spelled once: the
// E-Document errors (texts to the letter, backtick included) with the assumed ones (docs/behaviour.md), the gateway's
// error codes and its eleven operations. Scenario faults name rows of these tables.
package upstream

// Edoc is one E-Document error: status and the `detail` text.
type Edoc struct {
	Name   string
	Status int
	Detail string
	// Documented is true for the 14 rows of the upstream table; false for the assumed ones.
	Documented bool
}

// The E-Document errors. The first 14 are the upstream table in its order.
var (
	SubjectNotInCMDB       = &Edoc{"subject_not_in_cmdb", 404, "Subject not found in CMDB", true}
	CantConnect            = &Edoc{"cant_connect", 503, "Can`t connect to e-document service", true}
	ServiceUnavailable     = &Edoc{"service_unavailable", 503, "EDocument service is not available now", true}
	GatewayTimeout         = &Edoc{"gateway_timeout", 504, "Could not send request to e-document service", true}
	GovernmentError        = &Edoc{"government_error", 424, "Government service error", true}
	ProfileNotFound        = &Edoc{"profile_not_found", 404, "Profile is not found", true}
	InvalidIIN             = &Edoc{"invalid_iin", 400, "Invalid IIN", true}
	AlreadyReceived        = &Edoc{"already_received", 400, "EDocument for this session has already been received", true}
	NoAccess               = &Edoc{"no_access", 400, "Client does not have access to E-Document technology", true}
	AlreadyRequested       = &Edoc{"already_requested", 400, "You have already requested a document for this session", true}
	NotRequested           = &Edoc{"not_requested", 400, "You have not sent a request for access to an e-document", true}
	SubscriptionNotStarted = &Edoc{"subscription_not_started", 400, "Subscription has not started", true}
	NoActiveSubscription   = &Edoc{"no_active_subscription", 400, "No active or future subscription for technology", true}
	NoSubscription         = &Edoc{"no_subscription", 400, "Client does not have subscription", true}
	UnknownDocumentType    = &Edoc{"unknown_document_type", 404, "Unknown document type", false}
	InvalidAPIKey          = &Edoc{"invalid_api_key", 401, "Invalid API key", false}
	InvalidPhone           = &Edoc{"invalid_phone", 400, "Invalid phone", false}
	OTPExpired             = &Edoc{"otp_expired", 400, "OTP code has expired", false}
	InvalidOTP             = &Edoc{"invalid_otp", 400, "Invalid OTP code", false}
	PayloadTooLarge        = &Edoc{"payload_too_large", 413, "Request body is larger than 1 MiB", false}
	// The Django REST framework's own answers (the upstream is a DRF service); %s is the media type
	// or the method.
	UnsupportedMediaType = &Edoc{"unsupported_media_type", 415, `Unsupported media type "%s" in request.`, false}
	MethodNotAllowed     = &Edoc{"method_not_allowed", 405, `Method "%s" not allowed.`, false}
	NotFound             = &Edoc{"not_found", 404, "Not found.", false}
)

// JSONParseError starts DRF's answer to a body that is not JSON: "JSON parse error - <reason>".
const JSONParseError = "JSON parse error - "

// SubjectNotInMCDB is the English guide's spelling of SubjectNotInCMDB's text, answered under the
// scenario dialect cmdb_text: MCDB.
const SubjectNotInMCDB = "Subject not found in MCDB"

// EdocErrors lists every E-Document error, the documented table first.
var EdocErrors = []*Edoc{
	SubjectNotInCMDB, CantConnect, ServiceUnavailable, GatewayTimeout, GovernmentError, ProfileNotFound,
	InvalidIIN, AlreadyReceived, NoAccess, AlreadyRequested, NotRequested, SubscriptionNotStarted,
	NoActiveSubscription, NoSubscription,
	UnknownDocumentType, InvalidAPIKey, InvalidPhone, OTPExpired, InvalidOTP,
}

// Egov is one gateway error: status and the `code` of `{"message","code","operation"}`.
type Egov struct {
	Name    string
	Status  int
	Code    string
	Message string // the default message; validation errors carry their own
}

// The gateway errors (codes assumed by docs/behaviour.md §3).
var (
	EgovValidation         = &Egov{"validation_error", 400, "VALIDATION_ERROR", "Invalid request"}
	EgovUnauthorized       = &Egov{"unauthorized", 401, "UNAUTHORIZED", "Invalid or missing bearer token"}
	EgovForbidden          = &Egov{"forbidden", 403, "FORBIDDEN", "Invalid sender credentials"}
	EgovUnknownOperation   = &Egov{"unknown_operation", 404, "UNKNOWN_OPERATION", "Unknown operation"}
	EgovPaymentNotFound    = &Egov{"payment_not_found", 404, "PAYMENT_NOT_FOUND", "Payment not found"}
	EgovPayloadTooLarge    = &Egov{"payload_too_large", 413, "VALIDATION_ERROR", "Request body is larger than 1 MiB"}
	EgovMethodNotAllowed   = &Egov{"method_not_allowed", 405, "METHOD_NOT_ALLOWED", "Operations are called with POST"}
	EgovRequestTimeout     = &Egov{"request_timeout", 408, "VALIDATION_ERROR", "The request body did not arrive in time"}
	EgovServiceUnavailable = &Egov{"service_unavailable", 503, "SERVICE_UNAVAILABLE", "Service is temporarily unavailable"}
	EgovGatewayTimeout     = &Egov{"gateway_timeout", 504, "GATEWAY_TIMEOUT", "Upstream service did not answer in time"}
	EgovUpstreamError      = &Egov{"upstream_error", 502, "UPSTREAM_ERROR", "Upstream service returned an invalid answer"}
)

// EgovFaults are the gateway errors a scenario fault may name.
var EgovFaults = []*Egov{EgovServiceUnavailable, EgovGatewayTimeout, EgovUpstreamError}

// EdocByName finds an E-Document error a scenario fault may name.
func EdocByName(name string) (*Edoc, bool) {
	for _, e := range EdocErrors {
		if e.Name == name {
			return e, true
		}
	}
	return nil, false
}

// EgovByName finds a gateway error a scenario fault may name.
func EgovByName(name string) (*Egov, bool) {
	for _, e := range EgovFaults {
		if e.Name == name {
			return e, true
		}
	}
	return nil, false
}

// The two E-Document endpoints, as fault `when.operation` names them.
const (
	EdocRequest = "request"
	EdocApprove = "approve"
)

// EgovOperations are the gateway's eleven operations, in the connector document's order.
var EgovOperations = []string{
	"gbdflUniversalServiceSync",
	"familyInfoServiceSync",
	"NEDBSyncSchoolData",
	"checkDebtorByIINBIN",
	"citsDebts",
	"citsUpcPays",
	"zagsFindMarriageSync",
	"MON_NEDB_UNIVERSAL_SERVICE",
	"initPaymentRequest",
	"GbdrnOwnerForRegCitizen",
	"paymentInfoRequest",
}

// IsEgovOperation reports whether name is one of the eleven operations.
func IsEgovOperation(name string) bool {
	for _, op := range EgovOperations {
		if op == name {
			return true
		}
	}
	return false
}
