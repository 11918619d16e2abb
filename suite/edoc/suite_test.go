package edocsuite_test

import (
	"testing"

	// The ginkgo CLI runs a package's specs in parallel (ginkgo -p) only when its tests import ginkgo.
	_ "github.com/onsi/ginkgo/v2"

	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/edocspec"
)

// TestSuite runs the E-Document specs against EDOC_BASE_URL, or mock-edoc in-process when unset
// (suite.FromEnv lists the variables).
func TestSuite(t *testing.T) {
	edocspec.Run(t, suite.FromEnv("EDOC"))
}
