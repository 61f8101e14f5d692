# The two commands a newcomer needs: `make run` and `make test`.
CARGO ?= cargo

.PHONY: run test fmt bench tools

# Builds everything and starts the local server on http://127.0.0.1:8080 with demo data (seeded
# on the first start; the data lives in ./data). Ctrl+C stops it; a restart keeps everything.
run:
	$(CARGO) build --workspace --locked
	$(CARGO) run --quiet --locked --bin adminduk -- serve

# The AWS API emulator the DynamoDB adapter's tests run against, installed from PyPI into
# target/tools (once; reused until `cargo clean`).
MOTO_VERSION := 5.2.5
MOTO := target/tools/moto-$(MOTO_VERSION)/bin/moto_server
$(MOTO):
	python3 -m venv target/tools/moto-$(MOTO_VERSION)
	target/tools/moto-$(MOTO_VERSION)/bin/pip install --quiet --disable-pip-version-check "moto[server]==$(MOTO_VERSION)"

tools: $(MOTO)

# Formatting, lints (warnings are errors) and every test. CI runs exactly this.
test: tools
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	ADMINDUK_MOTO_SERVER=$(abspath $(MOTO)) $(CARGO) test --workspace --locked
	# The HTTP scenarios again, on DynamoDB.
	ADMINDUK_MOTO_SERVER=$(abspath $(MOTO)) ADMINDUK_TEST_BACKEND=dynamodb $(CARGO) test --locked -p adminduk-tests

fmt:
	$(CARGO) fmt --all

# Benchmarks: ratios against a baseline measured in the same run (not part of `make test`).
bench:
	$(CARGO) build --release --locked -p adminduk-cli -p adminduk-bench
	target/release/import-memory 1000000 target/release/adminduk
