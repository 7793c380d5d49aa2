# KSI — see README.md. `make run` starts the product, `make test` runs every test.
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=

.PHONY: setup build run test generate check-generated sanitize clean

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

test: setup check-generated
	scripts/check-rule-coverage
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	scripts/with-postgres $(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS)

## The decoder's malformed-input tests under AddressSanitizer (slow: a separate build folder).
sanitize: setup
	$(SWIFT) test --sanitize=address --scratch-path .build-asan --filter "Wire"

clean:
	rm -rf .build .build-asan

## Benchmarks: a separate package (Benchmarks/, build folder .build-bench), so `make test` never builds them.
## `make bench` runs every benchmark suite; results and how to read them are in BENCHMARKS.md.
BENCH_PACKAGE = cd Benchmarks && nice -n 10 $(SWIFT) package --scratch-path ../.build-bench

.PHONY: bench bench-codec
bench: bench-codec

## Codec: KSI bridge vs raw protobuf-c vs swift-protobuf (time and mallocs per encode/decode).
bench-codec: setup
	$(BENCH_PACKAGE) benchmark --target Codec --time-units nanoseconds --no-progress
