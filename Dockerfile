# assocbench: one static binary in a distroless image, running as a
# non-root user, with no shell. See the README (Deploy, Scaling).
#
#   docker build -t assocbench --build-arg VERSION=$(git describe --always --dirty) .
#   docker run -p 8080:8080 -v assocbench-data:/data \
#     -e ASSOCBENCH_ADMIN_TOKEN=$(openssl rand -hex 32) assocbench
#
# Without MONGODB_URI the container runs the embedded database in /data
# (one machine only); docker-compose.yml runs it on MongoDB 7.

ARG GO_VERSION=1.26
ARG NODE_VERSION=22

# 1. Front-end assets: ECharts from the pinned npm package (the app serves
#    it itself, no CDN), as `make assets` does.
FROM node:${NODE_VERSION}-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --include=dev --ignore-scripts --no-audit --no-fund

# 2. The static binary. The embedded FerretDB uses the pure-Go SQLite
#    (modernc.org/sqlite), so CGO_ENABLED=0 builds everything.
FROM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0
# The modules first, in their own layer: it is rebuilt only when go.sum
# changes. (No RUN --mount cache: the file also builds with the classic
# builder that docker-compose 1.29 uses.)
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/node_modules/echarts/dist/echarts.min.js web/static/vendor/echarts.min.js
ARG VERSION=dev
RUN go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/assocbench ./cmd/assocbench \
    && /out/assocbench version \
    && mkdir -p /out/root \
    && mkdir -m 0700 /out/root/data

# 3. The image: the binary and an empty data dir owned by the non-root user,
#    mode 0700: the embedded database keeps every answer and token there,
#    and its Unix socket, the only way to reach it. The dir is copied as an
#    entry of /out/root, which keeps its mode with both builders (copying
#    /out/data to /data would create /data as 0755).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/assocbench /assocbench
COPY --from=build --chown=65532:65532 /out/root/ /
USER 65532:65532
ENV ASSOCBENCH_ADDR=0.0.0.0:8080 \
    ASSOCBENCH_DATA_DIR=/data
EXPOSE 8080
# /readyz on the port of ASSOCBENCH_ADDR: 200 when the database answers.
HEALTHCHECK --interval=15s --timeout=6s --start-period=30s --retries=4 \
    CMD ["/assocbench", "healthcheck"]
ENTRYPOINT ["/assocbench", "serve"]
