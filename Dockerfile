# Lifering's production image: compiled JavaScript on Node 20, production dependencies only, run
# as the unprivileged `node` user. Build: docker build -t lifering .  Run: see compose.yaml.

# Production dependencies. better-sqlite3 is a native module: its prebuilt binary is normally
# downloaded, and the compilers are here for when none matches.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The compiler and the build (npm run build: src/ and migrations/ to dist/).
FROM deps AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.migrations.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# The trends chart in the CSV export is drawn by resvg, which takes its text font from the system.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The SQLite file (when DATABASE_URL is unset) lives in a volume the app user can write.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# GET /healthz answers 200 when the database is reachable, 503 when it is not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node receives SIGTERM directly (exec form), so Lifering finishes work in progress and stops.
# The heap cap is npm start's (see README, "Memory"): below 2 GiB V8 grows the heap by about twice
# what lives rather than four times, which keeps the process near 150 MB under load instead of 200.
CMD ["node", "--max-old-space-size=2000", "dist/main.js"]
