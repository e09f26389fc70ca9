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
VERSION_LDFLAGS := -X github.com/orgiac/pulumi-orgiac/provider.Version=$(VERSION)

TOOLCHAIN := $(CURDIR)/.toolchain
TOOLBIN   := $(TOOLCHAIN)/bin

.PHONY: build
build: ## bin/pulumi-resource-orgiac with the version from git
	$(GO) build -ldflags "$(VERSION_LDFLAGS)" -o bin/pulumi-resource-orgiac ./cmd/pulumi-resource-orgiac

.PHONY: standins
standins: ## bin/pulumi-resource-aws: the stand-in AWS provider the examples and e2e use
	$(GO) build -o bin/pulumi-resource-aws ./tests/standin/aws

.PHONY: example
example: toolchain build standins ## the main job: run the YAML example through the real engine, print its outputs, destroy it
	scripts/run-example.sh yaml-secure-bucket

.PHONY: lint
lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

.PHONY: schema
schema: ## regenerate schema.json from the provider, in-process
	$(GO) run ./cmd/pulumi-gen-orgiac -out schema.json

.PHONY: check-generated
check-generated: schema ## fail when a generated file differs from the committed one
	@git diff --exit-code -- schema.json || \
	  { echo "schema.json is stale: run 'make schema' and commit it"; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- schema.json); \
	  if [ -n "$$untracked" ]; then echo "uncommitted generated files: $$untracked"; exit 1; fi

.PHONY: test
test: lint check-generated toolchain ## lint, generated-file check, then every test (unit, component, e2e) with the race detector
	$(GO) test -race -count=1 ./...

# ---------------------------------------------------------------------------
# The real-engine toolchain, installed into .toolchain/ by the project itself.
# Each tool is built from the Go module proxy; stamps make reruns instant.

STAMPS := $(TOOLCHAIN)/stamps

.PHONY: toolchain
toolchain: $(STAMPS)/pulumi-$(PULUMI_VERSION) $(STAMPS)/yaml-$(YAML_VERSION) ## install what the e2e tests need

# The CLI is built in tools/pulumi, a module of its own, so its dependency graph
# never touches the provider's go.mod. The Automation API refuses a CLI without
# a version, hence the ldflags.
$(STAMPS)/pulumi-$(PULUMI_VERSION): tools/pulumi/go.mod tools/pulumi/go.sum
	@mkdir -p $(TOOLBIN) $(STAMPS)
	cd tools/pulumi && $(GO) build -o $(TOOLBIN)/pulumi \
	  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VERSION)" \
	  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	test "$$($(TOOLBIN)/pulumi version)" = "$(PULUMI_VERSION)"
	@touch $@

$(STAMPS)/yaml-$(YAML_VERSION):
	@mkdir -p $(TOOLBIN) $(STAMPS)
	GOBIN=$(TOOLBIN) $(GO) install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$(YAML_VERSION)
	@touch $@

.PHONY: help
help:
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "%-18s %s\n", $$1, $$2}'
