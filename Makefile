# gongkai — make test runs every test, installing what it needs.
GO ?= go
export GONGKAI_REQUIRE_BROWSER ?= 1

.PHONY: test vet unit browser-deps build release fuzz bench clean

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

# One static binary per platform in dist/, for authors' Windows and macOS
# machines and the Linux server: gongkai-VERSION-OS-ARCH[.exe].
# A tag names a release (v1.2.0); without one, the commit's date and hash
# (2026.12.03-b1a7d19), which IT staff can still order and look up.
VERSION ?= $(shell git describe --tags --dirty 2>/dev/null || git log -1 --format='%cd-%h' --date=format:%Y.%m.%d 2>/dev/null || echo dev)
# sha256sum is GNU coreutils; macOS has shasum, which writes the same lines.
SHA256SUM ?= $(shell command -v sha256sum >/dev/null 2>&1 && echo sha256sum || echo "shasum -a 256")
PLATFORMS ?= windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64
release:
	@mkdir -p dist
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		out=dist/gongkai-$(VERSION)-$$os-$$arch$$ext; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w -X gongkai/generator/cli.Version=$(VERSION)" -o $$out . || exit 1; \
	done
	@cd dist && $(SHA256SUM) gongkai-$(VERSION)-* > SHA256SUMS-$(VERSION) && echo "dist/SHA256SUMS-$(VERSION)"

fuzz:
	@bash scripts/fuzz.sh

clean:
	rm -rf public .public.staging dist
