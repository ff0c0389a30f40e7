# The service image: builds the engine package, the server and the admin UI, then runs the service on Node 20.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/embedded-mongodb/package.json packages/embedded-mongodb/
COPY server/package.json server/
COPY admin/package.json admin/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY packages packages
COPY server server
COPY admin admin
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages/embedded-mongodb/package.json packages/embedded-mongodb/
COPY --from=build /app/packages/embedded-mongodb/dist packages/embedded-mongodb/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/admin/dist admin/dist
COPY seeds seeds
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "server/dist/main.js"]
