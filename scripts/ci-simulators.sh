#!/usr/bin/env bash
# ci-simulators.sh: run mock-edoc and mock-egov in the background of a CI job, from built binaries
# (scripts/build.sh), and stop them by the PID each was started with.
#
#   scripts/build.sh dist                 # once
#   scripts/ci-simulators.sh start        # both in the background; PIDs and logs in $STATE_DIR
#   scripts/ci-simulators.sh wait         # until both answer GET /__admin/health with 200 (bounded)
#   ... your tests, against http://127.0.0.1:8081 and http://127.0.0.1:8082 ...
#   scripts/ci-simulators.sh stop         # SIGTERM, a bounded wait, SIGKILL as a last resort
#
# Settings (environment):
#   BIN_DIR        where the binaries are                       (default: dist)
#   STATE_DIR      PID and log files                            (default: .egovsim)
#   EDOC_ADDR      mock-edoc's listen address                   (default: 127.0.0.1:8081)
#   EGOV_ADDR      mock-egov's listen address                   (default: 127.0.0.1:8082)
#   WAIT_SECONDS   how long `wait` tries before it fails        (default: 30)
#   EGOVSIM_*      passed on to both simulators: EGOVSIM_SCENARIO, EGOVSIM_ADMIN_TOKEN (also used by
#                  the health probe), EGOVSIM_LOG_REQUESTS, ...
#
# Each simulator runs as the direct child of `start`, so the PID in its file is the simulator's
# own (never a `go run` wrapper whose child would outlive `kill $!`). `stop` kills only a PID whose
# command line is still the simulator's, so a stale file never ends someone else's process.
set -euo pipefail

BIN_DIR=${BIN_DIR:-dist}
STATE_DIR=${STATE_DIR:-.egovsim}
EDOC_ADDR=${EDOC_ADDR:-127.0.0.1:8081}
EGOV_ADDR=${EGOV_ADDR:-127.0.0.1:8082}
WAIT_SECONDS=${WAIT_SECONDS:-30}
SIMS="mock-edoc mock-egov"

addr_of() { if [ "$1" = mock-edoc ]; then echo "$EDOC_ADDR"; else echo "$EGOV_ADDR"; fi; }

# alive PID NAME: the process exists, is not a zombie, and is still NAME.
alive() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/stat" ]; then
    local state
    state=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
    [ "$state" != Z ] || return 1
  fi
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name" || return 1
  fi
  return 0
}

start() {
  mkdir -p "$STATE_DIR"
  for sim in $SIMS; do
    local bin="$BIN_DIR/$sim" pidfile="$STATE_DIR/$sim.pid"
    [ -x "$bin" ] || { echo "ci-simulators: $bin is missing: run scripts/build.sh $BIN_DIR first" >&2; exit 1; }
    if [ -f "$pidfile" ] && alive "$(cat "$pidfile")" "$sim"; then
      echo "ci-simulators: $sim already runs (PID $(cat "$pidfile"))" >&2; exit 1
    fi
    "$bin" -addr "$(addr_of "$sim")" >"$STATE_DIR/$sim.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    echo "ci-simulators: started $sim on $(addr_of "$sim") (PID $!, log $STATE_DIR/$sim.log)"
  done
}

wait_ready() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  for sim in $SIMS; do
    local pid
    pid=$(cat "$STATE_DIR/$sim.pid" 2>/dev/null || true)
    # The binary probes itself: no curl needed; EGOVSIM_ADMIN_TOKEN is sent when set.
    until "$BIN_DIR/$sim" -healthcheck -addr "$(addr_of "$sim")" >/dev/null 2>&1; do
      if [ -z "$pid" ] || ! alive "$pid" "$sim"; then
        echo "ci-simulators: $sim is not running; its log:" >&2; tail -n 20 "$STATE_DIR/$sim.log" >&2 || true; exit 1
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "ci-simulators: $sim not healthy after ${WAIT_SECONDS}s; its log:" >&2; tail -n 20 "$STATE_DIR/$sim.log" >&2 || true; exit 1
      fi
      sleep 0.2
    done
    echo "ci-simulators: $sim healthy at http://$(addr_of "$sim")"
  done
}

stop() {
  local status=0
  for sim in $SIMS; do
    local pidfile="$STATE_DIR/$sim.pid" pid
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if alive "$pid" "$sim"; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 75); do # 15 s: the simulators' own shutdown grace is 10 s
        alive "$pid" "$sim" || break
        sleep 0.2
      done
      if alive "$pid" "$sim"; then
        echo "ci-simulators: $sim (PID $pid) ignored SIGTERM; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        status=1
      fi
      echo "ci-simulators: stopped $sim (PID $pid)"
    fi
    rm -f "$pidfile"
  done
  return $status
}

case "${1:-}" in
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  *) echo "usage: $0 start|wait|stop" >&2; exit 2 ;;
esac
