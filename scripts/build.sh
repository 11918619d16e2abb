#!/usr/bin/env bash
# build.sh: static release binaries of mock-edoc and mock-egov.
#
#   scripts/build.sh [DIR]                   # into DIR (default ./dist)
#   VERSION=v1.2.3 scripts/build.sh /out     # the version -version prints
#   GOOS=darwin GOARCH=arm64 scripts/build.sh dist/darwin-arm64
#
# CGO_ENABLED=0, -trimpath and -ldflags '-s -w': no libc, no build paths, no symbol tables; one
# file each that runs anywhere of its GOOS/GOARCH, including a scratch container. The fonts
# (Liberation Sans) and the bundled scenarios are compiled in, so the binaries need no files and no
# environment. VERSION defaults to `git describe --tags --always --dirty`, else "dev"; REVISION
# to `git rev-parse HEAD` (both empty-safe outside a git checkout, as in a Docker build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-dist}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"

if [ -z "${VERSION:-}" ]; then
  VERSION=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
fi
REVISION=${REVISION:-$(git rev-parse HEAD 2>/dev/null || true)}
export CGO_ENABLED=0
for cmd in mock-edoc mock-egov; do
  go build -trimpath \
    -ldflags "-s -w -X github.com/egovsim/egovsim/internal/serve.Version=${VERSION} -X github.com/egovsim/egovsim/internal/serve.Revision=${REVISION}" \
    -o "$OUT/$cmd" "./cmd/$cmd"
  echo "$OUT/$cmd"
done
