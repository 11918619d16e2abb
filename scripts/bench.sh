#!/usr/bin/env bash
# bench.sh runs the Go benchmarks of ./bench (full HTTP stack over loopback, beside a bare net/http
# handler) and prints one markdown table with req/s and the ratio to the bare handler.
#
#   scripts/bench.sh                      # 3 interleaved rounds of every loopback benchmark, 2s each
#   ROUNDS=5 BENCHTIME=3s scripts/bench.sh 'Bare|EdocRequest$'
#   go test -run '^$' -bench . ./bench/ | scripts/bench.sh -   # only format output you already have
#
# Rounds run one after the other (A B C, A B C, ...) rather than -count (A A A, B B B), and each
# figure is the median of its rounds: on a shared 2-core machine a noisy neighbour then hurts every
# benchmark of a round alike instead of one benchmark entirely. The raw output is kept in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
BENCHTIME=${BENCHTIME:-2s}
OUT=${OUT:-$(mktemp -t bench.XXXXXX.txt)}
# The 1 000 000-session heap benchmark takes about a minute: run it on its own (see README).
PATTERN=${1:-'^Benchmark(Bare|Edoc(Request|Approve|ApprovePDF|ApproveImage)|EgovGBDFL|Handler.*)$'}

if [[ $PATTERN != - ]]; then
	: >"$OUT"
	for ((i = 1; i <= ROUNDS; i++)); do
		echo "round $i/$ROUNDS: go test -run '^\$' -bench '$PATTERN' -benchtime $BENCHTIME ./bench/" >&2
		go test -run '^$' -bench "$PATTERN" -benchtime "$BENCHTIME" -timeout 30m ./bench/ | tee -a "$OUT" | grep -E '^(Benchmark|FAIL|---)' >&2
	done
	if grep -qE '^(FAIL|--- FAIL)' "$OUT"; then
		echo "bench.sh: a benchmark failed; raw output in $OUT" >&2
		exit 1
	fi
	exec <"$OUT"
	echo "raw output: $OUT" >&2
fi

awk '
function median(name, unit,    k, n, i, j, t, v) {
	n = cnt[name, unit]
	if (n == 0) return ""
	for (i = 1; i <= n; i++) v[i] = val[name, unit, i]
	for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
	return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function fmtnum(x) { return (x == "") ? "–" : sprintf("%.0f", x) }
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	if (!(name in seen)) { seen[name] = 1; order[++names] = name }
	for (i = 3; i + 1 <= NF; i += 2) { k = cnt[name, $(i + 1)] + 1; cnt[name, $(i + 1)] = k; val[name, $(i + 1), k] = $i }
	rounds[name]++
}
END {
	if (names == 0) { print "bench.sh: no benchmark lines in the input" > "/dev/stderr"; exit 1 }
	for (i = 1; i <= names; i++) {
		n = order[i]; ns = median(n, "ns/op"); rpo = median(n, "req/op")
		if (rpo == "") rpo = 1
		rps[n] = (ns > 0) ? rpo * 1e9 / ns : 0
	}
	print "| benchmark | runs | ns/op | req/op | req/s | ratio vs bare | B/op | allocs/op | extra |"
	print "|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= names; i++) {
		n = order[i]
		base = (n ~ /^Handler/) ? "HandlerBare" : "Bare"
		heap = (median(n, "sessions") != "")
		ratio = (!heap && rps[base] > 0) ? sprintf("%.2f×", rps[n] / rps[base]) : ""
		extra = ""
		split("heap-MiB idle-heap-MiB server-heap-MiB sessions dials redis-trips/op", xs, " ")
		for (j = 1; j in xs; j++) { m = median(n, xs[j]); if (m != "") extra = extra sprintf("%s %s ", (xs[j] == "sessions" || xs[j] == "dials") ? sprintf("%d", m) : sprintf("%.1f", m), xs[j]) }
		rate = heap ? "–" : sprintf("%.0f", rps[n])
		rpo = median(n, "req/op")
		printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s|\n", n, rounds[n], fmtnum(median(n, "ns/op")), (rpo == "") ? "1" : sprintf("%g", rpo), rate, ratio, fmtnum(median(n, "B/op")), fmtnum(median(n, "allocs/op")), extra
	}
	# The targets of issue 6, as ratios of one run.
	if (("EdocRequest" in rps) && ("Bare" in rps)) {
		r = rps["EdocRequest"] / rps["Bare"]
		printf "\nratio EdocRequest/Bare = %.2f (target ≥ 0.60: %s)\n", r, (r >= 0.6) ? "met" : "NOT met"
	}
	if (("EgovGBDFL" in rps) && ("Bare" in rps)) {
		r = rps["EgovGBDFL"] / rps["Bare"]
		printf "ratio EgovGBDFL/Bare   = %.2f (target ≥ 0.50: %s)\n", r, (r >= 0.5) ? "met" : "NOT met"
	}
	if ("EdocSessionsHeap" in seen) {
		h = median("EdocSessionsHeap", "heap-MiB")
		printf "heap after %d sessions = %.1f MiB (target < 150 MiB RSS: heap %s)\n", median("EdocSessionsHeap", "sessions"), h, (h < 150) ? "within" : "over"
	}
}'
