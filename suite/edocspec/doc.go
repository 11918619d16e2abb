// Package edocspec is the Ginkgo contract suite of the E-Document API (docs/behaviour.md §2 and §6), importable
// so that any module can run it against its own server:
//
//	func TestEDocContract(t *testing.T) {
//		edocspec.Run(t, suite.Target{BaseURL: "http://127.0.0.1:8081"})
//	}
//
// This module runs it from suite/edoc (go test ./suite/edoc/, EDOC_BASE_URL for a running server).
// Every exchange is checked against contracts/edoc.openapi.yaml (and the admin calls against
// contracts/admin.openapi.yaml); a broken rule fails the spec with the rule and the body. On a
// simulator each Ginkgo process works in a tenant of its own (/t/suite-<process>-<random>/). Specs
// that need the simulator's admin API (the SMS outbox, reset, the clock, scenario upload) skip,
// saying so, where GET /__admin/health does not answer 200; the approve specs run there too when
// the target gives the codes (suite.Target.OTP: EDOC_OTP, EDOC_OTP_COMMAND). A run that skipped
// specs fails after listing them, unless suite.Target.Partial (EGOVSIM_SUITE_PARTIAL=1) accepts it.
//
// Labels: smoke (the request → approve flow), contract (the error tables, files, concurrency,
// expiry, the catalogue's documents), fault (the catalogue's failures, time-outs, retries), slow
// (specs waiting 3 s or more on purpose) and matrix (the two 24-document-type tables).
package edocspec
