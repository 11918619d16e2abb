#!/usr/bin/env bash
# Checks the three OpenAPI contracts (contracts/*.openapi.yaml) the way their users consume them:
#   1. Redocly CLI's `recommended` ruleset (contracts/redocly.yaml) reports no errors;
#   2. openapi-typescript generates TypeScript types from each contract, and none of its schemas is an
#      object a generator turns into Record<string, never>;
#   3. tsc --strict type-checks scripts/contracts-ts/consumer.ts against the generated types.
# The tools' versions are pinned in scripts/contracts-ts/package-lock.json and installed with `npm ci`
# into a cache directory (CONTRACTS_CHECK_CACHE, default ~/.cache/egovsim/contracts-check), never
# globally. Needs Node.js >= 20.19 and npm. Exits non-zero if any step fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kit="$root/scripts/contracts-ts"
contracts=(edoc egov admin)

fail() { echo "contracts-check: $*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null || fail "needs Node.js >= 20.19 and npm on PATH"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  fail "needs Node.js >= 20.19 (found $(node --version))"

# Tools: one cached install per lockfile.
cache="${CONTRACTS_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egovsim/contracts-check}"
tools="$cache/$(sha256sum "$kit/package-lock.json" | cut -c1-16)"
bin="$tools/node_modules/.bin"
if [ ! -x "$bin/redocly" ] || [ ! -x "$bin/openapi-typescript" ] || [ ! -x "$bin/tsc" ]; then
  echo "== installing the pinned tools into $tools"
  rm -rf "$tools.partial" && mkdir -p "$tools.partial"
  cp "$kit/package.json" "$kit/package-lock.json" "$tools.partial/"
  (cd "$tools.partial" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || fail "npm ci failed"
  rm -rf "$tools" && mv "$tools.partial" "$tools"
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -a summary
status=0
step() { # step NAME COMMAND...: run, log to $work/NAME.log, record the outcome
  local name="$1"; shift
  echo "== $name"
  if "$@" >"$work/$name.log" 2>&1; then
    summary+=("ok    $name")
  else
    summary+=("FAIL  $name (log above)")
    status=1
  fi
  # Redocly prints a Node.js deprecation banner; the rest is the tool's own report.
  grep -v '[║╔╚]' "$work/$name.log" | sed '/^[[:space:]]*$/d' || true
}

# 1. Lint.
lint() {
  local files=() n
  for n in "${contracts[@]}"; do files+=("contracts/$n.openapi.yaml"); done
  cd "$root" && "$bin/redocly" lint --config contracts/redocly.yaml --format stylish "${files[@]}"
}
step redocly-lint lint

# 2. Generate.
mkdir -p "$work/ts/generated"
cp "$kit/consumer.ts" "$kit/tsconfig.json" "$work/ts/"
generate() {
  local n
  for n in "${contracts[@]}"; do
    "$bin/openapi-typescript" "$root/contracts/$n.openapi.yaml" -o "$work/ts/generated/$n.ts" || return 1
  done
  # webhooks and $defs are always empty for a 3.0 document; any other Record<string, never> is a
  # schema a generated client cannot read.
  if grep -n 'Record<string, never>' "$work"/ts/generated/*.ts | grep -v 'export type \(webhooks\|\$defs\) = '; then
    echo "a schema generates Record<string, never>"; return 1
  fi
}
step openapi-typescript generate

# 3. Type-check.
typecheck() { cd "$work/ts" && "$bin/tsc" -p tsconfig.json; }
step tsc-strict typecheck

echo "== summary (redocly $("$bin/redocly" --version 2>/dev/null | tail -1), openapi-typescript $(cd "$tools" && node -p 'require("openapi-typescript/package.json").version'), typescript $("$bin/tsc" --version | sed 's/Version //'))"
printf '  %s\n' "${summary[@]}"
if [ "$status" -ne 0 ]; then
  echo "contracts-check: FAILED"
else
  echo "contracts-check: all contracts pass"
fi
exit "$status"
