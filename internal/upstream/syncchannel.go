package upstream

// SyncChannel is one fault code of the gateway's SOAP channel (SmartBridge SyncChannel): the
// ErrorInfo errorCode, the HTTP status it is answered with and its default errorMessage.
//
// The codes are those seen in a provider implementation (EVIDENCE §5); which of them the gateway
// itself answers, their texts and their statuses are assumed (docs/behaviour.md §3.1). A refusal the
// evidence names no code for keeps the JSON facade's code (FORBIDDEN, PAYMENT_NOT_FOUND, ...).
type SyncChannel struct {
	Code    string
	Status  int
	Message string
}

// The SyncChannel fault codes, in the order of their numbers.
var (
	SCEFormat           = &SyncChannel{"SCE001", 400, "Invalid message format"}
	SCENoService        = &SyncChannel{"SCE004", 404, "Service not found"}
	SCENoSignature      = &SyncChannel{"SCE005", 403, "The message is not signed (WS-Security transport signature missing)"}
	SCEBadSignature     = &SyncChannel{"SCE006", 403, "The transport signature is invalid"}
	SCECertificate      = &SyncChannel{"SCE007", 403, "The transport signature's certificate is not trusted"}
	SCENoDataSignature  = &SyncChannel{"SCE015", 403, "The business data is not signed"}
	SCEBadDataSignature = &SyncChannel{"SCE016", 403, "The business data signature is invalid"}
	SCEDataCertificate  = &SyncChannel{"SCE017", 403, "The business data signature's certificate is not trusted"}
	SCEInternal         = &SyncChannel{"SCE909", 500, "Internal error"}
)

// SyncChannelFaults are every SyncChannel code, and those a scenario's `soap_fault` may name.
var SyncChannelFaults = []*SyncChannel{SCEFormat, SCENoService, SCENoSignature, SCEBadSignature, SCECertificate,
	SCENoDataSignature, SCEBadDataSignature, SCEDataCertificate, SCEInternal}

// SyncChannelByCode finds a SyncChannel fault code.
func SyncChannelByCode(code string) (*SyncChannel, bool) {
	for _, f := range SyncChannelFaults {
		if f.Code == code {
			return f, true
		}
	}
	return nil, false
}

// SyncChannelCode is the errorCode of a gateway refusal on the SOAP channel: a JSON facade code
// the SyncChannel codes have a word for becomes that code (a bad request is a format fault, an
// unknown operation no such service); the others keep the facade's code.
func SyncChannelCode(kind *Egov) string {
	switch kind.Code {
	case EgovValidation.Code:
		return SCEFormat.Code
	case EgovUnknownOperation.Code:
		return SCENoService.Code
	}
	return kind.Code
}
