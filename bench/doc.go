// Package bench measures the simulators through the full HTTP stack over loopback, beside a bare
// net/http handler (bench/bare), so every ratio in the README comes from one `go test -bench` run:
//
//	go test -run '^$' -bench . -benchtime 3s ./bench/ | scripts/bench.sh
//
// Flags (after -args): -bench.conns (32 parallel clients, like wrk -c32), -bench.people (100 000
// generated people behind GBDFL), -bench.sessions (1 000 000 for BenchmarkEdocSessionsHeap):
//
//	go test -run '^$' -bench EdocSessionsHeap -benchtime 1x ./bench/ -args -bench.sessions=300000
//
// The package has no code of its own: the benchmarks and their quick sanity tests live in
// bench_test.go. The load recipe against the built binaries is scripts/load.sh.
package bench
