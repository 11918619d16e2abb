// Package egovsuite runs the gateway contract suite (suite/egovspec) from go test, and tests it:
//
//	go test ./suite/egov/                                      # against mock-egov started in-process
//	EGOV_BASE_URL=http://127.0.0.1:8082 go test ./suite/egov/  # against any running server
//	go test ./suite/egov/ -args -ginkgo.label-filter=smoke -ginkgo.junit-report=egov.xml
//
// TestValidatorCatchesBrokenAnswers and TestSuiteFailsAgainstMutants run the contract check, and the
// specs themselves in a child process, against deliberately broken variants of the simulator and
// check that each is caught.
package egovsuite
