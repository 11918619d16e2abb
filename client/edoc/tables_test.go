package edoc_test

import (
	"slices"
	"testing"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/upstream"
)

// The client spells the upstream's tables again (it may not import internal/); these tests keep the
// two spellings equal.

func TestSentinelsEqualTheUpstreamTable(t *testing.T) {
	byName := map[string]*edoc.APIError{
		"subject_not_in_cmdb":      edoc.ErrSubjectNotInCMDB,
		"cant_connect":             edoc.ErrCantConnect,
		"service_unavailable":      edoc.ErrServiceUnavailable,
		"gateway_timeout":          edoc.ErrGatewayTimeout,
		"government_error":         edoc.ErrGovernmentService,
		"profile_not_found":        edoc.ErrProfileNotFound,
		"invalid_iin":              edoc.ErrInvalidIIN,
		"already_received":         edoc.ErrAlreadyReceived,
		"no_access":                edoc.ErrNoAccess,
		"already_requested":        edoc.ErrAlreadyRequested,
		"not_requested":            edoc.ErrNotRequested,
		"subscription_not_started": edoc.ErrSubscriptionNotStarted,
		"no_active_subscription":   edoc.ErrNoActiveSubscription,
		"no_subscription":          edoc.ErrNoSubscription,
		"unknown_document_type":    edoc.ErrUnknownDocumentType,
		"invalid_api_key":          edoc.ErrInvalidAPIKey,
		"invalid_phone":            edoc.ErrInvalidPhone,
		"otp_expired":              edoc.ErrOTPExpired,
		"invalid_otp":              edoc.ErrInvalidOTP,
		"payload_too_large":        edoc.ErrPayloadTooLarge,
	}
	rows := append(slices.Clone(upstream.EdocErrors), upstream.PayloadTooLarge)
	if len(rows) != len(byName) || len(edoc.Sentinels()) != len(byName) {
		t.Fatalf("upstream has %d rows, the client %d sentinels (%d listed by Sentinels)", len(rows), len(byName), len(edoc.Sentinels()))
	}
	documented := 0
	for i, row := range rows {
		s, ok := byName[row.Name]
		if !ok {
			t.Errorf("no sentinel for %s", row.Name)
			continue
		}
		if s.StatusCode != row.Status || s.Detail != row.Detail {
			t.Errorf("%s: client %d %q, upstream %d %q", row.Name, s.StatusCode, s.Detail, row.Status, row.Detail)
		}
		if edoc.Sentinels()[i] != s {
			t.Errorf("Sentinels()[%d] is not %s: keep the upstream's order", i, row.Name)
		}
		if row.Documented {
			documented++
		}
	}
	if documented != 14 {
		t.Errorf("%d documented rows, the upstream table has 14", documented)
	}
}

func TestDocumentTypesEqualTheUpstreamTable(t *testing.T) {
	var got []string
	for _, d := range edoc.DocumentTypes() {
		got = append(got, string(d))
	}
	if want := document.Slugs(); !slices.Equal(got, want) {
		t.Errorf("client types %v\nupstream     %v", got, want)
	}
}
