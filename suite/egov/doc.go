// Package egovsuite is the Ginkgo contract suite of the SmartBridge gateway facade (SPEC §3 and §6).
// It holds only tests: run it with
//
//	go test ./suite/egov/                                      # against mock-egov started in-process
//	EGOV_BASE_URL=http://127.0.0.1:8082 go test ./suite/egov/  # against any running server
//	go test ./suite/egov/ -args -ginkgo.label-filter=smoke -ginkgo.junit-report=egov.xml
//
// Every exchange is checked against contracts/egov.openapi.yaml (admin calls against
// contracts/admin.openapi.yaml); a broken rule fails the spec, naming the rule and showing the body.
// Specs that need the simulator's admin API (the clock, scenario upload, reset) skip, saying why,
// where GET /__admin/health does not answer 200 on the target. EGOV_ADMIN_TOKEN is sent as the admin
// bearer token when set. The gateway credentials are the catalogue's unless EGOV_API_KEY,
// EGOV_SENDER_ID, EGOV_PASSWORD and EGOV_SENDER_CODE say otherwise.
//
// Labels: smoke (one success per operation), contract (the catalogue in detail, the auth and
// validation matrix, payments, generated people, the cross-simulator identity), fault (the
// catalogue's outages and time-outs).
//
// The suite can fail: TestValidatorCatchesBrokenAnswers and TestSuiteFailsAgainstMutants
// (mutants_test.go) run the contract check, and the specs themselves in a child process, against
// deliberately broken variants of the simulator and check that each is caught.
package egovsuite
