# orgiac: the two commands a newcomer needs are `make example` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO              ?= go
VERSION         ?= $(shell git describe --tags --match 'v*' --always --dirty 2>/dev/null | sed 's/^v//')
PULUMI_VERSION  := v3.274.1
YAML_VERSION    := v1.25.0
VERSION_LDFLAGS := -X github.com/orgiac/pulumi-orgiac/provider.Version=$(VERSION)

TOOLCHAIN := $(CURDIR)/.toolchain
TOOLBIN   := $(TOOLCHAIN)/bin

.PHONY: build
build: ## bin/pulumi-resource-orgiac with the version from git
	$(GO) build -ldflags "$(VERSION_LDFLAGS)" -o bin/pulumi-resource-orgiac ./cmd/pulumi-resource-orgiac

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
test: lint check-generated ## lint, generated-file check, then every test with the race detector
	$(GO) test -race -count=1 ./...

.PHONY: help
help:
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "%-18s %s\n", $$1, $$2}'
