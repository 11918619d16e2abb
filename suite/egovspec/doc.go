// Package egovspec is the Ginkgo contract suite of the SmartBridge gateway facade (docs/behaviour.md §3 and §6),
// importable so that any module can run it against its own server:
//
//	func TestGatewayContract(t *testing.T) {
//		egovspec.Run(t, suite.Target{BaseURL: "http://127.0.0.1:8082"})
//	}
//
// This module runs it from suite/egov (go test ./suite/egov/, EGOV_BASE_URL for a running server).
// Every spec runs twice, "over JSON:" and "over SOAP:": the typed client speaks the JSON facade, then
// SmartBridge SyncChannel (egov.SOAP) at /bip-sync/; raw exchanges (hand-made JSON bodies and headers)
// are the JSON facade's in both. Every JSON exchange is checked against contracts/egov.openapi.yaml,
// every SOAP one (request and answer) against the SyncChannel schemas with xmllint (contracts/syncchannel.wsdl;
// without xmllint the SOAP specs fail under CI and skip elsewhere), admin calls against
// contracts/admin.openapi.yaml; a broken rule fails the spec, naming the rule and showing the body.
// On a simulator each Ginkgo process works in a tenant of its own (/t/suite-<process>-<random>/).
// Specs that need the simulator's admin API (the clock, scenario upload, reset) skip, saying why,
// where GET /__admin/health does not answer 200 on the target; a run that skipped specs fails after
// listing them, unless suite.Target.Partial (EGOVSIM_SUITE_PARTIAL=1) accepts it. The gateway
// credentials are the catalogue's unless the target names others (EGOV_API_KEY, EGOV_SENDER_ID,
// EGOV_PASSWORD, EGOV_SENDER_CODE).
//
// Labels: smoke (one success per operation), contract (the catalogue in detail, the auth and
// validation matrix, payments, generated people, the cross-simulator identity), fault (the
// catalogue's outages and time-outs).
package egovspec
