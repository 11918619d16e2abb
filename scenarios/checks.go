package scenarios

import (
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/document"
)

// MaxNumber bounds a document number: it is printed under the barcode and in the PDF's cells.
const MaxNumber = 64

// DateForms are the allowed edoc.dialect.dates values, the default first: document.DateForms, the
// one table.
func DateForms() []string {
	out := make([]string, len(document.DateForms))
	for i, f := range document.DateForms {
		out[i] = string(f)
	}
	return out
}

func (v *validator) dialect(d *Dialect) {
	p := at("edoc", "dialect")
	switch {
	case d.Dates == "":
		d.Dates = DefaultDates
	case !document.DateForm(d.Dates).Valid():
		v.addf(append(p, "dates"), "dialect.dates %q: want %s%s", d.Dates, strings.Join(DateForms(), ", "), didYouMean(d.Dates, DateForms()))
	}
	switch {
	case d.CMDBText == "":
		d.CMDBText = DefaultCMDBText
	case !slices.Contains(CMDBTexts, d.CMDBText):
		v.addf(append(p, "cmdb_text"), "dialect.cmdb_text %q: want %s", d.CMDBText, orList(CMDBTexts))
	}
}

func (v *validator) latency(l *Latency) {
	for op := range l.Operations {
		if serviceOf(op) == "" {
			v.addf(at("latency", "operations", op), "latency for unknown operation %q%s", op, known(op, Operations()))
		}
	}
}

// amount checks a number the gateway answers in JSON: finite (JSON has no NaN or infinity), not
// negative, and above zero when positive is asked.
func (v *validator) amount(path []any, x float64, positive bool) {
	name := path[len(path)-1]
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		v.addf(path, "%s: %v is not a number JSON can carry", name, x)
	case positive && x <= 0:
		v.addf(path, "%s must be positive", name)
	case x < 0:
		v.addf(path, "%s must not be negative", name)
	}
}

// number checks that the files of the approve answer can carry a document number: the barcode,
// the QR code and the printed text.
func (v *validator) number(path []any, s string) {
	for _, carries := range []func(string) error{artifact.BarcodeCarries, artifact.QRCarries, artifact.TextCarries} {
		if err := carries(s); err != nil {
			v.addf(path, "document number %q: %v", s, err)
			return
		}
	}
}

// nodes checks what is best seen on the tree itself, before decoding: the length of every string,
// and that the free-form values (document fields, fault bodies) are JSON the servers can answer.
func (v *validator) nodes(n *yaml.Node, path []any) {
	if n.Kind == yaml.AliasNode {
		return // checked where the anchor stands
	}
	if n.Kind == yaml.ScalarNode && len(n.Value) > MaxString {
		v.addAt(n, path, "%s: %d bytes, at most %d", pathName(path), len(n.Value), MaxString)
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			kp := appendPath(path, k.Value)
			if len(k.Value) > MaxString {
				v.addAt(k, path, "%s: a key of %d bytes, at most %d", pathName(path), len(k.Value), MaxString)
				continue
			}
			switch {
			case len(path) == 3 && path[0] == "citizens" && path[2] == "documents":
				// documents.<type>: its fields are printed on the files, and given back in result_json.
				if val.Kind == yaml.MappingNode {
					for j := 0; j+1 < len(val.Content); j += 2 {
						fk, fv := val.Content[j], val.Content[j+1]
						v.free(fk, fv, appendPath(kp, fk.Value), true, 0)
					}
				} else {
					v.nodes(val, kp)
				}
			case len(path) == 2 && path[0] == "faults" && k.Value == "body":
				v.free(nil, val, kp, false, 0)
			default:
				v.nodes(val, kp)
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			v.nodes(c, appendPath(path, i))
		}
	}
}

// free checks a free-form value (and its key, when it has one): string keys only, finite numbers,
// bounded strings, and, when printed, text the document font can draw.
func (v *validator) free(key, n *yaml.Node, path []any, printed bool, depth int) {
	if depth > 32 {
		v.addAt(n, path, "%s: nested more than 32 levels deep", pathName(path))
		return
	}
	if key != nil {
		switch {
		case key.Kind != yaml.ScalarNode || (key.ShortTag() != "!!str" && key.ShortTag() != "!!merge"):
			v.addAt(key, path, "%s: key %s is not a string; quote it (JSON objects have string keys)", pathName(path[:len(path)-1]), key.Value)
		case len(key.Value) > MaxString:
			v.addAt(key, path, "%s: a key of %d bytes, at most %d", pathName(path[:len(path)-1]), len(key.Value), MaxString)
			return
		case printed:
			if err := artifact.TextCarries(key.Value); err != nil {
				v.addAt(key, path, "%s: cannot be printed on the document: %v", pathName(path), err)
			}
		}
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!float", "!!int":
			var f float64
			if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				v.addAt(n, path, "%s: %s is not a number JSON can carry", pathName(path), n.Value)
			}
		case "!!str":
			if len(n.Value) > MaxString {
				v.addAt(n, path, "%s: %d bytes, at most %d", pathName(path), len(n.Value), MaxString)
			} else if printed {
				if err := artifact.TextCarries(n.Value); err != nil {
					v.addAt(n, path, "%s %q cannot be printed on the document: %v", pathName(path), n.Value, err)
				}
			}
		case "!!binary":
			v.addAt(n, path, "%s: binary values cannot be answered as JSON; use a string", pathName(path))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			v.free(n.Content[i], n.Content[i+1], appendPath(path, n.Content[i].Value), printed, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			v.free(nil, c, appendPath(path, i), printed, depth+1)
		}
	}
}
