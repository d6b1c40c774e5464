# Audit Room. `make run` sets up what is missing and opens the app on the demo
# engagement; `make test` runs the whole suite. See README.md.

GO          ?= go
GOBIN       := $(shell $(GO) env GOPATH)/bin
BIN         := build/bin/auditroom
DESKTOP     := desktop,production,webkit2_41
VERSION     ?= 0.1.0-dev
LDFLAGS     := -X auditroom/app.Version=$(VERSION)
DEMO_DATA   := build/demo-data
export AUDITROOM_DEMO_PASSPHRASE ?= demo-passphrase

.PHONY: run build frontend types deps test test-deps lint gotest webtest e2e smoke bench faults clean

## run: install what is missing, build, and open the window on the demo engagement
run: deps build
	AUDITROOM_PASSPHRASE=$(AUDITROOM_DEMO_PASSPHRASE) $(BIN) --data $(DEMO_DATA) demo --open

deps:
	.ci/deps
	cd frontend && [ -d node_modules ] || npm ci --no-audit --no-fund

## build: the frontend, then the desktop binary (which also serves the browser transport)
build: frontend
	CGO_ENABLED=1 $(GO) build -tags $(DESKTOP) -ldflags "$(LDFLAGS)" -o $(BIN) .

frontend:
	cd frontend && npm run build

## types: regenerate frontend/src/api/models.ts from the Go types the bound
## methods take and return (go test ./app fails while it is out of date)
types:
	$(GO) test -count=1 -run TestModelsMatchGo ./app -update-models

## test: the whole suite (installs what it needs first, as run does)
test: test-deps lint gotest webtest build e2e smoke

test-deps:
	.ci/deps --test
	cd frontend && [ -d node_modules ] || npm ci --no-audit --no-fund
	[ -x $(GOBIN)/staticcheck ] || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...

gotest:
	$(GO) test -count=1 -timeout 30m ./...

webtest:
	cd frontend && npm run typecheck && npm test

## e2e: Playwright in Debian's headless Chromium against `auditroom serve`
e2e:
	cd frontend && AUDITROOM_BIN=$(CURDIR)/$(BIN) npm run e2e

## smoke: the real window under Xvfb, driven by xdotool, screenshot in docs/screenshots
smoke:
	AUDITROOM_DESKTOP_BIN=$(CURDIR)/$(BIN) AUDITROOM_SCREENSHOTS=$(CURDIR)/docs/screenshots \
		$(GO) test -count=1 -run TestDesktopWindow -v ./app/cli/

## bench: import the corpus and 20,000 small documents, with ratios against
## sha256sum + pdftotext and Recoll timed in the same run; read a population of
## 1,000,000 CSV rows and draw 60 items, against sha256sum (docs/benchmarks.md)
bench:
	.ci/deps --bench
	$(GO) test -run '^$$' -bench . -benchtime=1x -timeout 60m ./backend/...

## faults: the fault-injection suite with a fault at every step of each path, not
## the spread of twelve that make test tries (about half an hour on two cores)
faults:
	AUDITROOM_FAULT_ALL=1 $(GO) test -count=1 -run TestFaultInjection -timeout 90m -v ./app/cli/ | grep -E 'fault points|^(---|ok|FAIL)'

clean:
	rm -rf build/bin frontend/node_modules
