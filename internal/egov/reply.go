package egov

import (
	"net/http"

	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/web"
)

// reply is how a served call is answered: the JSON facade's body, or the SyncChannel envelope
// (soap.go). Both run the same serveIn: checks, faults, payments and the clock are shared.
type reply interface {
	soap() bool // the call came over SOAP: a scenario's soap_fault may fire
	fault(op string) fault.Answer
	success(w http.ResponseWriter, out any, ri responseInfo)
}

// jsonReply answers in the connector document's JSON.
type jsonReply struct{}

func (jsonReply) soap() bool                   { return false }
func (jsonReply) fault(op string) fault.Answer { return answerFault(op) }
func (jsonReply) success(w http.ResponseWriter, out any, _ responseInfo) {
	web.JSON(w, http.StatusOK, out)
}
