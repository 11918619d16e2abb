package egovspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// send is rawCall for goroutines: no assertions, the caller judges.
func send(op string, body map[string]any) (int, map[string]any, time.Duration, error) {
	data, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, tgt.Base+opsPath+op, bytes.NewReader(data))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+creds.APIKey)
	req.Header.Set("X-Egov-Sender-Id", creds.SenderID)
	req.Header.Set("X-Egov-Password", creds.Password)
	start := time.Now()
	resp, err := tgt.HTTP.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil {
		return resp.StatusCode, nil, took, err
	}
	var m map[string]any
	err = json.Unmarshal(raw, &m)
	return resp.StatusCode, m, took, err
}

// subjectOps are the operations a fault by IIN can reach: those that take an IIN or BIN.
func subjectOps() []opCase {
	var out []opCase
	for _, o := range opCases {
		if o.subject != "" {
			out = append(out, o)
		}
	}
	return out
}

var _ = specs.Describe("the catalogue's gateway outages (docs/behaviour.md §6)", Label("fault"), func() {
	It("750220300021: every operation about this person answers 503 SERVICE_UNAVAILABLE", func() {
		for _, o := range subjectOps() {
			a := rawCall(o.name, o.bodyWith(outageIIN), nil)
			Expect(a.status).To(Equal(503), "%s: %s", o.name, a.raw)
			Expect(a.body).To(Equal(map[string]any{"message": a.body["message"], "code": "SERVICE_UNAVAILABLE", "operation": o.name}))
		}
	})

	It("750220300011: every operation about this person answers 504 GATEWAY_TIMEOUT after at least 1 s", func() {
		type result struct {
			status int
			body   map[string]any
			took   time.Duration
			err    error
		}
		ops := subjectOps()
		results := make([]result, len(ops))
		var wg sync.WaitGroup
		for i, o := range ops {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var r result
				r.status, r.body, r.took, r.err = send(o.name, o.bodyWith(timeoutIIN))
				results[i] = r
			}()
		}
		wg.Wait()
		for i, r := range results {
			Expect(r.err).NotTo(HaveOccurred(), ops[i].name)
			Expect(r.status).To(Equal(504), "%s: %v", ops[i].name, r.body)
			Expect(r.body).To(HaveKeyWithValue("code", "GATEWAY_TIMEOUT"), ops[i].name)
			Expect(r.body).To(HaveKeyWithValue("operation", ops[i].name))
			Expect(r.took).To(BeNumerically(">=", time.Second), "%s answered after %v", ops[i].name, r.took)
		}
	})

	It("a client that gives up before the 504 gets a time-out, not an answer", func(ctx SpecContext) {
		short := *tgt.HTTP
		short.Timeout = 200 * time.Millisecond
		data, _ := json.Marshal(map[string]any{"iinOrBin": timeoutIIN})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, tgt.Base+opsPath+"checkDebtorByIINBIN", bytes.NewReader(data))
		Expect(err).NotTo(HaveOccurred())
		req.Header.Set("Authorization", "Bearer "+creds.APIKey)
		req.Header.Set("X-Egov-Sender-Id", creds.SenderID)
		req.Header.Set("X-Egov-Password", creds.Password)
		_, err = short.Do(req)
		var ne net.Error
		Expect(errors.As(err, &ne) && ne.Timeout()).To(BeTrue(), "want a time-out, got %v", err)
	})

	It("validation still comes first: a bad request about 750220300021 is a 400, not the outage", func() {
		tgt.AllowBadRequests()
		a := rawCall("familyInfoServiceSync", map[string]any{"iin": outageIIN}, nil)
		Expect(a.status).To(Equal(400), "%s", a.raw)
		Expect(a.body).To(HaveKeyWithValue("code", "VALIDATION_ERROR"))
	})
})
