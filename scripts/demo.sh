#!/usr/bin/env bash
# The main job on the embedded default: a real pipeline's events recorded into a fresh embedded
# ledger through the same validate-decide-append path ingest uses, then the auditor's checks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
shiplog() { node "$root/services/cli/bin/shiplog.js" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# The demo is embedded and self-contained whatever the caller's environment says.
unset SHIPLOG_NATS_URL SHIPLOG_NAMESPACE
export SHIPLOG_APPROVAL_ENVIRONMENTS=production
demo_dir="${SHIPLOG_DEMO_DIR:-.shiplog/demo}"
export SHIPLOG_STORE="sqlite:$demo_dir/ledger.db"
rm -rf "$demo_dir"

step "shiplog validate: the 46 CDEvents 0.5.1 conformance examples, offline"
shiplog validate events/schemas/cdevents-0.5.1/conformance/*.json events/schemas/cdevents-0.5.1/custom/conformance.json | tail -n 1

step "shiplog emit: one change through the seven stages (examples/checkout-pipeline.ndjson)"
echo "(the production deployment has no recorded approval: the fact is kept, the breach recorded next to it)"
shiplog emit examples/checkout-pipeline.ndjson

step "shiplog emit again: retries never record a fact twice"
shiplog emit examples/checkout-pipeline.ndjson

digest="sha256:3f1e0c9a5b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f"

step "shiplog deployed: what runs in production now, since when, and why"
shiplog deployed --env production

step "shiplog history: what happened in staging, in order"
shiplog history --env staging

step "shiplog why: the whole chain behind these bytes"
shiplog why "$digest"

step "shiplog dora: the four DORA metrics, from explicit links"
shiplog dora --env production --since 2026-11-01T00:00:00Z --until 2026-11-03T00:00:00Z

step "shiplog gate: may these bytes enter production? (the decision is itself recorded)"
set +e
shiplog gate --env production --artifact "$digest"
decision=$?
set -e
[ "$decision" -eq 3 ] || { echo "expected the gate to deny (exit 3), got $decision" >&2; exit 1; }

step "shiplog verify: the hash chain over every stream and the global log"
shiplog verify

echo
echo "The ledger is ${SHIPLOG_STORE#sqlite:}; try: ./dev shiplog verify --json"
