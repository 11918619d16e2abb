package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDecodeObjectAndFields(t *testing.T) {
	m, err := DecodeObject([]byte(` {"a":"plain","b":"esc\"aped\u00e9","c":5,"d":null,"e":true} `))
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"a": "plain", "b": "esc\"apedé"} {
		if got, err := String(m, field); err != nil || got != want {
			t.Errorf("String(%s) = %q, %v; want %q", field, got, err, want)
		}
	}
	for field, want := range map[string]string{"c": "c: Not a valid string.", "d": "d: This field is required.", "z": "z: This field is required."} {
		if _, err := String(m, field); err == nil || err.Error() != want {
			t.Errorf("String(%s) error = %v, want %q", field, err, want)
		}
	}
	if b, err := Bool(m, "e"); err != nil || !b {
		t.Errorf("Bool(e) = %v %v", b, err)
	}
	if _, err := Bool(m, "a"); err == nil || err.Error() != "a: Must be a valid boolean." {
		t.Errorf("Bool(a) error = %v", err)
	}
	for body, want := range map[string]string{
		"":                  "request body is empty: a JSON object is required",
		"[]":                "request body must be a JSON object",
		`{"a":1}{"b":2}`:    "request body must hold one JSON object",
		`{"a":1} x`:         "request body must hold one JSON object",
		`{"a":`:             "request body is not valid JSON: unexpected EOF",
		"{\"a\":\"\xff\"}x": "request body must hold one JSON object",
	} {
		if _, err := DecodeObject([]byte(body)); err == nil || err.Error() != want {
			t.Errorf("DecodeObject(%q) error = %v, want %q", body, err, want)
		}
	}
}

func TestJSONAndRaw(t *testing.T) {
	rec := httptest.NewRecorder()
	JSON(rec, 418, map[string]string{"detail": "<Can`t>"})
	var m map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["detail"] != "<Can`t>" || rec.Code != 418 {
		t.Fatalf("%d %s %v", rec.Code, rec.Body, err)
	}
	if rec.Header().Get("Content-Type") != "application/json" || rec.Header().Get("Content-Length") != "21" || strings.Contains(rec.Body.String(), `\u003c`) {
		t.Errorf("headers %v body %q", rec.Header(), rec.Body)
	}
}
