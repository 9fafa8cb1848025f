#!/usr/bin/env bash
# Step `node` of action.yml: is Node 24 or newer on PATH already? (Otherwise setup-node runs.)
set -euo pipefail
major=0
if command -v node >/dev/null 2>&1; then major=$(node -p 'process.versions.node.split(".")[0]'); fi
if [ "$major" -ge 24 ]; then ready=true; else ready=false; fi
echo "ready=$ready" >>"$GITHUB_OUTPUT"
echo "shiplog: node ${major} on PATH; ready=${ready}"
