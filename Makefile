# Every target sets itself up on a fresh machine (Python 3.11, pip, git, make).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ASSIGNMENT ?= one_hidden_layer
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

## make demo: generate the student release, then grade the sample submissions in examples/
demo: install
	$(BIN)/autograder generate $(ASSIGNMENT)
	$(BIN)/autograder grade $(ASSIGNMENT) examples/$(ASSIGNMENT) --out $(DEMO_OUT) --regrade

## make test: lint, type-check, then the whole test suite
test: install lint typecheck unit

lint: install
	$(BIN)/ruff check autograder tests benchmarks solutions

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest -q

generate: install
	$(BIN)/autograder generate $(ASSIGNMENT)

validate: install
	$(BIN)/autograder validate $(ASSIGNMENT)

## make bench: time our engine against nbgrader, plain kernels and the in-process suite
bench: install
	$(BIN)/python benchmarks/grading_speed.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache
