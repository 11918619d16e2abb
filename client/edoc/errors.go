package edoc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
)

// APIError is every answer outside 2xx: the status and the `detail` of the body (DRF-style
// `{"detail": "..."}`). Match it with errors.Is against the sentinels below, or errors.As for the
// fields. A body that is not `{"detail": string}` leaves Detail empty and is kept in Body.
type APIError struct {
	StatusCode int
	Detail     string
	// Body is the raw answer when it carried no detail (clipped to 4 KiB); empty otherwise.
	Body string

	// anyDetail makes a sentinel match every answer with its status (for errors whose text is not fixed).
	anyDetail bool
	// spellings are other texts of the same error a sentinel matches too.
	spellings []string
}

func (e *APIError) Error() string {
	switch {
	case e.Detail != "":
		return "edoc: " + strconv.Itoa(e.StatusCode) + " " + e.Detail
	case e.Body != "":
		return fmt.Sprintf("edoc: %d (no detail): %s", e.StatusCode, e.Body)
	}
	return "edoc: " + strconv.Itoa(e.StatusCode) + " (no detail)"
}

// Is matches a sentinel with the same status and detail.
func (e *APIError) Is(target error) bool {
	t, ok := target.(*APIError)
	if !ok || t.StatusCode != e.StatusCode {
		return false
	}
	return t.Detail == e.Detail || t.anyDetail || slices.Contains(t.spellings, e.Detail)
}

func sentinel(status int, detail string) *APIError {
	return &APIError{StatusCode: status, Detail: detail}
}

// The 14 errors of the upstream table, texts to the letter (the backtick of "Can`t" included).
var (
	// ErrSubjectNotInCMDB also matches "Subject not found in MCDB", the English guide's spelling that
	// an integrator matches (a dialect of the simulator).
	ErrSubjectNotInCMDB = &APIError{StatusCode: 404, Detail: "Subject not found in CMDB", spellings: []string{"Subject not found in MCDB"}}
	// ErrCantConnect also matches "Can't connect to e-document service", with an apostrophe.
	ErrCantConnect            = &APIError{StatusCode: 503, Detail: "Can`t connect to e-document service", spellings: []string{"Can't connect to e-document service"}}
	ErrServiceUnavailable     = sentinel(503, "EDocument service is not available now")
	ErrGatewayTimeout         = sentinel(504, "Could not send request to e-document service")
	ErrGovernmentService      = sentinel(424, "Government service error")
	ErrProfileNotFound        = sentinel(404, "Profile is not found")
	ErrInvalidIIN             = sentinel(400, "Invalid IIN")
	ErrAlreadyReceived        = sentinel(400, "EDocument for this session has already been received")
	ErrNoAccess               = sentinel(400, "Client does not have access to E-Document technology")
	ErrAlreadyRequested       = sentinel(400, "You have already requested a document for this session")
	ErrNotRequested           = sentinel(400, "You have not sent a request for access to an e-document")
	ErrSubscriptionNotStarted = sentinel(400, "Subscription has not started")
	ErrNoActiveSubscription   = sentinel(400, "No active or future subscription for technology")
	ErrNoSubscription         = sentinel(400, "Client does not have subscription")
)

// Errors the upstream does not document; their status and text are the simulator's assumption
// (docs/behaviour.md §2). A real upstream may answer these cases differently.
var (
	ErrUnknownDocumentType = sentinel(404, "Unknown document type")
	ErrInvalidAPIKey       = sentinel(401, "Invalid API key")
	ErrInvalidPhone        = sentinel(400, "Invalid phone")
	ErrOTPExpired          = sentinel(400, "OTP code has expired")
	ErrInvalidOTP          = sentinel(400, "Invalid OTP code")
	// ErrPayloadTooLarge matches every 413, whatever its text.
	ErrPayloadTooLarge = &APIError{StatusCode: 413, Detail: "Request body is larger than 1 MiB", anyDetail: true}
)

// Sentinels lists every sentinel above, the documented table first.
func Sentinels() []*APIError {
	return []*APIError{
		ErrSubjectNotInCMDB, ErrCantConnect, ErrServiceUnavailable, ErrGatewayTimeout, ErrGovernmentService,
		ErrProfileNotFound, ErrInvalidIIN, ErrAlreadyReceived, ErrNoAccess, ErrAlreadyRequested, ErrNotRequested,
		ErrSubscriptionNotStarted, ErrNoActiveSubscription, ErrNoSubscription,
		ErrUnknownDocumentType, ErrInvalidAPIKey, ErrInvalidPhone, ErrOTPExpired, ErrInvalidOTP, ErrPayloadTooLarge,
	}
}

// TransportError is a failure to exchange with the server at all: the connection could not be
// made or broke, the answer was cut short, or the time ran out. It never matches an API sentinel.
// A time-out satisfies errors.Is(err, context.DeadlineExceeded) and errors.Is(err, os.ErrDeadlineExceeded).
type TransportError struct {
	Op  string // "request" or "approve"
	Err error
	// Sent is false when the failure came before anything was sent (a dial failure).
	Sent bool
}

func (e *TransportError) Error() string {
	when := "after sending"
	if !e.Sent {
		when = "before sending"
	}
	return fmt.Sprintf("edoc: %s: transport failure %s: %v", e.Op, when, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the exchange ran out of time (the client's, the context's or the network's).
func (e *TransportError) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) || errors.Is(e.Err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// Is lets every kind of time-out match both deadline errors, whichever one the stack produced.
func (e *TransportError) Is(target error) bool {
	return (target == context.DeadlineExceeded || target == os.ErrDeadlineExceeded) && e.Timeout()
}

// ErrUnexpectedResponse wraps a 2xx answer whose body is not the documented JSON.
var ErrUnexpectedResponse = errors.New("edoc: unexpected response")

// ErrNoFile is returned by the file helpers of Document when the field is null.
var ErrNoFile = errors.New("edoc: file not in the answer")
