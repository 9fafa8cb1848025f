# One image for every shiplog service (docker-compose.yml): `shiplog serve ingest|api|worker <kind>`.
FROM node:24-bookworm-slim

# The build worker runs release recipes, so it needs the ecosystems' tools (cargo, python3-build for
# `python -m build` with setuptools and wheel, npm from the node image, wabt for wasm). Build workers usually run on CI runners of each platform
# instead (SHIPLOG_WORKER_PLATFORMS); this image keeps to what Debian ships.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates git cargo python3 python3-build python3-setuptools python3-wheel python3-pip python3-venv wabt \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Node runs the TypeScript sources directly, and the workspaces link to each other: a full `npm ci`.
RUN npm ci --no-audit --no-fund \
  && mkdir -p /app/.shiplog /var/lib/shiplog/artifacts \
  && chown -R node:node /app/.shiplog /var/lib/shiplog

USER node
ENTRYPOINT ["node", "services/cli/bin/shiplog.js"]
CMD ["--help"]
