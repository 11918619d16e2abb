package egov_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/internal/upstream"
)

// The client spells the gateway's tables again (it may not import internal/); these tests keep the
// two spellings equal.

func TestOperationsEqualTheUpstreamTable(t *testing.T) {
	if !slices.Equal(egov.Operations, upstream.EgovOperations) {
		t.Errorf("client operations %v\nupstream          %v", egov.Operations, upstream.EgovOperations)
	}
}

// Every error code the gateway answers, over JSON or as a SyncChannel fault, matches exactly one
// sentinel; the SCE codes the upstream gives a facade code's word match that code's sentinel.
func TestSentinelsCoverTheUpstreamCodes(t *testing.T) {
	sentinels := []error{egov.ErrValidation, egov.ErrUnauthorized, egov.ErrForbidden, egov.ErrUnknownOperation,
		egov.ErrMethodNotAllowed, egov.ErrPaymentNotFound, egov.ErrServiceUnavailable, egov.ErrGatewayTimeout,
		egov.ErrUpstreamError, egov.ErrSignature, egov.ErrInternal}
	matched := func(code string) []error {
		var out []error
		for _, s := range sentinels {
			if errors.Is(&egov.APIError{Code: code}, s) {
				out = append(out, s)
			}
		}
		return out
	}
	for _, k := range []*upstream.Egov{upstream.EgovValidation, upstream.EgovUnauthorized, upstream.EgovForbidden,
		upstream.EgovUnknownOperation, upstream.EgovPaymentNotFound, upstream.EgovPayloadTooLarge, upstream.EgovMethodNotAllowed,
		upstream.EgovRequestTimeout, upstream.EgovServiceUnavailable, upstream.EgovGatewayTimeout, upstream.EgovUpstreamError} {
		if got := matched(k.Code); len(got) != 1 || got[0].Error() != "egov: "+k.Code {
			t.Errorf("%s matches %v", k.Code, got)
		}
		sce := upstream.SyncChannelCode(k)
		if got, want := matched(sce), matched(k.Code); !slices.Equal(got, want) {
			t.Errorf("SyncChannel %s (for %s) matches %v, want %v", sce, k.Code, got, want)
		}
	}
	for _, f := range upstream.SyncChannelFaults {
		if got := matched(f.Code); len(got) != 1 {
			t.Errorf("SyncChannel %s matches %v", f.Code, got)
		}
	}
}
