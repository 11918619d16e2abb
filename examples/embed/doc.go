// Package embed is a service's own module testing against the egovsim simulators in-process:
// ordinary go test, sim/simtest for the servers, client/edoc and client/egov for the calls. Run it
// with go test ./... in this folder.
package embed
