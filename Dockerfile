# One image for every service of the hub; docker-compose.yml picks the command per service.
# It carries the services and their runtime dependencies only: no tests, no synthetic partnership
# (nor faker, which generates it) and no embedded PostgreSQL (tsconfig.deploy.json and
# `npm ci --omit=dev`).
FROM node:20-bookworm-slim AS build
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.deploy.json ./
COPY gateway gateway
COPY subgraphs subgraphs
COPY runtime runtime
COPY audit-trail audit-trail
COPY scripts scripts
COPY web web
RUN npm run build:deploy

FROM node:20-bookworm-slim AS dependencies
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HUB_HOST=0.0.0.0
WORKDIR /hub
COPY --from=dependencies /hub/node_modules node_modules
COPY --from=build /hub/dist dist
COPY package.json ./
COPY schema schema
COPY web/static web/static
USER node
EXPOSE 4000
CMD ["node", "dist/scripts/serve-gateway.js"]
