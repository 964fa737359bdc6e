# Every target sets itself up on a fresh machine (Python 3.11, pip, git, make).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Every assignment under solutions/ (one with NAME.ipynb), or the one named:
# `make validate ASSIGNMENT=initialization`.
ASSIGNMENT ?= $(sort $(patsubst solutions/%/,%,$(dir $(wildcard solutions/*/*.ipynb))))
DEMO_OUT ?= out/demo

.PHONY: install demo test lint typecheck unit generate validate bench clean

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP)

## make demo: generate each student release, then grade its sample submissions in examples/
demo: install
	@set -e; for name in $(ASSIGNMENT); do \
	    echo "== $$name"; \
	    $(BIN)/autograder generate $$name >/dev/null; \
	    if [ -d examples/$$name ]; then \
	        $(BIN)/autograder grade $$name examples/$$name --out $(DEMO_OUT)/$$name --regrade; \
	    fi; \
	done

## make test: lint, type-check, then the whole test suite
test: install lint typecheck unit

lint: install
	$(BIN)/ruff check autograder tests benchmarks solutions

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest -q

generate: install
	@set -e; for name in $(ASSIGNMENT); do $(BIN)/autograder generate $$name; done

validate: install
	@set -e; for name in $(ASSIGNMENT); do $(BIN)/autograder validate $$name; done

## make bench: time our engine against nbgrader, plain kernels and the in-process suite
bench: install
	$(BIN)/python benchmarks/grading_speed.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache
