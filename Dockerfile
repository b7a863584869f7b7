# One image for every service of the hub; docker-compose.yml picks the command per service.
FROM node:20-bookworm-slim AS build
WORKDIR /hub
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY gateway gateway
COPY subgraphs subgraphs
COPY synthetic synthetic
COPY runtime runtime
COPY audit-trail audit-trail
COPY scripts scripts
COPY test test
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HUB_HOST=0.0.0.0
WORKDIR /hub
COPY --from=build /hub/node_modules node_modules
COPY --from=build /hub/dist dist
COPY package.json ./
COPY schema schema
USER node
EXPOSE 4000
CMD ["node", "dist/scripts/serve-gateway.js"]
