#!/usr/bin/env bash
# The main job on the embedded default: a real pipeline's events recorded into a fresh embedded
# ledger through the same validate-decide-append path ingest uses, then the auditor's checks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
shiplog() { node "$root/services/cli/bin/shiplog.js" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

export SHIPLOG_STORE="sqlite:.shiplog/demo/ledger.db"
rm -rf .shiplog/demo

step "shiplog validate: the 46 CDEvents 0.5.1 conformance examples, offline"
shiplog validate events/schemas/cdevents-0.5.1/conformance/*.json events/schemas/cdevents-0.5.1/custom/conformance.json | tail -n 1

step "shiplog emit: one change through the seven stages (examples/checkout-pipeline.ndjson)"
echo "(the production deployment has no recorded approval: the fact is kept, the breach recorded next to it)"
shiplog emit examples/checkout-pipeline.ndjson

step "shiplog emit again: retries never record a fact twice"
shiplog emit examples/checkout-pipeline.ndjson

step "shiplog verify: the hash chain over every stream and the global log"
shiplog verify

echo
echo "The ledger is ${SHIPLOG_STORE#sqlite:}; try: ./dev shiplog verify --json"
