#!/usr/bin/env bash
# A standard SOAP toolkit against a running mock-egov: node-soap (pinned in
# scripts/soap-check/package-lock.json, installed with `npm ci` into a cache directory,
# SOAP_CHECK_CACHE, default ~/.cache/egovsim/soap-check) reads GET /bip-sync/?wsdl and calls
# SendMessage for GBDFL and for an unknown serviceId (scripts/soap-check/call.js); the envelope
# node-soap wrote is then validated against contracts/soap-envelope.xsd with xmllint.
# Usage: scripts/soap-check.sh [base URL, default http://127.0.0.1:8082]. Needs Node.js, npm, xmllint.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="$root/scripts/soap-check"
base="${1:-http://127.0.0.1:8082}"

fail() { echo "soap-check: $*" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || fail "needs Node.js and npm on PATH"
command -v xmllint >/dev/null || fail "needs xmllint (Debian: apt-get install libxml2-utils)"

cache="${SOAP_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egovsim/soap-check}"
tools="$cache/$(sha256sum "$kit/package-lock.json" | cut -c1-16)"
if [ ! -d "$tools/node_modules/soap" ]; then
  echo "== installing node-soap into $tools"
  rm -rf "$tools.partial" && mkdir -p "$tools.partial"
  cp "$kit/package.json" "$kit/package-lock.json" "$tools.partial/"
  (cd "$tools.partial" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || fail "npm ci failed"
  rm -rf "$tools" && mv "$tools.partial" "$tools"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== node-soap $(node -p "require('$tools/node_modules/soap/package.json').version") against $base/bip-sync/?wsdl"
NODE_PATH="$tools/node_modules" SOAP_CHECK_REQUEST="$work/request.xml" node "$kit/call.js" "$base"
echo "== the envelope node-soap sent, against contracts/soap-envelope.xsd"
xmllint --noout --nonet --schema "$root/contracts/soap-envelope.xsd" "$work/request.xml"
