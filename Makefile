# Brobygger: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

DATABASE ?= sqlite3://db=var/brobygger.db
LISTEN ?= 127.0.0.1:8080
RELEASE_BIN := build/release/app/brobygger
CI_BIN := build/ci/app/brobygger
# The sanitizer passes of `make test` (scripts/run-tests.sh takes the build folder from the binary's path).
# ASan+UBSan: the domain, calendar and storage suites (both backends) and every API program, all against an
# ASan server (about 6 minutes of build and 6 of tests on 2 cores). TSan: only the concurrency tests (CTest names containing "concurren": the pool's
# parallel transactions on both backends and the two-process registration race) and only their targets.
ASAN_BIN := $(subst build/ci/,build/asan/,$(CI_BIN))
ASAN_TARGETS := all
ASAN_TESTS := ^(domain|calendar|storage|api)
TSAN_BIN := $(subst build/ci/,build/tsan/,$(CI_BIN))
TSAN_TARGETS := brobygger storage_tests api_event_tests
TSAN_TESTS := concurren

.PHONY: run test test-sanitizers fuzz bench screenshots deps deps-test build build-ci web test-tools clean help

help:
	@echo "make run    install what is missing, build, migrate, seed, serve on http://$(LISTEN)"
	@echo "make test   install what is missing, build, start a throwaway MariaDB, run every test suite,"
	@echo "            the format and static checks, and the suites again under ASan+UBSan and TSan"
	@echo "make test-sanitizers   only the sanitizer passes"
	@echo "make package  the Debian package (CPack) in build/release: brobygger_VERSION_ARCH.deb"
	@echo "make fuzz   build the libFuzzer targets (clang) and run each over its corpus for FUZZ_SECONDS (20)"
	@echo "make bench  load benchmarks (MariaDB) and the overviews at national scale, 100,000-row exports (SQLite and MariaDB)"

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

build-ci: deps-test
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci

web: deps
	@scripts/build-web.sh

run: build web
	@mkdir -p var
	@[ -s var/demo-password ] || (umask 077; head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > var/demo-password)
	@BROBYGGER_DATABASE='$(DATABASE)' $(RELEASE_BIN) migrate >/dev/null
	@BROBYGGER_DATABASE='$(DATABASE)' $(RELEASE_BIN) seed reference
	@BROBYGGER_DATABASE='$(DATABASE)' BROBYGGER_PASSWORD="$$(cat var/demo-password)" $(RELEASE_BIN) seed demo
	@echo
	@echo "Brobygger is starting on http://$(LISTEN)"
	@echo "Demo logins (password: $$(cat var/demo-password)):"
	@echo "  admin    admin@demo.brobygger.dk"
	@echo "  officer  officer@demo.brobygger.dk"
	@echo "  manager  manager@demo.brobygger.dk"
	@echo "  partner  partner@demo.brobygger.dk"
	@echo "Stop with Ctrl-C."
	@echo
	@BROBYGGER_DATABASE='$(DATABASE)' exec $(RELEASE_BIN) serve --listen $(LISTEN) --web-root web-admin/dist

test: build-ci
	@scripts/build-web.sh
	@scripts/run-tests.sh $(CI_BIN)
	@$(MAKE) --no-print-directory test-sanitizers
	@$(MAKE) --no-print-directory fuzz

test-sanitizers: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan --target $(ASAN_TARGETS)
	@scripts/run-tests.sh $(ASAN_BIN) '$(ASAN_TESTS)'
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan --target $(TSAN_TARGETS)
	@scripts/run-tests.sh $(TSAN_BIN) '$(TSAN_TESTS)'

# libFuzzer targets (tests/fuzz, preset fuzz: clang-14, ASan+UBSan): each runs FUZZ_SECONDS over a scratch
# copy of its committed corpus; a crash fails the run and leaves its reproducer in build/fuzz/findings/.
fuzz: deps-test
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@scripts/fuzz.sh build/fuzz

bench: build deps-test
	@scripts/bench.sh $(RELEASE_BIN)
	@scripts/bench/reports.sh $(RELEASE_BIN)
	@scripts/bench/exports.sh $(RELEASE_BIN)
	@scripts/bench/imports.sh $(RELEASE_BIN)
	@scripts/bench/messages.sh $(RELEASE_BIN)
	@scripts/bench/soak.sh $(RELEASE_BIN)
	@scripts/bench/sweep.sh $(RELEASE_BIN)

screenshots: build-ci
	@scripts/build-web.sh
	@SCREENSHOTS=1 scripts/run-tests.sh $(CI_BIN) e2e
	@scripts/compress-screenshots.sh docs/screenshots

# The Debian package: the release build and the web admin, packed by CPack (cmake/Packaging.cmake);
# scripts/package-test.sh (CTest package.deb, part of `make test`) installs, starts and purges one.
.PHONY: package
package: build web
	@cd build/release && cpack -G DEB

clean:
	rm -rf build web-admin/dist
