// Package scenarios loads scenario files (docs/behaviour.md §4): strictly, with file, line and a plain reason for
// every refusal. A refused file never half-loads. The bundled scenarios are embedded.
package scenarios

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var bundled embed.FS

// Problem is one reason a scenario was refused.
type Problem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Error is a refused scenario: every problem found, with the file.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.File, p.Line, p.Message)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.File, p.Message)
		}
	}
	return b.String()
}

// MaxSize caps a scenario file.
const MaxSize = 4 << 20

// UnmarshalYAML parses "5m", "1.5s". Its refusals are type errors, so that the decoder goes on
// and the rest of the file is still checked.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return decodeError(n, "a duration must be a string such as \"5m\"")
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return decodeError(n, fmt.Sprintf("%q is not a positive duration (e.g. 300ms, 5m)", n.Value))
	}
	d.Duration = v
	return nil
}

// MarshalYAML writes the duration back as text.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// MaxDelay bounds a delay or a latency.
const MaxDelay = 5 * time.Minute

// ParseDelay reads "200ms" or "200ms..2s".
func ParseDelay(s string) (Delay, error) {
	lo, hi, isRange := strings.Cut(s, "..")
	if !isRange {
		hi = lo
	}
	min, err1 := time.ParseDuration(strings.TrimSpace(lo))
	max, err2 := time.ParseDuration(strings.TrimSpace(hi))
	switch {
	case err1 != nil || err2 != nil || min < 0 || max <= 0:
		return Delay{}, fmt.Errorf("delay %q is not a duration or a min..max range (e.g. 1s, 200ms..2s)", s)
	case min > max:
		return Delay{}, fmt.Errorf("delay %q: min is larger than max", s)
	case max > MaxDelay:
		return Delay{}, fmt.Errorf("delay %q: at most %s", s, MaxDelay)
	}
	return Delay{Min: min, Max: max}, nil
}

// UnmarshalYAML parses "200ms" or "200ms..2s".
func (d *Delay) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return decodeError(n, "delay must be a duration or a range such as \"200ms..2s\"")
	}
	v, err := ParseDelay(n.Value)
	if err != nil {
		return decodeError(n, err.Error())
	}
	*d = v
	return nil
}

// MarshalYAML writes the delay back as text.
func (d Delay) MarshalYAML() (any, error) {
	if d.Min == d.Max {
		return d.Max.String(), nil
	}
	return d.Min.String() + ".." + d.Max.String(), nil
}

// decodeError is a refusal the yaml decoder collects without stopping.
func decodeError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: column %d: %s", n.Line, n.Column, msg)}}
}

// Parse loads one scenario from YAML, strictly, and validates it. A refusal is an *Error listing
// every problem found, each with its line.
func Parse(file string, data []byte) (*Scenario, error) {
	s, problems := parse(data)
	if len(problems) > 0 {
		return nil, &Error{File: file, Problems: problems}
	}
	s.Source = data
	s.File = file
	return s, nil
}

func parse(data []byte) (*Scenario, []Problem) {
	if len(data) > MaxSize {
		return nil, []Problem{{Message: fmt.Sprintf("file is larger than %d bytes", MaxSize)}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []Problem{syntaxProblem(data, err)}
	}
	if len(root.Content) == 0 {
		return nil, []Problem{{Line: 1, Message: "empty scenario: name and citizens are required"}}
	}
	v := newValidator(root.Content[0])
	s := &Scenario{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(s)
	var te *yaml.TypeError
	switch {
	case errors.As(err, &te):
		v.decodeErrors(te.Errors)
	case err != nil:
		return nil, []Problem{syntaxProblem(data, err)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		v.problems = append(v.problems, problem{Problem: Problem{Line: extra.Line, Message: "one scenario per file: a second YAML document follows"}})
	case !errors.Is(err, io.EOF):
		return nil, []Problem{syntaxProblem(data, err)}
	}
	v.nodes(v.root, nil)
	v.scenario(s)
	if out := v.result(); len(out) > 0 {
		return nil, out
	}
	return s, nil
}

// Info describes a bundled scenario.
type Info struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Bundled lists the embedded scenarios, default first.
func Bundled() []Info {
	entries, _ := fs.ReadDir(bundled, ".")
	out := []Info{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".yaml")
		s, err := LoadBundled(name)
		if err != nil {
			continue // a test guards that every bundled file loads
		}
		out = append(out, Info{Name: s.Name, Description: s.Description})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name == "default" && out[j].Name != "default" })
	return out
}

// LoadBundled loads an embedded scenario by name.
func LoadBundled(name string) (*Scenario, error) {
	if strings.ContainsAny(name, `/\.`) || name == "" {
		return nil, fmt.Errorf("no bundled scenario %q", name)
	}
	data, err := fs.ReadFile(bundled, name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("no bundled scenario %q (bundled: %s)", name, strings.Join(bundledNames(), ", "))
	}
	return Parse(path.Join("scenarios", name+".yaml"), data)
}

func bundledNames() []string {
	entries, _ := fs.ReadDir(bundled, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// Default is the built-in catalogue of docs/behaviour.md §6.
func Default() *Scenario {
	s, err := LoadBundled("default")
	if err != nil {
		panic("bundled default scenario does not load: " + err.Error()) // guarded by a test
	}
	return s
}

// Load takes a bundled name or a file path (anything with a slash or a .yaml/.yml suffix is a path).
func Load(nameOrFile string) (*Scenario, error) {
	if !strings.ContainsAny(nameOrFile, `/\`) && !strings.HasSuffix(nameOrFile, ".yaml") && !strings.HasSuffix(nameOrFile, ".yml") {
		return LoadBundled(nameOrFile)
	}
	f, err := os.Open(nameOrFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxSize+1)); err != nil {
		return nil, err
	}
	return Parse(nameOrFile, buf.Bytes())
}
