# The two commands a newcomer needs: `make run` and `make test`.
CARGO ?= cargo

.PHONY: run test fmt bench tools package web

# A benchmark or a step piped into tee still fails the target when it fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

# Builds everything and starts the local server on http://127.0.0.1:8080 with demo data (seeded
# on the first start; the data lives in ./data): the citizen site at /, the API under /api/v1.
# Ctrl+C stops it; a restart keeps everything.
run: web
	$(CARGO) build --workspace --locked
	$(CARGO) run --quiet --locked --bin adminduk -- serve

# The web apps (TypeScript, Vite): npm packages from the lock file, the typed client generated from
# web/openapi.json, type checks, the build into web/dist, and the JavaScript budget.
web:
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build

# The AWS API emulator the DynamoDB adapter's tests run against, installed from PyPI into
# target/tools (once; reused until `cargo clean`).
MOTO_VERSION := 5.2.5
MOTO := target/tools/moto-$(MOTO_VERSION)/bin/moto_server
$(MOTO):
	python3 -m venv target/tools/moto-$(MOTO_VERSION)
	target/tools/moto-$(MOTO_VERSION)/bin/pip install --quiet --disable-pip-version-check "moto[server]==$(MOTO_VERSION)"

# cfn-lint (with the SAM translator): lints infra/template.yaml, and its YAML parser serves the
# route check.
CFN_LINT_VERSION := 1.58.0
CFN_LINT := target/tools/cfn-lint-$(CFN_LINT_VERSION)/bin/cfn-lint
$(CFN_LINT):
	python3 -m venv target/tools/cfn-lint-$(CFN_LINT_VERSION)
	target/tools/cfn-lint-$(CFN_LINT_VERSION)/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$(CFN_LINT_VERSION)"

# Checks the committed OpenAPI document against the OpenAPI 3.1 specification.
OPENAPI_VALIDATOR_VERSION := 0.9.0
OPENAPI_VALIDATOR := target/tools/openapi-spec-validator-$(OPENAPI_VALIDATOR_VERSION)/bin/openapi-spec-validator
$(OPENAPI_VALIDATOR):
	python3 -m venv target/tools/openapi-spec-validator-$(OPENAPI_VALIDATOR_VERSION)
	target/tools/openapi-spec-validator-$(OPENAPI_VALIDATOR_VERSION)/bin/pip install --quiet --disable-pip-version-check "openapi-spec-validator==$(OPENAPI_VALIDATOR_VERSION)"

# Schemathesis: generates requests from web/openapi.json against the local server (tests/api).
SCHEMATHESIS_VERSION := 4.32.5
SCHEMATHESIS := target/tools/schemathesis-$(SCHEMATHESIS_VERSION)/bin/schemathesis
$(SCHEMATHESIS):
	python3 -m venv target/tools/schemathesis-$(SCHEMATHESIS_VERSION)
	target/tools/schemathesis-$(SCHEMATHESIS_VERSION)/bin/pip install --quiet --disable-pip-version-check "schemathesis==$(SCHEMATHESIS_VERSION)"

# Debian's Chromium, for the browser tests (Playwright drives it headless).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

tools: $(MOTO) $(CFN_LINT) $(OPENAPI_VALIDATOR) $(SCHEMATHESIS) $(CHROMIUM)

# Formatting, lints (warnings are errors) and every test. CI runs exactly this. Every cargo step
# builds the whole workspace's test graph (one feature set), so nothing is compiled twice; the
# server binary the checks and the browser tests run is that build's target/debug/adminduk.
test: tools
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked --no-run
	# The SAM template: lint, then exactly the routes of the route table, each to its function.
	$(CFN_LINT) --regions ap-southeast-3 -- infra/template.yaml
	target/debug/adminduk routes --json > target/routes.json
	$(dir $(CFN_LINT))python infra/check_routes.py infra/template.yaml target/routes.json functions
	# The API's document (a test checks it is current) is valid OpenAPI 3.1.
	$(OPENAPI_VALIDATOR) web/openapi.json
	ADMINDUK_MOTO_PYTHON=$(abspath $(dir $(MOTO))python) $(CARGO) test --workspace --locked
	# The benchmarks in short on this build (benches/tests/short.rs): reported, never judged.
	cat target/tmp/bench-short.txt
	# The HTTP scenarios again, on DynamoDB.
	ADMINDUK_MOTO_PYTHON=$(abspath $(dir $(MOTO))python) ADMINDUK_TEST_BACKEND=dynamodb \
		$(CARGO) test --workspace --locked --test scenarios --test logs
	# The API attacked from its own document as a resident, an officer and an admin: no 5xx, and
	# every answer as documented (bounded examples per operation).
	python3 tests/api/schemathesis_run.py target/debug/adminduk $(SCHEMATHESIS) 10
	# The web apps, built and driven in Chromium against the local server (screenshots in
	# web/test-results/screenshots).
	$(MAKE) web
	cd web && CHROMIUM=$(CHROMIUM) ADMINDUK_BIN=$(abspath target/debug/adminduk) npx playwright test

fmt:
	$(CARGO) fmt --all

# Benchmarks: ratios against a baseline measured in the same run; each fails below its floor
# (`make test` runs them in short and only reports). Every benchmark runs even when one before it
# is below its floor; the target fails at the end if any was. Results in target/bench-results.txt.
bench: $(CHROMIUM) $(MOTO) package
	$(CARGO) build --release --locked -p adminduk-cli -p adminduk-bench $(addprefix -p adminduk-fn-,$(FUNCTIONS))
	@rm -f target/bench-results.txt target/bench-below
	target/release/import-memory 1000000 target/release/adminduk | tee -a target/bench-results.txt || touch target/bench-below
	target/release/batch-verification | tee -a target/bench-results.txt || touch target/bench-below
	# DynamoDB calls per use case, counted on the emulator (the same test runs in make test).
	ADMINDUK_MOTO_PYTHON=$(abspath $(dir $(MOTO))python) $(CARGO) test --locked --test scenarios calls::
	cat target/dynamodb-calls.txt | tee -a target/bench-results.txt
	# The citizen site's first page: its gzipped JavaScript (budget 80 KB; `make web` fails above
	# it) and its time to usable on a throttled network (budget 3 s), in Chromium.
	$(MAKE) web
	cd web && node budget.mjs | tee -a ../target/bench-results.txt
	cd web && CHROMIUM=$(CHROMIUM) ADMINDUK_BIN=$(abspath target/release/adminduk) npx playwright test -c playwright.bench.config.ts | tee -a ../target/bench-results.txt || touch ../target/bench-below
	# Reads and writes over HTTP beside their floors in the same server process.
	target/release/requests | tee -a target/bench-results.txt || touch target/bench-below
	# Each function's arm64 zip, and its cold start beside a hello-world lambda_http function.
	ADMINDUK_MOTO_PYTHON=$(abspath $(dir $(MOTO))python) target/release/lambda-start | tee -a target/bench-results.txt || touch target/bench-below
	@if [ -e target/bench-below ]; then echo "Below a floor: see target/bench-results.txt"; exit 1; fi

# Every Lambda function as a zip for provided.al2023 on arm64 (target/lambda/<name>/bootstrap.zip),
# with cargo-lambda and Zig from PyPI. `sam build` does the same per function from the template.
CARGO_LAMBDA_VERSION := 1.9.2
CARGO_LAMBDA := target/tools/cargo-lambda-$(CARGO_LAMBDA_VERSION)/bin/cargo-lambda
$(CARGO_LAMBDA):
	python3 -m venv target/tools/cargo-lambda-$(CARGO_LAMBDA_VERSION)
	target/tools/cargo-lambda-$(CARGO_LAMBDA_VERSION)/bin/pip install --quiet --disable-pip-version-check "cargo-lambda==$(CARGO_LAMBDA_VERSION)"

FUNCTIONS := $(notdir $(wildcard functions/*))
package: $(CARGO_LAMBDA)
	rustup target add aarch64-unknown-linux-gnu
	PATH="$(abspath $(dir $(CARGO_LAMBDA))):$$PATH" $(CARGO_LAMBDA) lambda build --release --locked --arm64 \
		--output-format zip $(addprefix --package adminduk-fn-,$(FUNCTIONS))
	@ls -l $(addprefix target/lambda/,$(addsuffix /bootstrap.zip,$(FUNCTIONS)))
