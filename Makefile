# assocbench — the README's two commands are `make run` and `make test`.
GO ?= go
NPM ?= npm
VENDOR := web/static/vendor

.PHONY: run test lint assets bench fuzz build clean

## assets: install the pinned npm packages and copy what the app serves (no CDN)
assets: $(VENDOR)/echarts.min.js

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js

## run: start the server on the embedded database with the demo data
run: assets
	@echo "building assocbench (the first build downloads the Go modules and takes a few minutes; later ones take seconds)"
	@mkdir -p bin
	$(GO) build -v -o bin/assocbench ./cmd/assocbench
	@echo "starting assocbench on the embedded database in $${ASSOCBENCH_DATA_DIR:-./data} (Ctrl-C stops it)"
	./bin/assocbench serve --demo

## test: every test (browser tests need chromium: apt-get install -y chromium);
## node --test runs the Go/JavaScript expression parity cases (web/*.test.mjs)
NODE ?= node
test: assets
	$(NODE) --test web/
	$(GO) test -count=1 -timeout 20m ./...

## lint: formatting, vet and staticcheck (pinned in go.mod; known findings in internal/lint)
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GO=$(GO) ./internal/lint/staticcheck.sh

## build: a static binary in bin/
build: assets
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/assocbench ./cmd/assocbench

## bench: the benchmark harness (ratios against the raw floors)
bench: assets
	$(GO) run ./cmd/assocbench bench --associations 2000

## fuzz: run each fuzz target for FUZZTIME (default 2m)
FUZZTIME ?= 2m
fuzz:
	$(GO) test ./questionnaires/ -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)
	$(GO) test ./questionnaires/ -run '^$$' -fuzz '^FuzzAnswers$$' -fuzztime $(FUZZTIME)

clean:
	rm -rf bin $(VENDOR) node_modules
