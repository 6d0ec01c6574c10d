#!/usr/bin/env bash
# The one test command (npm test): lint, typecheck, unit, database integration, the shared Redis
# cache, read replicas, the Varnish edge, e2e.
# Uses Postgres when DATABASE_URL is set, embedded PGlite otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint" && npx eslint .
echo "== typecheck" && npx tsc --noEmit
echo "== unit" && npx vitest run --project unit
echo "== database ($([ -n "${DATABASE_URL:-}" ] && echo postgres || echo pglite))" && npx vitest run --project db
echo "== replica (streaming, port 5433)" && npx vitest run --project replica
echo "== redis (shared cache)" && npx vitest run --project redis
echo "== edge (varnish)" && npx vitest run --project edge
echo "== e2e" && npx playwright test
