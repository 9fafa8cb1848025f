#!/usr/bin/env bash
# The main job on the embedded default: a real release of the fixture project through all seven
# stages — change intake, build (SBOM, signature), verification, the release gate, lockstep publish to
# four local registries this script starts, deployment to staging, a canary in production whose 50%
# window fails, shiplog's own rollback decision, an incident and the rollback — then the auditor's answers. Exits non-zero at the first surprise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
shiplog() { node "$root/services/cli/bin/shiplog.js" "$@"; }
helper() { node "$root/scripts/demo/$1.ts" "${@:2}"; }
fail() {
  echo "demo: $*" >&2
  exit 1
}

# The demo is embedded and self-contained whatever the caller's environment says.
unset SHIPLOG_NATS_URL SHIPLOG_NAMESPACE SHIPLOG_GATE_POLICY
export SHIPLOG_APPROVAL_ENVIRONMENTS=production
demo_dir="${SHIPLOG_DEMO_DIR:-.shiplog/demo}"
rm -rf "$demo_dir"
mkdir -p "$demo_dir"
demo_dir="$(cd "$demo_dir" && pwd)"
export SHIPLOG_STORE="sqlite:$demo_dir/ledger.db"
export SHIPLOG_ARTIFACTS_DIR="$demo_dir/artifacts"
export SHIPLOG_SIGNING_KEY_FILE="$demo_dir/signing-key.pem"
export SHIPLOG_SIGNING_KEY_HINT="shiplog-demo"
release_id="shiplog-fixture@1.2.0"

# Wall time of each step, printed at the end.
timings=()
step_name=""
step_started=""
now_ms() { date +%s%3N; }
end_step() {
  [ -n "$step_name" ] && timings+=("$(($(now_ms) - step_started))|$step_name")
  step_name=""
}
step() {
  end_step
  step_name="$*"
  step_started="$(now_ms)"
  printf '\n\033[1m== %s\033[0m\n' "$*"
}
demo_started="$(now_ms)"

# shiplog emit of a helper's NDJSON; every event recorded and no rule broken, or the demo stops.
# What the helper says besides the events (what its checks found) is shown after the ledger's answer.
emit_clean() {
  local answer
  if ! answer="$(helper demoEvents "$@" 2>"$demo_dir/helper.log" | shiplog emit -)"; then
    cat "$demo_dir/helper.log" >&2
    fail "demoEvents $1 or shiplog emit failed: $answer"
  fi
  cat "$demo_dir/helper.log"
  echo "$answer" | tail -n 1
  [[ "$answer" == *" 0 refused (0 violations recorded)"* ]] || fail "unexpected answer from the ledger:
$answer"
}
# emit_expecting CODE ARGS…: like emit_clean, but the ledger must record exactly one violation, CODE.
emit_expecting() {
  local code=$1 answer
  shift
  if ! answer="$(helper demoEvents "$@" 2>"$demo_dir/helper.log" | shiplog emit -)"; then
    cat "$demo_dir/helper.log" >&2
    fail "demoEvents $1 or shiplog emit failed: $answer"
  fi
  cat "$demo_dir/helper.log"
  echo "$answer" | grep -A1 "with violations:" || true
  echo "$answer" | tail -n 1
  [[ "$answer" == *" 0 refused (1 violation recorded)"* && "$answer" == *"    $code  "* ]] ||
    fail "expected the ledger to record $code: $answer"
}
# A field of a JSON file, by a JavaScript expression over `d`.
json() { node -e "const d = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log($2)" "$1"; }

# release_expecting EXIT WHAT OUT ARGS…: `shiplog release ARGS… --json` into OUT, which must exit EXIT.
release_expecting() {
  local want=$1 what=$2 out=$3 code=0
  shift 3
  shiplog release "$@" --json >"$out" || code=$?
  [ "$code" -eq "$want" ] || fail "expected $what (exit $want), got $code: $(cat "$out")"
}

step "Local registries: Verdaccio, docker-registry, the crates and PyPI test servers"
registries_pid=""
stop_registries() {
  if [ -n "$registries_pid" ]; then
    kill "$registries_pid" 2>/dev/null || true
    wait "$registries_pid" 2>/dev/null || true
    registries_pid=""
  fi
}
trap stop_registries EXIT
# What the registries stored so far: the launcher writes it to its log on SIGUSR1.
uploads_stored() {
  local lines
  lines="$(wc -l <"$demo_dir/registries.log")"
  kill -USR1 "$registries_pid"
  for _ in $(seq 1 50); do
    [ "$(wc -l <"$demo_dir/registries.log")" -gt "$lines" ] && break
    sleep 0.1
  done
  tail -n 1 "$demo_dir/registries.log" | sed -n 's/^local registries: uploads stored: //p'
}
# node itself in the background (not a function): $! is its pid, the one to stop.
node "$root/scripts/demo/localRegistries.ts" >"$demo_dir/registries.json" 2>"$demo_dir/registries.log" &
registries_pid=$!
for _ in $(seq 1 300); do
  [ -s "$demo_dir/registries.json" ] && break
  kill -0 "$registries_pid" 2>/dev/null || fail "the local registries did not start:
$(cat "$demo_dir/registries.log")"
  sleep 0.2
done
[ -s "$demo_dir/registries.json" ] || fail "the local registries did not start in 60 s"
# The credential variables the manifest names (NPM_TOKEN, CARGO_REGISTRY_TOKEN, OCI_AUTH, …).
eval "$(json "$demo_dir/registries.json" \
  "Object.entries(d.env).map(([k, v]) => 'export ' + k + \"='\" + v.replaceAll(\"'\", '') + \"'\").join('\n')")"
npm_url="$(json "$demo_dir/registries.json" d.npmUrl)"
oci_url="$(json "$demo_dir/registries.json" d.ociUrl)"
json "$demo_dir/registries.json" \
  "['npm   ' + d.npmUrl, 'oci   ' + d.ociUrl, 'cargo ' + d.crates.url, 'pypi  ' + d.pypi.uploadUrl].join('\n')"

step "The release: a copy of test/fixtures/release aimed at them, and an ephemeral Ed25519 signing key"
manifest="$(helper prepareRelease "$demo_dir" "$demo_dir/registries.json")"
echo "manifest $manifest"
echo "key      $SHIPLOG_SIGNING_KEY_FILE (hint $SHIPLOG_SIGNING_KEY_HINT)"

step "Stage 1, change intake: the pull request of $release_id (and the 1.1.0 that runs today, from a week ago)"
emit_clean history

step "Stage 2, build → SBOM → sign, then the release gate: no verification evidence yet, so it must deny"
release_expecting 3 "release run to stop at the gate" "$demo_dir/run-1.json" run "$manifest"
json "$demo_dir/run-1.json" "'gate: ' + d.gate.decision + ', status: ' + d.status + '\n' + \
  [...new Set(d.gate.artifacts.flatMap((a) => a.reasons.map((r) => r.code)))].map((c) => '  DENY ' + c).join('\n')"
# Built, SBOM'd and signed: only the verification evidence may be missing.
unexpected="$(json "$demo_dir/run-1.json" "d.gate.artifacts.flatMap((a) => a.reasons.map((r) => r.code)).filter((c) => \
  !['TESTS_MISSING', 'COVERAGE_MISSING', 'VULNERABILITY_SCAN_MISSING', 'SECRET_SCAN_MISSING', 'LICENCE_CHECK_MISSING'].includes(c)).join(' ')")"
[ -z "$unexpected" ] || fail "the release gate denied for other reasons than missing verification: $unexpected"

step "Stage 3, verification: each built artifact's stored bytes tested and scanned for secrets"
echo "(coverage, vulnerability and licence figures are recorded as a CI's tools would report them)"
shiplog release status "$release_id" --json >"$demo_dir/status.json"
emit_clean verification "$demo_dir/status.json" "$SHIPLOG_ARTIFACTS_DIR"

step "Stage 4, release: resume → the gate allows → lockstep publish to the four registries"
release_expecting 0 "release resume to publish" "$demo_dir/run-2.json" resume "$release_id"
json "$demo_dir/run-2.json" "['gate: ' + d.gate.decision + ', status: ' + d.status + ', npm latest moved: ' + d.latest.moved, \
  ...d.packages.map((p) => '  ' + p.status.padEnd(18) + p.wave + '  ' + p.ecosystem.padEnd(9) + p.name)].join('\n')"
[ "$(json "$demo_dir/run-2.json" d.status)" = published ] || fail "the release is not published"

step "Resume once more: the ledger holds every publish receipt, so nothing is uploaded twice"
before="$(uploads_stored)"
shiplog release resume "$release_id" --json >"$demo_dir/run-3.json" || fail "a second resume failed: $(cat "$demo_dir/run-3.json")"
after="$(uploads_stored)"
json "$demo_dir/run-3.json" "'status: ' + d.status"
echo "uploads the registries stored: before $before, after $after"
[ "$before" = "$after" ] || fail "a second resume uploaded again"

step "Installed back with npm from Verdaccio: the same bytes the ledger recorded"
npm_digest="$(json "$demo_dir/status.json" \
  "d.artifacts.find((a) => a.package === '@shiplog-fixture/native-linux-x64').digest")"
mkdir -p "$demo_dir/install"
# A project of its own: npm would otherwise take the nearest package.json up the tree (this repository's).
echo '{ "name": "shiplog-demo-install", "private": true }' >"$demo_dir/install/package.json"
(
  cd "$demo_dir/install"
  export npm_config_registry="$npm_url" npm_config_cache="$demo_dir/npm-cache"
  echo "dist-tags of @shiplog-fixture/native: $(npm view @shiplog-fixture/native dist-tags --json | tr -d ' \n')"
  tarball="$(npm pack @shiplog-fixture/native-linux-x64@1.2.0 --silent)"
  got="sha256:$(sha256sum "$tarball" | cut -d' ' -f1)"
  echo "$tarball from Verdaccio: $got"
  [ "$got" = "$npm_digest" ] || fail "Verdaccio serves $got, the ledger recorded $npm_digest"
  npm install --prefix . --no-audit --no-fund --silent @shiplog-fixture/native-linux-x64@1.2.0
  node -e "console.log('installed, loads: ' + JSON.stringify(require('@shiplog-fixture/native-linux-x64')))"
)

digest="$(json "$demo_dir/status.json" "d.artifacts.find((a) => a.package === 'shiplog-fixture-add').digest")"
oci_repository="$oci_url/$(json "$manifest" "d.packages.find((p) => p.name === 'shiplog-fixture-add').registry.repository")"
echo "the service fixture-add runs the wasm module $digest"

step "Stage 5-7 in staging: the gate allows, deploy, post-deploy checks run the module fetched from the registry"
shiplog gate --env staging --artifact "$digest"
emit_clean deploy staging "$digest" "$oci_repository"

step "Production, a canary 10% -> 50% (-> 100% if healthy): approval recorded, the gate allows, the 50% window fails"
emit_clean deploy approve "$digest" "$oci_repository"
shiplog gate --env production --artifact "$digest"
emit_expecting DEPLOY_CHECK_FAILED deploy canary "$digest" "$oci_repository"

step "shiplog decided the rollback itself: rollback-target names the last version that completed healthy"
shiplog rollback-target --env production --service fixture-add | tee "$demo_dir/rollback-target.txt"
grep -q "target    pkg:oci/shiplog-fixture-add?.*tag=1.1.0" "$demo_dir/rollback-target.txt" ||
  fail "rollback-target does not name 1.1.0"
grep -q "decided   rollback to pkg:oci/shiplog-fixture-add@1.1.0 by " "$demo_dir/rollback-target.txt" ||
  fail "shiplog recorded no rollback decision for the failed window"

step "An incident in production, the rollback to 1.1.0 within its deadline, the incident resolved"
emit_clean deploy incident "$digest" "$oci_repository"
emit_clean deploy rollback "$digest" "$oci_repository"
emit_clean deploy resolve "$digest" "$oci_repository"
stop_registries
tail -n 1 "$demo_dir/registries.log"

step "shiplog deployed: what runs where now, since when, and why"
for env in staging production; do shiplog deployed --env "$env"; done

step "shiplog history: production, in order"
shiplog history --env production

step "shiplog why: the chain behind the module's bytes"
shiplog why "$digest"

step "shiplog dora: the four DORA metrics of production over the last eight days"
shiplog dora --env production --since "$(date -u -d '8 days ago' +%Y-%m-%dT%H:%M:%SZ)"

step "shiplog snapshot: what really runs, against what the ledger recorded"
# Staging runs what was deployed there: no drift. (A list of digests here; kubectl get pods -o json,
# docker inspect and a registry tag are read the same way, see 'shiplog help snapshot'.)
printf 'fixture-add %s\n' "$digest" | shiplog snapshot --env staging --from digests=- >"$demo_dir/snapshot-staging.txt"
cat "$demo_dir/snapshot-staging.txt"
grep -q 'no drift' "$demo_dir/snapshot-staging.txt" || fail "staging drifted from the ledger"
# Production: after the recorded rollback to 1.1.0, someone put 1.2.0 back by hand (kubectl set
# image), a manual runtime change seed 001 forbids. The ledger records it as drift.
printf 'fixture-add %s\n' "$digest" | shiplog snapshot --env production --from digests=- >"$demo_dir/snapshot-production.txt"
cat "$demo_dir/snapshot-production.txt"
grep -q 'UNRECORDED_RUNTIME_CHANGE' "$demo_dir/snapshot-production.txt" || fail "the manual change in production was not caught"
shiplog deployed --env production

step "shiplog checkpoint: a signed tree head of the log (a Merkle tree over every record)"
shiplog checkpoint

step "shiplog verify: the hash chain over every stream and the global log, and the signed checkpoint"
shiplog verify
end_step

printf '\n\033[1m== Wall time\033[0m\n'
for t in "${timings[@]}"; do
  printf '%7.1f s  %s\n' "$(echo "${t%%|*}" | awk '{print $1 / 1000}')" "${t#*|}"
done
printf '%7.1f s  total\n' "$(echo "$(($(now_ms) - demo_started))" | awk '{print $1 / 1000}')"
echo
echo "The ledger is $demo_dir/ledger.db; try: SHIPLOG_STORE=$SHIPLOG_STORE ./dev shiplog why $digest"
echo "Web view: SHIPLOG_STORE=$SHIPLOG_STORE ./dev shiplog dev, then open http://127.0.0.1:${SHIPLOG_API_PORT:-8080}/ and sign in with the token it prints"
