# One image for every service of the platform; docker-compose.yml picks the entry point per container.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV APOLLO_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && pnpm exec turbo run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 HOST=0.0.0.0
COPY --from=build /app /app
USER node
CMD ["node", "gateway/dist/embedded-main.js"]
