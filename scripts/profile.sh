#!/usr/bin/env bash
# profile.sh profiles one benchmark of ./bench and prints pprof's top entries: the whole process,
# then only the simulator's handler (what the server spends, without the in-process client).
#
#   scripts/profile.sh EdocRequest            # BenchmarkEdocRequest, 20000 iterations
#   N=5000x scripts/profile.sh EdocApprovePDF
#   DIR=/tmp/prof scripts/profile.sh HandlerEgovGBDFL   # keep the profiles for go tool pprof -http
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: profile.sh BENCHMARK-NAME-WITHOUT-Benchmark}
N=${N:-20000x}
TOP=${TOP:-25}
DIR=${DIR:-$(mktemp -d -t profile.XXXXXX)}
mkdir -p "$DIR"
# The handler under the simulators' ServeHTTP; the loopback benchmarks also run the client in-process.
FOCUS=${FOCUS:-'(edoc|egov)\.\(\*Server\)\.ServeHTTP|bare\.Handler\.func1'}

go test -c -o "$DIR/bench.test" ./bench/
(cd "$DIR" && ./bench.test -test.run '^$' -test.bench "^Benchmark${name}\$" -test.benchtime "$N" \
	-test.cpuprofile "$name.cpu" -test.memprofile "$name.mem" | grep -E '^(Benchmark|FAIL|---)')

top() { go tool pprof -top -nodecount "$TOP" "$@" 2>/dev/null | sed -n '/flat%/,$p'; }
echo "## CPU, whole process (client, server, GC)"
top "$DIR/bench.test" "$DIR/$name.cpu"
echo "## CPU, server handler only, by cumulative time"
top -cum -focus "$FOCUS" "$DIR/bench.test" "$DIR/$name.cpu"
echo "## allocated bytes, server handler only"
top -sample_index=alloc_space -focus "$FOCUS" "$DIR/bench.test" "$DIR/$name.mem"
echo "## allocated objects, server handler only"
top -sample_index=alloc_objects -focus "$FOCUS" "$DIR/bench.test" "$DIR/$name.mem"
echo "profiles in $DIR (go tool pprof -http 127.0.0.1:0 $DIR/bench.test $DIR/$name.cpu)"
