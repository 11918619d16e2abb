// Package scenarios loads scenario files (SPEC §4): strictly, with file, line and a plain reason for
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
	"regexp"
	"sort"
	"strconv"
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

// UnmarshalYAML parses "5m", "1.5s".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a duration must be a string such as \"5m\"", n.Line)
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return fmt.Errorf("line %d: %q is not a positive duration (e.g. 300ms, 5m)", n.Line, n.Value)
	}
	d.Duration = v
	return nil
}

// MarshalYAML writes the duration back as text.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML parses "200ms" or "200ms..2s".
func (d *Delay) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: delay must be a duration or a range such as \"200ms..2s\"", n.Line)
	}
	lo, hi, isRange := strings.Cut(n.Value, "..")
	if !isRange {
		hi = lo
	}
	min, err1 := time.ParseDuration(strings.TrimSpace(lo))
	max, err2 := time.ParseDuration(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || min < 0 || max <= 0 {
		return fmt.Errorf("line %d: delay %q is not a duration or a min..max range (e.g. 1s, 200ms..2s)", n.Line, n.Value)
	}
	if min > max {
		return fmt.Errorf("line %d: delay %q: min is larger than max", n.Line, n.Value)
	}
	if max > 5*time.Minute {
		return fmt.Errorf("line %d: delay %q: at most 5m", n.Line, n.Value)
	}
	d.Min, d.Max = min, max
	return nil
}

// MarshalYAML writes the delay back as text.
func (d Delay) MarshalYAML() (any, error) {
	if d.Min == d.Max {
		return d.Max.String(), nil
	}
	return d.Min.String() + ".." + d.Max.String(), nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
var unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)

// yamlProblems turns yaml.v3 errors into problems with lines and plain words.
func yamlProblems(err error) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		p := Problem{Message: strings.TrimPrefix(m, "yaml: ")}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			p.Line, _ = strconv.Atoi(sm[1])
			p.Message = sm[2]
		}
		if sm := unknownField.FindStringSubmatch(p.Message); sm != nil {
			p.Message = fmt.Sprintf("unknown key %q", sm[1])
		}
		p.Message = strings.Replace(p.Message, "cannot unmarshal !!", "wrong type: got !!", 1)
		out = append(out, p)
	}
	return out
}

// Parse loads one scenario from YAML, strictly, and validates it.
func Parse(file string, data []byte) (*Scenario, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: file, Problems: []Problem{{Message: fmt.Sprintf("file is larger than %d bytes", MaxSize)}}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{File: file, Problems: yamlProblems(err)}
	}
	if len(root.Content) == 0 {
		return nil, &Error{File: file, Problems: []Problem{{Line: 1, Message: "empty scenario: name and citizens are required"}}}
	}
	s := &Scenario{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil {
		return nil, &Error{File: file, Problems: yamlProblems(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: file, Problems: []Problem{{Line: extra.Line, Message: "one scenario per file: a second YAML document follows"}}}
	}
	v := &validator{root: root.Content[0]}
	v.scenario(s)
	if len(v.problems) > 0 {
		sort.SliceStable(v.problems, func(i, j int) bool { return v.problems[i].Line < v.problems[j].Line })
		return nil, &Error{File: file, Problems: v.problems}
	}
	s.Source = data
	s.File = file
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

// Default is the built-in catalogue of SPEC §6.
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
