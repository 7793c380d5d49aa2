# syntax=docker/dockerfile:1
# The one KSI image: the `ksi` executable (services, gateway, certificates, health probe, migrations)
# on a slim Debian runtime. compose.yaml builds it once and runs every KSI container from it;
# docs/deploy.md explains the stack.

# ---- build: Swift 6.3 with the C libraries the package links (protobuf-c, OpenSSL, SQLite) ----
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libprotobuf-c-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Resolve the dependencies in their own layer, so a source change does not fetch them again.
# Package.resolved is not committed; when a checkout has one, it pins the build.
COPY Package.* ./
RUN swift package resolve

# Every target's folder must exist for SwiftPM to load the manifest, tests included.
COPY Sources ./Sources
COPY Tests ./Tests
# The executable and the resource bundles SwiftPM made next to it (reference data, dashboard
# templates): Bundle.module looks for them beside the executable, so they travel together.
RUN swift build -c release --product ksi --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /out \
    && cp "$bin/ksi" /out/ksi \
    && strip /out/ksi \
    && cp -R "$bin"/ksi_*.resources /out/

# ---- runtime: only the shared libraries the executable loads ----
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libprotobuf-c1 libssl3 libsqlite3-0 libcurl4 libstdc++6 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*

# A non-root user. The folders named volumes mount over are created here and owned by that user,
# so Docker gives a new named volume the same owner (the certs and key init services write there:
# the CA in pki, one certificate bundle per process under bundles).
RUN groupadd --system --gid 10001 ksi \
    && useradd --system --uid 10001 --gid ksi --home-dir /var/lib/ksi --shell /usr/sbin/nologin ksi \
    && mkdir -p /var/lib/ksi/certs /var/lib/ksi/keys /var/lib/ksi/data /var/lib/ksi/pki \
        /var/lib/ksi/bundles/certs-needs /var/lib/ksi/bundles/certs-partnerships /var/lib/ksi/bundles/certs-allocation \
        /var/lib/ksi/bundles/certs-referral /var/lib/ksi/bundles/certs-gateway /var/lib/ksi/bundles/certs-postgres \
        /var/lib/ksi/bundles/certs-demo \
    && chown -R ksi:ksi /var/lib/ksi

COPY --from=build /out/ /opt/ksi/
ENV PATH="/opt/ksi:${PATH}" \
    KSI_CERT_DIR=/var/lib/ksi/certs \
    KSI_DATA_DIR=/var/lib/ksi/data \
    TZ=Europe/Oslo
USER ksi:ksi
WORKDIR /var/lib/ksi
ENTRYPOINT ["ksi"]
CMD ["--help"]
