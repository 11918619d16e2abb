#!/usr/bin/env bash
# profile-load.sh profiles one simulator alone while wrk drives it from another process: the server
# runs in scripts/pprofserve (the simulator's handler plus net/http/pprof on a second loopback port),
# wrk sends the same requests as scripts/load.sh, and pprof's top entries are printed for CPU,
# allocations and mutex contention.
#
#   scripts/profile-load.sh edoc          # POST request/identity_card/ for the happy citizen
#   scripts/profile-load.sh egov          # GBDFL lookups among $PEOPLE generated people
#   DIR=/tmp/p scripts/profile-load.sh bare   # keep the profiles (go tool pprof -http 127.0.0.1:0 ...)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SIM=${1:?usage: profile-load.sh edoc|egov|bare}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
SECONDS_CPU=${SECONDS_CPU:-8}
PEOPLE=${PEOPLE:-100000}
TOP=${TOP:-30}
DIR=${DIR:-$(mktemp -d -t profile-load.XXXXXX)}
mkdir -p "$DIR"
command -v wrk >/dev/null || die "wrk is missing: run scripts/load.sh once, or apt-get install wrk"
command -v curl >/dev/null || die "curl is missing"
die() { echo "profile-load.sh: $*" >&2; exit 1; }

PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$DIR/" ./scripts/pprofserve ./scripts/loadkit
KIT=$DIR/loadkit
ADDR=127.0.0.1:$("$KIT" port)
PADDR=127.0.0.1:$("$KIT" port)
case $SIM in
edoc | bare)
	SCEN=default
	URL=http://$ADDR/api/v1/backend/e-document/online-access/request/identity_card/
	WRKARGS=(edoc)
	;;
egov)
	grep -q '^population:' scenarios/default.yaml && die "scenarios/default.yaml already has population:"
	SCEN=$DIR/people.yaml
	{ sed 's/^name: default$/name: load-generated/' scenarios/default.yaml; printf '\npopulation: {generate: %d, seed: 1}\n' "$PEOPLE"; } >"$SCEN"
	"$KIT" iins -scenario "$SCEN" -n 4096 >"$DIR/iins.txt"
	URL=http://$ADDR/api/egov/gbdflUniversalServiceSync
	WRKARGS=(egov "$DIR/iins.txt")
	;;
*) die "unknown simulator $SIM (edoc, egov, bare)" ;;
esac

t0=$(date +%s%N)
"$DIR/pprofserve" -sim "$SIM" -addr "$ADDR" -pprof "$PADDR" -scenario "$SCEN" >"$DIR/server.log" 2>&1 &
PIDS+=($!)
"$KIT" ready -url "http://$ADDR/__admin/health" -since "$t0" -pid "${PIDS[0]}" >/dev/null || { cat "$DIR/server.log" >&2; die "server did not come up"; }

wrk -t"$THREADS" -c"$CONNS" -d"$((SECONDS_CPU + 3))s" --timeout 5s -s scripts/wrk/post.lua "$URL" -- "${WRKARGS[@]}" >"$DIR/wrk.txt" 2>&1 &
WRK=$!
PIDS+=("$WRK")
sleep 1
curl -fsS -o "$DIR/cpu.pb" "http://$PADDR/debug/pprof/profile?seconds=$SECONDS_CPU"
wait "$WRK" || { cat "$DIR/wrk.txt" >&2; die "wrk failed"; }
for p in allocs mutex block; do curl -fsS -o "$DIR/$p.pb" "http://$PADDR/debug/pprof/$p"; done
grep -E 'Requests/sec|^RESULT' "$DIR/wrk.txt"

top() { go tool pprof -top -nodecount "$TOP" "$@" 2>/dev/null | sed -n '/flat%/,$p'; }
echo "## CPU by flat time"
top "$DIR/pprofserve" "$DIR/cpu.pb"
echo "## CPU by cumulative time"
top -cum "$DIR/pprofserve" "$DIR/cpu.pb"
echo "## allocated bytes since start"
top -sample_index=alloc_space "$DIR/pprofserve" "$DIR/allocs.pb"
echo "## mutex contention"
top "$DIR/pprofserve" "$DIR/mutex.pb"
echo "profiles in $DIR"
