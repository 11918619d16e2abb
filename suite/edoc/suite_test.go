package edocsuite_test

import (
	"testing"

	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/edocspec"
)

// TestSuite runs the E-Document specs against EDOC_BASE_URL, or mock-edoc in-process when unset
// (suite.FromEnv lists the variables).
func TestSuite(t *testing.T) {
	edocspec.Run(t, suite.FromEnv("EDOC"))
}
