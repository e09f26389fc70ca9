# orgiac: the two commands a newcomer needs are `make example` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO              ?= go
VERSION         ?= $(shell git describe --tags --match 'v*' 2>/dev/null | sed 's/^v//' || true)
ifeq ($(VERSION),)
VERSION := 0.0.0-dev
endif
PULUMI_VERSION  := v3.274.1
YAML_VERSION    := v1.25.0
# gotestsum runs go test for make test: it prints each package's time and
# keeps the events from which the slowest tests are listed.
GOTESTSUM_VERSION := v1.13.0
VERSION_LDFLAGS := -X github.com/orgiac/pulumi-orgiac/internal/version.Version=$(VERSION)

TOOLCHAIN := $(CURDIR)/.toolchain
TOOLBIN   := $(TOOLCHAIN)/bin
GOTESTSUM := $(TOOLBIN)/gotestsum

# One set of build flags for every build but the race-instrumented tests:
# static and -trimpath, as goreleaser builds releases. Each package is then
# compiled once for the binaries, the stand-ins, the generator, vet and the
# e2e, instead of once per set of flags; on a cold Go build cache that is
# minutes (the aws and azure-native SDKs are large).
export CGO_ENABLED := 0
export GOFLAGS := $(strip $(GOFLAGS) -trimpath)

# A long step prints a line when it starts, every 20 seconds, and when it ends.
STEP := scripts/step.sh

.PHONY: build
# Built as goreleaser builds releases (static, -trimpath), so the examples and
# the benchmarks run what users install.
build: ## bin/pulumi-resource-orgiac, bin/orgiac and bin/pulumi-analyzer-policy-orgiac (the policy pack), with the version from git
	@$(STEP) "bin/pulumi-resource-orgiac (the first build compiles the aws and azure-native SDKs: minutes)" \
	  $(GO) build -v -ldflags "$(VERSION_LDFLAGS)" -o bin/pulumi-resource-orgiac ./cmd/pulumi-resource-orgiac
	@$(STEP) "bin/orgiac" $(GO) build -v -ldflags "$(VERSION_LDFLAGS)" -o bin/orgiac ./cmd/orgiac
	@$(STEP) "bin/pulumi-analyzer-policy-orgiac" \
	  $(GO) build -v -ldflags "$(VERSION_LDFLAGS)" -o bin/pulumi-analyzer-policy-orgiac ./cmd/pulumi-analyzer-policy-orgiac

.PHONY: standins
standins: ## bin/pulumi-resource-aws and -azure-native: the stand-in providers the examples and e2e use, and bin/motoctl
	@$(STEP) "bin/pulumi-resource-aws and bin/pulumi-resource-azure-native (stand-ins) and bin/motoctl" \
	  bash -c '$(GO) build -v -o bin/pulumi-resource-aws ./tests/standin/aws && \
	    $(GO) build -v -o bin/pulumi-resource-azure-native ./tests/standin/azure-native && \
	    $(GO) build -v -o bin/motoctl ./tests/standin/motoctl'

.PHONY: example
example: toolchain build standins ## the main job: run the YAML example through the real engine, print its outputs, destroy it
	scripts/run-example.sh yaml-secure-bucket

.PHONY: lint
lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

GENERATED := schema.json sdk/ docs/compliance.md docs/errors.md docs/policy-pack.md schemas/

.PHONY: schema
schema: ## regenerate schema.json (from the provider, in-process) and the configuration JSON Schemas
	$(GO) run ./cmd/pulumi-gen-orgiac schema -out schema.json
	$(GO) run ./cmd/pulumi-gen-orgiac jsonschema -out schemas

.PHONY: sdks
sdks: schema ## regenerate sdk/{go,nodejs,python} from schema.json through pulumi's codegen
	$(GO) run ./cmd/pulumi-gen-orgiac sdks -schema schema.json -out sdk

.PHONY: docs
docs: ## regenerate docs/compliance.md's control table, docs/policy-pack.md's policy table and docs/errors.md from the code
	$(GO) run ./cmd/pulumi-gen-orgiac docs -compliance docs/compliance.md -errors docs/errors.md -policy-pack docs/policy-pack.md

.PHONY: check-generated
check-generated: schema sdks docs ## fail when a generated file differs from the committed one
	@git diff --exit-code --stat -- $(GENERATED) || \
	  { echo "generated files are stale: run 'make schema sdks' and commit them"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- $(GENERATED)); \
	  if [ -n "$$untracked" ]; then echo "generated files not committed: $$untracked"; exit 1; fi
	cd sdk && $(GO) build ./... && $(GO) vet ./...

# The budget of one `go test` run: a cold 2-core machine, whose first run
# compiles everything with the race detector, took 16 minutes for the whole
# of make test. go test's default of 10 minutes per package is too short for
# the e2e there.
TEST_TIMEOUT ?= 45m
TEST_EVENTS  := .work/test-events.json

.PHONY: test
test: lint check-generated toolchain sdk-packages ## lint, generated-file check, then every test (unit, component, e2e) with the race detector
	@mkdir -p .work
	@echo "==> go test -race ./... (each package's time as it ends; timeout $(TEST_TIMEOUT))"
	@rc=0; CGO_ENABLED=1 $(GOTESTSUM) --format pkgname-and-test-fails --format-icons text --jsonfile $(TEST_EVENTS) -- \
	  -race -count=1 -timeout $(TEST_TIMEOUT) ./... || rc=$$?; \
	  echo "==> The ten slowest tests"; \
	  $(GOTESTSUM) tool slowest --jsonfile $(TEST_EVENTS) --num 10 --threshold 0s; \
	  exit $$rc

# ---------------------------------------------------------------------------
# The real-engine toolchain, installed into .toolchain/ by the project itself.
# Each tool is built from the Go module proxy; stamps make reruns instant.

STAMPS := $(TOOLCHAIN)/stamps

.PHONY: toolchain
toolchain: $(STAMPS)/pulumi-$(PULUMI_VERSION) $(STAMPS)/yaml-$(YAML_VERSION) $(STAMPS)/gotestsum-$(GOTESTSUM_VERSION) \
  $(STAMPS)/node-driver $(STAMPS)/python-driver $(STAMPS)/moto chromium standins ## install what the e2e tests need

# No stamp: the script is a no-op when a Chromium is on PATH, and a stamp
# would outlive a browser that was uninstalled.
.PHONY: chromium
chromium: ## install Debian's chromium for the HTML report's browser test, unless one is on PATH
	@scripts/install-chromium.sh

# The CLI is built in tools/pulumi, a module of its own, so its dependency graph
# never touches the provider's go.mod. The Automation API refuses a CLI without
# a version, hence the ldflags.
$(STAMPS)/pulumi-$(PULUMI_VERSION): tools/pulumi/go.mod tools/pulumi/go.sum
	@mkdir -p $(TOOLBIN) $(STAMPS)
	@$(STEP) "Pulumi CLI $(PULUMI_VERSION), from the Go module proxy (about 5 minutes the first time)" \
	  $(GO) -C tools/pulumi build -v -o $(TOOLBIN)/pulumi \
	  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VERSION)" \
	  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	test "$$($(TOOLBIN)/pulumi version)" = "$(PULUMI_VERSION)"
	@touch $@

$(STAMPS)/yaml-$(YAML_VERSION):
	@mkdir -p $(TOOLBIN) $(STAMPS)
	@$(STEP) "Pulumi YAML language host $(YAML_VERSION)" \
	  env GOBIN=$(TOOLBIN) $(GO) install -v github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$(YAML_VERSION)
	@touch $@

$(STAMPS)/gotestsum-$(GOTESTSUM_VERSION):
	@mkdir -p $(TOOLBIN) $(STAMPS)
	@$(STEP) "gotestsum $(GOTESTSUM_VERSION)" env GOBIN=$(TOOLBIN) $(GO) install -v gotest.tools/gotestsum@$(GOTESTSUM_VERSION)
	@touch $@

# The TypeScript and Python examples run inline through the Automation API
# (their language hosts are not installable here); these are the drivers'
# dependencies, from npm's lockfile and a pinned requirements file.
NODE_DRIVER   := tests/e2e/drivers/nodejs
PYTHON_DRIVER := tests/e2e/drivers/python
VENV          := $(TOOLCHAIN)/venv

$(STAMPS)/node-driver: $(NODE_DRIVER)/package.json $(NODE_DRIVER)/package-lock.json
	@mkdir -p $(STAMPS)
	@$(STEP) "npm packages of the TypeScript driver" npm --prefix $(NODE_DRIVER) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/python-driver: $(PYTHON_DRIVER)/requirements.txt
	@mkdir -p $(STAMPS)
	python3 -m venv $(VENV)
	@$(STEP) "pip packages of the Python driver" \
	  $(VENV)/bin/pip install --quiet --disable-pip-version-check -r $(PYTHON_DRIVER)/requirements.txt
	@touch $@

# moto, the AWS API emulator behind the aws stand-in, in a venv of its own so
# its dependencies never meet the Pulumi SDK's.
MOTO_REQUIREMENTS := tests/standin/moto/requirements.txt
MOTO_VENV         := $(TOOLCHAIN)/moto

$(STAMPS)/moto: $(MOTO_REQUIREMENTS)
	@mkdir -p $(STAMPS)
	rm -rf $(MOTO_VENV) && python3 -m venv $(MOTO_VENV)
	@$(STEP) "moto $$(sed -n 's/^moto==//p' $(MOTO_REQUIREMENTS)) (the AWS API emulator)" \
	  $(MOTO_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(MOTO_REQUIREMENTS)
	@touch $@

# The SDKs the e2e programs import are the packed artefacts a user installs:
# an npm tarball and a wheel, rebuilt whenever sdk/ changes.
SDK_BUILD     := $(TOOLCHAIN)/sdk
NODE_SDK_SRC  := $(shell find sdk/nodejs -type f -not -path '*/node_modules/*' -not -path '*/bin/*' 2>/dev/null)
# pip wheel leaves build/ and *.egg-info/ in sdk/python, and make sdks (run by
# check-generated) deletes them again: listed here, they would be prerequisites
# that vanish before make reaches them, and the second make test would fail.
PY_SDK_SRC    := $(shell find sdk/python -type f -not -path '*/build/*' -not -path '*.egg-info/*' -not -name '*.pyc' 2>/dev/null)

.PHONY: sdk-packages
sdk-packages: $(STAMPS)/node-sdk $(STAMPS)/python-sdk ## pack sdk/nodejs and sdk/python, and install them for the e2e drivers

$(STAMPS)/node-sdk: $(NODE_SDK_SRC) $(STAMPS)/node-driver
	rm -rf $(SDK_BUILD)/nodejs && mkdir -p $(SDK_BUILD)/nodejs
	cp -R sdk/nodejs/. $(SDK_BUILD)/nodejs/
	ln -s $(CURDIR)/$(NODE_DRIVER)/node_modules $(SDK_BUILD)/nodejs/node_modules
	cd $(SDK_BUILD)/nodejs && ./node_modules/.bin/tsc && cp package.json README.md bin/
	cd $(SDK_BUILD) && npm pack --silent ./nodejs/bin > nodejs.tgz.name
	cd $(NODE_DRIVER) && npm install --no-save --no-audit --no-fund --loglevel=error $(SDK_BUILD)/$$(cat $(SDK_BUILD)/nodejs.tgz.name)
	@touch $@

$(STAMPS)/python-sdk: $(PY_SDK_SRC) $(STAMPS)/python-driver
	rm -rf $(SDK_BUILD)/python && mkdir -p $(SDK_BUILD)/python
	$(VENV)/bin/pip wheel --quiet --disable-pip-version-check --no-deps -w $(SDK_BUILD)/python ./sdk/python
	# The first install brings the SDK's dependencies; the second replaces an
	# installed copy of the same version with this build.
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(SDK_BUILD)/python/*.whl
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps $(SDK_BUILD)/python/*.whl
	@touch $@

# ---------------------------------------------------------------------------
# Releases (not part of make test). goreleaser is built from the Go module
# proxy into .toolchain/, like the Pulumi CLI.
GORELEASER_VERSION := v2.15.1
GORELEASER         := $(TOOLBIN)/goreleaser

$(STAMPS)/goreleaser-$(GORELEASER_VERSION):
	@mkdir -p $(TOOLBIN) $(STAMPS)
	GOBIN=$(TOOLBIN) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)
	@touch $@

.PHONY: release-check
release-check: $(STAMPS)/goreleaser-$(GORELEASER_VERSION) ## goreleaser check, then a snapshot build for this machine
	$(GORELEASER) check
	$(GORELEASER) build --snapshot --clean --single-target

.PHONY: dist
dist: $(STAMPS)/goreleaser-$(GORELEASER_VERSION) ## snapshot archives for every platform in dist/
	$(GORELEASER) release --snapshot --clean --skip=publish

# ---------------------------------------------------------------------------
# Benchmarks (not part of make test, ~15 minutes): bench/results/ and
# docs/performance.md, every comparison measured in the same run.
.PHONY: bench
bench: toolchain build standins ## performance benchmarks against their floor and alternatives; writes docs/performance.md
	bench/run.sh

# ---------------------------------------------------------------------------
# Fuzzing: every Fuzz* target in the module, each for FUZZTIME. Not part of
# make test; failures leave the crasher in the package's testdata/fuzz.
FUZZTIME ?= 30s

.PHONY: fuzz
fuzz: ## run every go fuzz target for FUZZTIME (default 30s) each
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "==> $$pkg $$target"; \
	    $(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

.PHONY: help
help:
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "%-18s %s\n", $$1, $$2}'
