# The gateway as an image: `docker build -t llm-gateway .`, then see README "Running it in a container".
# The repo's tests run this recipe's steps on a clean copy of the tree (test/e2e/container-recipe.e2e.ts);
# they cannot build the image itself, since these machines have no Docker engine.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# gateway.config.ts is bundled at boot together with the defineConfig it imports.
COPY gateway.config.ts ./
COPY core/config ./core/config
# Reachable from outside the container: the gateway refuses to boot on 0.0.0.0
# unless GATEWAY_API_KEYS / GATEWAY_API_KEYS_FILE is set, or
# GATEWAY_ALLOW_UNAUTHENTICATED=true says that is intended.
ENV HOST=0.0.0.0 PORT=4000
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Not `npm start`: it builds first, and the dev tools are not in this stage.
CMD ["node", "--disable-warning=DEP0060", "--max-semi-space-size=16", "dist/core/main.js"]
