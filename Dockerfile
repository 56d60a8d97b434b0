# syntax=docker/dockerfile:1
# Sesame: the Next.js standalone server on Node 24 LTS, non-root, read-only root file system.
#   docker build -t sesame .
#   docker run --rm -p 3000:3000 --read-only --tmpfs /tmp --env-file sesame.env sesame
# NODE_OPTIONS: next-auth 4's openid-client 5 calls url.parse(), which Node 24 reports (DEP0169).
# Settings come from the environment at run time (lib/config.ts); nothing is baked in at build.
# scripts/deploy/standalone-check.mjs reads this file's runtime stage (its COPY, ENV, WORKDIR,
# USER, `RUN ln -s` and CMD lines) to run the same server without Docker: keep the stages simple.

FROM node:24-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:24-trixie-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ is empty and so not in git; the runtime stage copies it, so it must exist.
RUN mkdir -p public && npx next build

FROM node:24-trixie-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    NODE_OPTIONS=--disable-warning=DEP0169 \
    HOME=/tmp
RUN groupadd --system --gid 10001 sesame \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin sesame
WORKDIR /app
# Owned by root and not writable by the server's user: the image works with --read-only.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# Next keeps its image-optimizer and fetch caches under .next/cache; /tmp is the one writable place.
RUN ln -s /tmp /app/.next/cache
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
