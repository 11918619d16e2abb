package egov

import (
	"testing"

	client "github.com/egovsim/egovsim/client/egov"
)

// TestClientSyncServicesEqualTheTable: client/egov spells the serviceId table again (a client may
// not import internal/); this keeps its serviceIds, payload namespaces and request elements equal
// to syncServices, operation by operation.
func TestClientSyncServicesEqualTheTable(t *testing.T) {
	if len(client.SyncServices) != len(syncServices) {
		t.Errorf("client lists %d SyncChannel services, the simulator %d", len(client.SyncServices), len(syncServices))
	}
	for _, s := range syncServices {
		want := client.SyncService{ServiceID: s.id, Namespace: s.ns, RequestType: s.req}
		if got, ok := client.SyncServices[s.op]; !ok || got != want {
			t.Errorf("%s: client %+v (listed %v), simulator %+v", s.op, got, ok, want)
		}
	}
}
