# gongkai — make test runs every test, installing what it needs.
GO ?= go
export GONGKAI_REQUIRE_BROWSER ?= 1

.PHONY: test vet unit browser-deps build fuzz bench clean

test: vet unit

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

# Unit, whole-site and browser tests. Browser tests need Debian's chromium,
# CJK fonts, Java, and axe-core and vnu-jar from npm; browser-deps installs
# whatever is missing.
unit: browser-deps
	$(GO) test -timeout 30m ./...

browser-deps:
	@bash scripts/install-deps.sh

build:
	$(GO) run . build

fuzz:
	@bash scripts/fuzz.sh

clean:
	rm -rf public .public.staging
