package egovsuite_test

import (
	"testing"

	// The ginkgo CLI runs a package's specs in parallel (ginkgo -p) only when its tests import ginkgo.
	_ "github.com/onsi/ginkgo/v2"

	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/egovspec"
)

// TestSuite runs the gateway specs against EGOV_BASE_URL, or mock-egov in-process when unset
// (suite.FromEnv lists the variables).
func TestSuite(t *testing.T) {
	egovspec.Run(t, suite.FromEnv("EGOV"))
}
