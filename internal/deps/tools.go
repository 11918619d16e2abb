//go:build tools

// Package deps pins modules that packages under construction import; removed once they all do.
package deps

import (
	_ "github.com/boombuler/barcode/code128"
	_ "github.com/boombuler/barcode/qr"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/getkin/kin-openapi/routers/gorillamux"
	_ "github.com/go-pdf/fpdf"
	_ "github.com/google/uuid"
	_ "github.com/gorilla/mux"
	_ "github.com/makiuchi-d/gozxing/oned"
	_ "github.com/makiuchi-d/gozxing/qrcode"
	_ "github.com/onsi/ginkgo/v2"
	_ "github.com/onsi/gomega"
	_ "golang.org/x/image/font/gofont/goregular"
	_ "gopkg.in/yaml.v3"
)
