# The course's two commands: `make lab` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
# Set-up runs again only when requirements.txt or pyproject.toml changed.
STAMP  := $(VENV)/.installed
# `make lab NO_BROWSER=1` starts the server without opening a browser.
NO_BROWSER ?=
PORT   ?= 8888
# Jupyter refuses to run as root (containers, CI) unless told it is deliberate.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test test-random setup notebooks lint e2e bench binder clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ROOT_FLAG) \
		$(if $(NO_BROWSER),--no-browser)

test: setup
	$(BIN)/ruff check lrlib tests benchmarks scripts
	$(BIN)/python -m pytest

# tests/ and lrlib's doctests in a shuffled order, to find tests that depend on each other.
# Never the notebooks: nbval's cells must run in order. The seed is printed; repeat a run
# with `make test-random SEED=1234`.
SEED ?= random
test-random: setup
	$(BIN)/python -m pytest -p randomly --randomly-seed=$(SEED) tests lrlib

# binder/requirements.txt from requirements.txt (the same pins, CPU-only torch); never edit it by hand.
binder:
	$(PYTHON) scripts/make_binder_requirements.py

# Re-execute every chapter in place, so stored outputs are regenerated, never hand-edited.
notebooks: setup
	$(BIN)/python scripts/execute_notebooks.py notebooks/[0-9]*.ipynb

lint: setup
	$(BIN)/ruff check lrlib tests benchmarks scripts

# Only the browser test: JupyterLab driven by headless Chromium (needs Debian's chromium).
e2e: setup
	$(BIN)/python -m pytest -m e2e tests/e2e

bench: setup
	$(BIN)/python benchmarks/notebook_times.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
