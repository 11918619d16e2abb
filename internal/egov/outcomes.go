package egov

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/scenarios"
)

// Outcome names: "<operation>/success", "<operation>/empty" (a success with nothing found),
// "<operation>/<error code>", the payments' "<operation>/<status>", and UNKNOWN_OPERATION.
const (
	outcomeSuccess = "success"
	outcomeEmpty   = "empty"
)

// errorCodes are the error codes every operation can answer (docs/behaviour.md §3).
var errorCodes = []*upstream.Egov{upstream.EgovValidation, upstream.EgovUnauthorized, upstream.EgovForbidden,
	upstream.EgovServiceUnavailable, upstream.EgovGatewayTimeout, upstream.EgovUpstreamError}

// Outcomes is mock-egov's outcome table: every operation × success / empty / each error code, the
// payment states, the unknown operation. GET /__admin/coverage counts a world's answers against it.
var Outcomes = func() coverage.Table {
	var t coverage.Table
	for _, op := range upstream.EgovOperations {
		switch op {
		case "initPaymentRequest":
			t = append(t, coverage.Outcome{Name: op + "/" + PaymentCreated, Group: "payments", About: "a payment created: status CREATED"})
		case "paymentInfoRequest":
			for _, st := range []string{PaymentCreated, PaymentPaid, PaymentFailed} {
				t = append(t, coverage.Outcome{Name: op + "/" + st, Group: "payments", About: "a payment reported " + st})
			}
			t = append(t, coverage.Outcome{Name: op + "/" + upstream.EgovPaymentNotFound.Code, Group: "payments", About: "404 PAYMENT_NOT_FOUND: an unknown paymentId"})
		default:
			t = append(t,
				coverage.Outcome{Name: op + "/" + outcomeSuccess, Group: op, About: "200 with data found"},
				coverage.Outcome{Name: op + "/" + outcomeEmpty, Group: op, About: "200 with nothing found (empty lists)"})
		}
		for _, k := range errorCodes {
			t = append(t, coverage.Outcome{Name: op + "/" + k.Code, Group: op, About: http.StatusText(k.Status) + " " + k.Code})
		}
	}
	t = append(t, coverage.Outcome{Name: upstream.EgovUnknownOperation.Code, Group: "gateway", About: "404 UNKNOWN_OPERATION: a name that is none of the eleven"})
	// The SyncChannel's own refusals, answered before an operation is chosen or by a scenario's
	// soap_fault: a SOAP call that reaches an operation counts in that operation's rows above, as
	// the same call over JSON would.
	for _, sc := range upstream.SyncChannelFaults {
		t = append(t, coverage.Outcome{Name: soapOutcome(sc.Code), Group: soapGroup, Transport: coverage.SOAP,
			About: fmt.Sprintf("SOAP Fault %s (HTTP %d): %s", sc.Code, sc.Status, sc.Message)})
	}
	t = append(t, coverage.Outcome{Name: soapOutcome(upstream.EgovForbidden.Code), Group: soapGroup, Transport: coverage.SOAP,
		About: "SOAP Fault FORBIDDEN (HTTP 403): requestInfo/sender missing or wrong"})
	return t
}()

// soapGroup groups the SyncChannel's own outcomes.
const soapGroup = "SyncChannel (SOAP)"

// soapOutcome names a SyncChannel refusal's outcome.
func soapOutcome(code string) string { return "soap/" + code }

// Outcomes is the simulator's outcome table (shell.Sim).
func (srv *Server) Outcomes() coverage.Table { return Outcomes }

// errorOutcome names an error answer's outcome, "<operation>/<code>"; operation names outside
// the eleven become "other", so the counters stay bounded. The 405, 408 and 413 refusals sit
// outside the table under their names (two of them share VALIDATION_ERROR with the 400).
func errorOutcome(op string, kind *upstream.Egov) string {
	if !upstream.IsEgovOperation(op) {
		op = metrics.Other
	}
	switch kind {
	case upstream.EgovUnknownOperation:
		return kind.Code
	case upstream.EgovMethodNotAllowed, upstream.EgovRequestTimeout, upstream.EgovPayloadTooLarge:
		return op + "/" + kind.Name
	}
	return op + "/" + kind.Code
}

// noteSuccess notes a 200's outcome: a payment's status, or success / empty.
func noteSuccess(w http.ResponseWriter, op string, out any) {
	if pa, ok := out.(paymentAnswer); ok {
		journal.Outcome(w, op+"/"+pa.Payment.Status)
		return
	}
	if empty(reflect.ValueOf(out)) {
		journal.Outcome(w, op+"/"+outcomeEmpty)
		journal.Reason(w, "nothing found: the scenario's population holds no matching record")
		return
	}
	journal.Outcome(w, op+"/"+outcomeSuccess)
}

var (
	typeResponseInfo = reflect.TypeFor[responseInfo]()
	typeStatus       = reflect.TypeFor[status]()
)

// empty reports whether an answer holds no list with an element (its responseInfo aside).
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || empty(v.Elem())
	case reflect.Slice, reflect.Array, reflect.Map:
		return v.Len() == 0
	case reflect.Struct:
		if t := v.Type(); t == typeResponseInfo || t == typeStatus {
			return true
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && !empty(v.Field(i)) {
				return false
			}
		}
	}
	return true
}

// senderReason says which sender credential was wrong.
func senderReason(sender string, creds *scenarios.Egov) string {
	if !same(sender, creds.SenderID) {
		return "sender " + sender + " is not the scenario's egov.sender_id (" + creds.SenderID + ")"
	}
	return "the sender password is wrong for sender " + sender
}
