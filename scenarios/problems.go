package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxString bounds every string of a scenario (keys included): the simulators store and answer
// them, and nothing documented comes near it.
const MaxString = 4 << 10

// problem is a Problem with the path of the node it is about ("citizens.0.iin"), so that the
// validator can stay silent about a value the decoder already refused.
type problem struct {
	Problem
	path string
}

type validator struct {
	root     *yaml.Node
	problems []problem
	// undecoded are the paths whose values the decoder refused: what is under them in the
	// Scenario is a zero value, not the file's, so the validator says nothing about it.
	undecoded []string
	// index finds a node by line, for decode errors, which name only the line.
	index map[int][]located
}

type located struct {
	node  *yaml.Node
	path  []any
	isKey bool
}

func newValidator(root *yaml.Node) *validator {
	v := &validator{root: root, index: map[int][]located{}}
	var walk func(n *yaml.Node, path []any, depth int)
	walk = func(n *yaml.Node, path []any, depth int) {
		if depth > 64 {
			return
		}
		v.index[n.Line] = append(v.index[n.Line], located{node: n, path: path})
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				kp := appendPath(path, k.Value)
				v.index[k.Line] = append(v.index[k.Line], located{node: k, path: kp, isKey: true})
				walk(n.Content[i+1], kp, depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, appendPath(path, i), depth+1)
			}
		}
	}
	walk(root, nil, 0)
	return v
}

func appendPath(path []any, step any) []any {
	out := make([]any, len(path), len(path)+1)
	copy(out, path)
	return append(out, step)
}

// pathKey is the path as one string, segments joined by dots.
func pathKey(path []any) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		fmt.Fprint(&b, s)
	}
	return b.String()
}

// pathName is the path as a reader writes it: citizens[0].documents.passport.
func pathName(path []any) string {
	var b strings.Builder
	for _, s := range path {
		switch s := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}

// line finds the line of a path of mapping keys (string) and sequence indexes (int): the
// nearest node that exists, so a problem always has a line.
func (v *validator) line(path ...any) int {
	n := v.root
	best := max(n.Line, 1)
	for _, step := range path {
		var next *yaml.Node
		switch k := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						best = n.Content[i].Line
						next = n.Content[i+1]
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
				best = next.Line
			}
		}
		if next == nil {
			return best
		}
		n = next
	}
	return best
}

func (v *validator) addf(path []any, format string, args ...any) {
	v.problems = append(v.problems, problem{Problem: Problem{Line: v.line(path...), Message: fmt.Sprintf(format, args...)}, path: pathKey(path)})
}

// addAt reports a problem about a node found while walking the tree.
func (v *validator) addAt(n *yaml.Node, path []any, format string, args ...any) {
	v.problems = append(v.problems, problem{Problem: Problem{Line: max(n.Line, 1), Message: fmt.Sprintf(format, args...)}, path: pathKey(path)})
}

// result is every problem, in line order, without those about values the decoder refused.
func (v *validator) result() []Problem {
	var out []Problem
	seen := map[Problem]bool{}
	for _, p := range v.problems {
		if p.path != "decode" && v.isUndecoded(p.path) {
			continue
		}
		if !seen[p.Problem] {
			seen[p.Problem] = true
			out = append(out, p.Problem)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

func (v *validator) isUndecoded(path string) bool {
	for _, u := range v.undecoded {
		if u == "" || path == u || strings.HasPrefix(path, u+".") {
			return true
		}
	}
	return false
}

var (
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	cannot       = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into (.+)$")
	dupKey       = regexp.MustCompile(`^mapping key "(.*)" already defined at line \d+$`)
	dupField     = regexp.MustCompile(`^field (\S+) already set in type \S+$`)
	ownError     = regexp.MustCompile(`^column (\d+): (.*)$`)
)

// decodeErrors turns the decoder's collected refusals into problems with plain words, and
// remembers which values they were about.
func (v *validator) decodeErrors(msgs []string) {
	for _, m := range msgs {
		p := problem{Problem: Problem{Line: 1, Message: strings.TrimPrefix(m, "yaml: ")}, path: "decode"}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			p.Line, _ = strconv.Atoi(sm[1])
			p.Message = sm[2]
		}
		switch {
		case unknownField.MatchString(p.Message):
			sm := unknownField.FindStringSubmatch(p.Message)
			p.Message = fmt.Sprintf("unknown key %q", sm[1]) + didYouMean(sm[1], keysOf(sm[2]))
		case dupKey.MatchString(p.Message) || dupField.MatchString(p.Message):
			// The decoder drops the whole mapping: nothing under it was read.
			key := dupKey.FindStringSubmatch(p.Message)
			if key == nil {
				key = dupField.FindStringSubmatch(p.Message)
			}
			if at, ok := v.find(p.Line, key[1], true); ok {
				v.undecoded = append(v.undecoded, pathKey(at.path[:len(at.path)-1]))
			}
		case cannot.MatchString(p.Message):
			sm := cannot.FindStringSubmatch(p.Message)
			at, ok := v.find(p.Line, sm[2], false)
			if ok {
				v.undecoded = append(v.undecoded, pathKey(at.path))
				p.Message = fmt.Sprintf("%s: wrong type: want %s, got %s", pathName(at.path), want(sm[3]), got(sm[1], at.node))
			} else {
				p.Message = fmt.Sprintf("wrong type: want %s, got %s", want(sm[3]), strings.TrimPrefix(sm[1], "!!"))
			}
		case ownError.MatchString(p.Message): // durations and delays: decodeError names the column
			sm := ownError.FindStringSubmatch(p.Message)
			column, _ := strconv.Atoi(sm[1])
			p.Message = sm[2]
			if at, ok := v.findColumn(p.Line, column); ok {
				v.undecoded = append(v.undecoded, pathKey(at.path))
				p.Message = pathName(at.path) + ": " + p.Message
			}
		}
		v.problems = append(v.problems, p)
	}
}

// find locates the node a decode error is about, on its line: a key with that name, or the
// innermost value whose text starts as the error quotes it (the decoder cuts long values to seven
// bytes; it quotes no text for a list or a mapping).
func (v *validator) find(line int, text string, key bool) (located, bool) {
	text = strings.TrimSuffix(text, "...")
	var best located
	found := false
	for _, at := range v.index[line] {
		switch {
		case at.isKey != key:
			continue
		case key && at.node.Value != text:
			continue
		case !key && text == "" && at.node.Kind == yaml.ScalarNode:
			continue
		case !key && text != "" && (at.node.Kind != yaml.ScalarNode || !strings.HasPrefix(at.node.Value, text)):
			continue
		}
		if !found || len(at.path) > len(best.path) {
			best, found = at, true
		}
	}
	return best, found
}

// findColumn locates the value that starts at line:column.
func (v *validator) findColumn(line, column int) (located, bool) {
	for _, at := range v.index[line] {
		if !at.isKey && at.node.Column == column {
			return at, true
		}
	}
	return located{}, false
}

func want(goType string) string {
	t := strings.TrimPrefix(goType, "*")
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "scenarios."):
		return "a mapping (key: value)"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string", t == "kz.Gender":
		return "a single value"
	}
	return t
}

func got(tag string, n *yaml.Node) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a mapping"
	case "!!null":
		return "nothing (null)"
	}
	return strconv.Quote(n.Value)
}

// keysOf are the YAML keys of a scenario type, by the name the decoder gives it.
func keysOf(typeName string) []string { return typeKeys[strings.TrimPrefix(typeName, "*")] }

var typeKeys = func() map[string][]string {
	out := map[string][]string{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || out[t.String()] != nil {
			return
		}
		keys := []string{}
		out[t.String()] = keys
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" || name == "" || !f.IsExported() {
				continue
			}
			keys = append(keys, name)
			add(f.Type)
		}
		out[t.String()] = keys
	}
	add(reflect.TypeOf(Scenario{}))
	return out
}()

// didYouMean suggests the nearest of options, or says nothing when none is near.
func didYouMean(s string, options []string) string {
	if n, ok := nearest(s, options); ok {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// nearest is the option with the fewest edits from s, when that is few enough to be a slip.
func nearest(s string, options []string) (string, bool) {
	best, bestD := "", math.MaxInt
	ls := strings.ToLower(s)
	for _, o := range options {
		d := Distance(ls, strings.ToLower(o))
		if d < bestD {
			best, bestD = o, d
		}
	}
	limit := max(2, utf8.RuneCountInString(s)/4)
	return best, best != "" && bestD <= limit && best != s
}

// Distance is the Levenshtein distance between a and b, in runes, each cut to its first 256
// runes (a bound on the work; a slip is far shorter). The scenario checker's "did you mean" and
// E-Document's closest known API key both measure with it.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	ra, rb = ra[:min(len(ra), 256)], rb[:min(len(rb), 256)]
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// syntaxProblem is a YAML syntax error at the line that causes it. yaml.v3 names the line where the
// enclosing block starts (so an indentation slip in a long list points at the list's first line)
// and no line at all on the first line or for bad bytes; the first prefix of the file that fails
// the same way ends at the culprit.
func syntaxProblem(data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	reported := 0
	if sm := yamlLine.FindStringSubmatch(msg); sm != nil {
		reported, _ = strconv.Atoi(sm[1])
		msg = sm[2]
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	line := max(reported, 1)
	if len(data) <= MaxSize/4 {
		fails := func(k int) bool {
			dec := yaml.NewDecoder(bytes.NewReader(bytes.Join(lines[:k], nil)))
			var e error
			for e == nil {
				var n yaml.Node
				e = dec.Decode(&n)
			}
			if errors.Is(e, io.EOF) {
				return false
			}
			m := strings.TrimPrefix(e.Error(), "yaml: ")
			if sm := yamlLine.FindStringSubmatch(m); sm != nil {
				m = sm[2]
			}
			return m == msg
		}
		lo, hi := max(reported-1, 1), len(lines)
		if fails(hi) {
			for lo < hi {
				mid := (lo + hi) / 2
				if fails(mid) {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			line = lo
		}
	}
	if line <= len(lines) {
		text := string(lines[line-1])
		indent := text[:len(text)-len(strings.TrimLeft(text, " \t-"))]
		if strings.Contains(indent, "\t") {
			return Problem{Line: line, Message: "tabs are not allowed in YAML indentation; use spaces"}
		}
	}
	switch msg {
	case "did not find expected key", "did not find expected '-' indicator", "found a tab character that violates indentation",
		"block sequence entries are not allowed in this context":
		msg += " (is this line indented like the lines it belongs with?)"
	case "control characters are not allowed", "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence":
		msg += " (the file must be UTF-8 text)"
	}
	return Problem{Line: line, Message: msg}
}

// Check loads a scenario by bundled name or file and returns every problem found (none: it
// loads). A file that cannot be read is one problem without a line.
func Check(nameOrFile string) []Problem {
	_, err := Load(nameOrFile)
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return se.Problems
	}
	return []Problem{{Message: err.Error()}}
}
