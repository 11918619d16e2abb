package sim

import (
	"errors"

	"github.com/egovsim/egovsim/scenarios"
)

// Scenario is a loaded and validated scenario: the catalogue of citizens, clients, credentials and
// faults a simulator serves. Get one from LoadScenario or ParseScenario; it is immutable and may be
// given to any number of simulators. A nil *Scenario means the bundled `default` scenario wherever
// one is taken.
type Scenario struct {
	s *scenarios.Scenario
}

// Name is the scenario's `name`.
func (s *Scenario) Name() string { return s.inner().Name }

// Description is the scenario's `description`.
func (s *Scenario) Description() string { return s.inner().Description }

// YAML is the scenario's text as it was given (a copy).
func (s *Scenario) YAML() []byte { return append([]byte(nil), s.inner().Source...) }

// inner is the loaded scenario, the default one for nil.
func (s *Scenario) inner() *scenarios.Scenario {
	if s == nil {
		return scenarios.Default()
	}
	if s.s == nil {
		return &scenarios.Scenario{}
	}
	return s.s
}

// Problem is one reason a scenario was refused: its line (0 when it concerns the whole file) and a
// plain reason.
type Problem struct {
	Line    int
	Message string
}

// ScenarioError is a refused scenario: every problem the strict loader found, in line order. Match
// it with errors.As.
type ScenarioError struct {
	File     string // the path, "scenarios/<name>.yaml" for a bundled one, "scenario" for ParseScenario
	Problems []Problem

	err *scenarios.Error
}

// Error lists the problems one a line, as file:line: reason (the loader's own wording).
func (e *ScenarioError) Error() string {
	se := &scenarios.Error{File: e.File}
	for _, p := range e.Problems {
		se.Problems = append(se.Problems, scenarios.Problem{Line: p.Line, Message: p.Message})
	}
	return se.Error()
}

// Unwrap is the loader's own error (package scenarios), for callers who match that.
func (e *ScenarioError) Unwrap() error {
	if e.err == nil {
		return nil
	}
	return e.err
}

// LoadScenario loads a bundled scenario by name ("default", "outage", "flaky") or a YAML file by
// path (anything with a slash or a .yaml/.yml suffix), with the same strict loader the binaries use
// for -scenario. A refused scenario is a *ScenarioError; a file that cannot be read is the
// operating system's error.
func LoadScenario(nameOrFile string) (*Scenario, error) {
	return wrap(scenarios.Load(nameOrFile))
}

// ParseScenario loads a scenario from YAML text, strictly (unknown keys, wrong types and
// inconsistent data are refused with their line), as PUT /__admin/scenario does.
func ParseScenario(yaml []byte) (*Scenario, error) {
	return wrap(scenarios.Parse("scenario", yaml))
}

func wrap(s *scenarios.Scenario, err error) (*Scenario, error) {
	var se *scenarios.Error
	if errors.As(err, &se) {
		ps := make([]Problem, len(se.Problems))
		for i, p := range se.Problems {
			ps[i] = Problem{Line: p.Line, Message: p.Message}
		}
		return nil, &ScenarioError{File: se.File, Problems: ps, err: se}
	}
	if err != nil {
		return nil, err
	}
	return &Scenario{s: s}, nil
}

// scenario is what a simulator is given for s: the default for nil, an error for a Scenario that
// did not come from the loader.
func scenario(s *Scenario) (*scenarios.Scenario, error) {
	if s == nil {
		return scenarios.Default(), nil
	}
	if s.s == nil {
		return nil, errors.New("sim: an empty Scenario: get one from LoadScenario or ParseScenario")
	}
	return s.s, nil
}
