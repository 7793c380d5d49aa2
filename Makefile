# KSI — see README.md. `make run` starts the product, `make test` runs every test.
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=

.PHONY: setup build run test test-hostile test-browser-harness generate check-generated sanitize clean fuzz fuzz-ci fuzz-corpus

setup:
	@scripts/setup

build: setup
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

run: build
	$(SWIFT) run $(SWIFT_BUILD_FLAGS) ksi dev

## Regenerates the C and Swift code derived from protos/ (commit the result).
generate: setup
	scripts/generate-protos

check-generated: setup
	scripts/check-generated

## Suites that time listener timeouts or flood a listener run alone, after the others: the parallel run's
## load would stretch their timings, and their floods would starve the other suites' calls. The dead-letter
## suite restarts AllocationService on its database: under the parallel run the restarted server's task did
## not start within 60 s (docs/status.md), so it runs here too.
TIMING_SUITES = GRPCListenerTests|GatewayListenerTests|HTTPListenerBoundsTests|CallerErrorsTests|SourceFailureReasonTests|RelayDeadlineTests|InternalCallBoundsTests|ReclaimAndDeadLettersOverGRPCTests

## Bounds on the two Swift test runs (seconds; the parallel run takes ~9 minutes on CI). `scripts/bounded` runs each
## in a process group of its own, stops the group at the bound and, when the run ends, kills what it left behind (a
## crashed test process's server children would keep the output open): a run that hangs fails here with the step
## named, instead of running into CI's limit.
SWIFT_TEST_TIMEOUT ?= 1800
TIMING_TEST_TIMEOUT ?= 600
## The same bound on each of the scripted checks against a running `ksi dev` (each takes 1–4 minutes on CI).
STEP_TIMEOUT ?= 900

test: setup check-generated
	scripts/check-rule-coverage
	scripts/format --check
	scripts/check-sqlite-only-embedder
	$(MAKE) test-browser-harness
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/with-postgres scripts/bounded $(SWIFT_TEST_TIMEOUT) \
		$(SWIFT) test --skip-build --skip '$(TIMING_SUITES)' $(SWIFT_BUILD_FLAGS)
	scripts/bounded $(TIMING_TEST_TIMEOUT) \
		$(SWIFT) test --skip-build --no-parallel --filter '$(TIMING_SUITES)' $(SWIFT_BUILD_FLAGS)
	$(MAKE) test-hostile
	scripts/bounded $(STEP_TIMEOUT) scripts/schemathesis-run
	scripts/bounded $(STEP_TIMEOUT) scripts/every-rpc-run
	scripts/bounded $(STEP_TIMEOUT) scripts/guide-run
	$(MAKE) fuzz-ci

## The dashboard browser harness itself (scripts/browser_check.py, scripts/dashboard_text.py) on static fixture
## pages with known defects (Tests/Browser/): headless Chromium, axe-core, the English/raw-code detector; ~10 s.
test-browser-harness: setup
	.venv/bin/python -m pytest -q Tests/Browser

## The hostile-client suite (docs/security.md): attacks on `ksi dev` and kill -9 durability, run against
## the already-built debug binary as separate processes; bounded to 5 minutes.
HOSTILE_TIMEOUT ?= 300
test-hostile: setup
	test -x .build/debug/ksi || $(SWIFT) build --product ksi $(SWIFT_BUILD_FLAGS)
	scripts/with-postgres scripts/bounded $(HOSTILE_TIMEOUT) .venv/bin/python -m pytest Tests/Hostile

## The decoder's malformed-input tests under AddressSanitizer (slow: a separate build folder).
## Leaks inside the toolchain's XCTest and Foundation are suppressed (scripts/lsan-suppressions.txt).
sanitize: setup
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt $(SWIFT) test --sanitize=address --scratch-path .build-asan --filter "Wire"

clean:
	rm -rf .build .build-asan .build-fuzz

## KSICore's DocC documentation (Sources/KSICore/KSICore.docc) with the documentation-coverage table.
.PHONY: docs
## --experimental-skip-synthesized-symbols: protocol-extension members (`!=`, `hash(into:)`, …) are declarations nobody writes.
docs: setup
	$(SWIFT) package generate-documentation --target KSICore --experimental-skip-synthesized-symbols \
		--experimental-documentation-coverage --coverage-summary-level brief

## Wire fuzzing: a separate package (Fuzz/, build folder .build-fuzz), libFuzzer with AddressSanitizer over
## every request message of every service group; docs/fuzzing.md. FUZZ_SECONDS is the total, shared by the groups.
FUZZ_SECONDS ?= 240
fuzz: setup
	scripts/fuzz-run $(FUZZ_SECONDS)

## The bounded slice `make test` runs (about 2.5 minutes of fuzzing after the build).
fuzz-ci: setup
	scripts/fuzz-run 150

## Regenerates Fuzz/Sources/WireFuzz/FuzzedRequests.swift and the seed corpus Fuzz/corpus/ (commit the result).
fuzz-corpus: setup
	.venv/bin/python scripts/fuzz-corpus.py

## Benchmarks: a separate package (Benchmarks/, build folder .build-bench), so `make test` never builds them.
## `make bench` runs every benchmark suite; results and how to read them are in BENCHMARKS.md.
BENCH_PACKAGE = cd Benchmarks && nice -n 10 $(SWIFT) package --scratch-path ../.build-bench

.PHONY: bench bench-codec bench-domain bench-rpc bench-rpc-inprocess
bench: bench-codec bench-domain bench-rpc

## Codec: KSI bridge vs raw protobuf-c vs swift-protobuf (time and mallocs per encode/decode).
bench-codec: setup
	$(BENCH_PACKAGE) benchmark --target Codec --time-units nanoseconds --no-progress

## Domain at national scale and RPC load: `ksi-bench`, a release build of the root package (.build/release).
BENCH_BIN = .build/release/ksi-bench
BENCH_SCALES ?= 1 2 4
BENCH_RPC_SECONDS ?= 5

## Domain: national data set load, V1, simulator, referral assignment on SQLite and PostgreSQL, one process per scale.
bench-domain: setup
	nice -n 10 $(SWIFT) build -c release --product ksi-bench
	@for scale in $(BENCH_SCALES); do \
	  scripts/with-postgres sh -c "nice -n 10 $(BENCH_BIN) domain --scale $$scale --postgres-url \"\$$KSI_TEST_POSTGRES_URL\"" || exit 1; \
	done

## RPC load against peers (issue 17): `ksi-bench serve`, grpc-swift's echo and grpc++'s echo as separate
## processes, driven by an external grpc++ load generator (one connection, 1/8/32/128 streams).
BENCH_RPC_PEER_SECONDS ?= 10
bench-rpc: setup
	nice -n 10 $(SWIFT) build -c release --product ksi-bench
	nice -n 10 scripts/grpcxx/build-bench .build/grpcxx-bench
	nice -n 10 python3 scripts/bench_rpc.py --ksi-bench $(BENCH_BIN) --cxx .build/grpcxx-bench \
	  --streams 1,8,32,128 --seconds $(BENCH_RPC_PEER_SECONDS) --json .build/grpcxx-bench/bench-rpc.json

## RPC load in one process over mTLS on loopback: echo ceiling, service read and write, gateway views.
bench-rpc-inprocess: setup
	nice -n 10 $(SWIFT) build -c release --product ksi-bench
	nice -n 10 $(BENCH_BIN) rpc --target all --streams 1,8,32,128 --seconds $(BENCH_RPC_SECONDS)
