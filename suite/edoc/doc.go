// Package edocsuite is the Ginkgo contract suite of the E-Document API (SPEC §2 and §6). It holds
// only tests: run it with
//
//	go test ./suite/edoc/                                   # against mock-edoc started in-process
//	EDOC_BASE_URL=http://127.0.0.1:8081 go test ./suite/edoc/  # against any running server
//	go test ./suite/edoc/ -args -ginkgo.label-filter=smoke -ginkgo.junit-report=edoc.xml
//
// Every exchange is checked against contracts/edoc.openapi.yaml (and the admin calls against
// contracts/admin.openapi.yaml); a broken rule fails the spec with the rule and the body. Specs that
// need the simulator's admin API (the SMS outbox for the code, reset, the clock, scenario upload)
// skip, saying so, where GET /__admin/health does not answer 200. EDOC_ADMIN_TOKEN is sent as the
// admin bearer token when set.
//
// Labels: smoke (the request → approve flow), contract (the error tables, files, concurrency,
// expiry, the catalogue's documents), fault (the catalogue's failures, time-outs, retries), slow
// (specs waiting 3 s or more on purpose) and matrix (the two 24-document-type tables).
//
// TestMutants (mutants_test.go) proves the suite can fail: it runs these same specs, in a child
// process, against deliberately broken variants of the simulator and checks that each fails and
// names the deviation.
package edocsuite
