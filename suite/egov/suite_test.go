package egovsuite_test

import (
	"testing"

	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/egovspec"
)

// TestSuite runs the gateway specs against EGOV_BASE_URL, or mock-egov in-process when unset
// (suite.FromEnv lists the variables).
func TestSuite(t *testing.T) {
	egovspec.Run(t, suite.FromEnv("EGOV"))
}
