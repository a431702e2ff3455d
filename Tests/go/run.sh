#!/usr/bin/env bash
# The go suite: go vet and go test -v of go/osimage (cgo over the installed libosimage via
# pkg-config) against the keystone stack, with GOPROXY=off so nothing is ever fetched. Needs
# scripts/test's stack and install. Prints "N passed, N failed" counted from go test's
# "--- PASS"/"--- FAIL" lines (go vet counts as one).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${OSI_TEST_SCRATCH:-$(mktemp -d)}
passed=0 failed=0
command -v go >/dev/null || { echo "go is not installed (scripts/setup installs golang-go)"; echo "0 passed, 1 failed"; exit 1; }
go version
export GOPROXY=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=1 GOCACHE=${GOCACHE:-$HOME/.cache/osimage-stack/go-build}
# The cgo flags in the environment too: they are part of Go's cache keys, so a build cached
# against another prefix is never reused.
CGO_CFLAGS="$(pkg-config --cflags osimage)" CGO_LDFLAGS="$(pkg-config --libs osimage)" || exit 1
export CGO_CFLAGS CGO_LDFLAGS
cd "$root/go/osimage" || exit 1
if go vet ./...; then passed=$((passed + 1)); echo "ok: go vet"; else failed=$((failed + 1)); echo "FAILED: go vet"; fi
go test -v -count=1 -timeout 15m ./... 2>&1 | tee "$scratch/go-test.log"
status=${PIPESTATUS[0]}
passes=$(grep -cE '^ *--- PASS' "$scratch/go-test.log")
fails=$(grep -cE '^ *--- FAIL' "$scratch/go-test.log")
passed=$((passed + passes)) failed=$((failed + fails))
# A build failure or a panic prints no FAIL line for a test: count it.
if [ "$status" != 0 ] && [ "$fails" = 0 ]; then failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
