# syntax=docker/dockerfile:1
# The app as one image: `docker build -t chat .`, then
#   docker run -p 3000:3000 -v chat-data:/app/data -e OPENAI_BASE_URL=… chat
# SQLite and the generated NEXTAUTH_SECRET live in the /app/data volume; set DATABASE_URL to a
# postgres:// URL for Postgres (compose.yaml). Migrations run at every start.

FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 is compiled here when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    DATABASE_URL=file:/app/data/chat.db
WORKDIR /app
RUN groupadd --system --gid 1001 chat \
  && useradd --system --uid 1001 --gid chat --home-dir /app --no-create-home chat \
  && mkdir -p /app/data && chown chat:chat /app/data
# Everything the server needs is in the bundle (scripts/assemble-bundle.mjs); the test
# tests/integration/image.test.ts copies what the COPY lines below name, and runs the app from it.
COPY --from=build --chown=chat:chat /src/.next/standalone ./
USER chat
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: the server gets SIGTERM itself, and drains (README, Running it for real). The young
# generation's cap is npm start's too (README, Performance: memory).
CMD ["sh", "-c", "node server/migrate.mjs --production && exec node --max-semi-space-size=4 --expose-gc server/main.mjs"]
