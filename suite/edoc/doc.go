// Package edocsuite runs the E-Document contract suite (suite/edocspec) from go test, and tests it:
//
//	go test ./suite/edoc/                                      # against mock-edoc started in-process
//	EDOC_BASE_URL=http://127.0.0.1:8081 go test ./suite/edoc/  # against any running server
//	go test ./suite/edoc/ -args -ginkgo.label-filter=smoke -ginkgo.junit-report=edoc.xml
//
// TestMutants proves the suite can fail: it runs these same specs, in a child process, against
// deliberately broken variants of the simulator and checks that each fails and names the
// deviation. TestPartialTarget runs them against a server without the admin API and checks that
// the run fails, listing the skipped specs, unless a partial run is accepted.
package edocsuite
