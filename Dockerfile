# Driftwatch's container image: `docker build -t driftwatch .`, then for example
#   docker run --rm -p 9696:9696 -v $PWD/registry:/data driftwatch serve --registry /data --model ride-duration --listen 0.0.0.0:9696
#   docker run --rm driftwatch demo --fast
# Without a Docker engine, scripts/build-image builds the same runtime image with buildah around a
# binary built on the host (deploy/image/Containerfile).

# Build: a release binary with the Swift standard library linked in statically, so the runtime
# image needs only the C libraries below.
ARG SWIFT_IMAGE=swift:6.3-bookworm
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev libsnappy-dev zlib1g-dev libzstd-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
RUN swift build -c release --product driftwatch --static-swift-stdlib \
    && install -D --strip .build/release/driftwatch /staging/usr/local/bin/driftwatch

# Runtime: slim Debian with the shared libraries the binary links (SQLite, snappy, zlib, zstd),
# CA certificates for HTTPS clients, and an unprivileged user.
FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 libsnappy1v5 zlib1g libzstd1 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --create-home driftwatch
COPY --from=build /staging/ /
USER 10001
WORKDIR /data
EXPOSE 9696 9100
# The predictor's health by default; the agent sets DRIFTWATCH_PROBE_URL=http://127.0.0.1:9100/health.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s CMD ["driftwatch", "probe"]
ENTRYPOINT ["driftwatch"]
CMD ["--help"]
