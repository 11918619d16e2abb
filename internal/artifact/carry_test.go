package artifact

import (
	"strings"
	"testing"
)

func TestBarcodeCarries(t *testing.T) {
	for _, s := range []string{"041234567", "N12345678", "DL-1/2 x", "10-119-07-0001031"} {
		if err := BarcodeCarries(s); err != nil {
			t.Errorf("BarcodeCarries(%q) = %v", s, err)
		}
		if _, err := Barcode(s); err != nil {
			t.Errorf("Barcode(%q) = %v: the check and the renderer disagree", s, err)
		}
	}
	for _, s := range []string{"АБ1234567", "№123", "12\u00f1"} {
		err := BarcodeCarries(s)
		if err == nil {
			t.Errorf("BarcodeCarries(%q) accepted", s)
			continue
		}
		if !strings.Contains(err.Error(), "Code 128") {
			t.Errorf("BarcodeCarries(%q) = %v: want the reason", s, err)
		}
	}
	if BarcodeCarries("") == nil {
		t.Error("empty accepted")
	}
	if _, err := Barcode("АБ1234567"); err == nil {
		t.Error("the renderer draws a Cyrillic barcode: the check refuses what it could carry")
	}
}

func TestQRCarries(t *testing.T) {
	for _, s := range []string{"041234567", "АБ1234567", strings.Repeat("9", 1000)} {
		if err := QRCarries(s); err != nil {
			t.Errorf("QRCarries(%q) = %v", s, err)
		}
	}
	if err := QRCarries(strings.Repeat("Ж", 2000)); err == nil {
		t.Error("4000 bytes accepted at error correction M")
	}
}

func TestTextCarries(t *testing.T) {
	for _, s := range []string{"ИВАНОВ", "СЕРІКБАЕВ ҚАЙРАТҰЛЫ", "O'Brien-Smith", "Ғалым «№1»"} {
		if err := TextCarries(s); err != nil {
			t.Errorf("TextCarries(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"李", "A\x01B", "😀"} {
		if err := TextCarries(s); err == nil {
			t.Errorf("TextCarries(%q) accepted", s)
		}
	}
}
