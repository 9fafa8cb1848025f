#!/usr/bin/env bash
# Step `install` of action.yml: installs @shiplog/cli into the runner's temp directory.
set -euo pipefail
version="${INPUT_VERSION:-}"
if [ -z "$version" ]; then
  # The CLI released together with this checkout of the action.
  version=$(node -p 'require(process.argv[1]).version' "$GITHUB_ACTION_PATH/services/cli/package.json")
fi
prefix="${RUNNER_TEMP:-/tmp}/shiplog-cli-${version}"
args=(install --global --prefix "$prefix" --no-audit --no-fund --loglevel error)
if [ -n "${INPUT_REGISTRY:-}" ]; then args+=("--@shiplog:registry=${INPUT_REGISTRY}"); fi
if [ ! -x "$prefix/bin/shiplog" ]; then npm "${args[@]}" "@shiplog/cli@${version}"; fi
installed=$("$prefix/bin/shiplog" --version)
echo "shiplog: @shiplog/cli ${installed} in ${prefix}"
echo "shiplog=${prefix}/bin/shiplog" >>"$GITHUB_OUTPUT"
echo "${prefix}/bin" >>"$GITHUB_PATH"
