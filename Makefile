# The course's two commands, `make lab` and `make test`, and the helpers below.
# tasks.py implements every target, so `python tasks.py lab` / `python tasks.py test`
# do the same where there is no make (Windows).
PYTHON ?= python3.11
# `make lab NO_BROWSER=1` starts the server without opening a browser; PORT picks the port.
NO_BROWSER ?=
PORT   ?= 8888
# `make lab TORCH=cpu`: PyTorch's CPU-only build (3 GB smaller; for a machine without an NVIDIA GPU).
export LRLIB_TORCH := $(TORCH)
# `make test-random SEED=1234` repeats a shuffled run.
SEED   ?= random
# `make test-compat FRESH=1` rebuilds the compatibility tracks' environments.
FRESH  ?=

.PHONY: lab test test-random test-compat setup notebooks lint e2e bench site binder portability clean teacher grade

lab:
	$(PYTHON) tasks.py lab --port=$(PORT) $(if $(NO_BROWSER),--no-browser)

test:
	$(PYTHON) tasks.py test

test-random:
	$(PYTHON) tasks.py test-random --seed=$(SEED)

# The compatibility tracks: pyproject.toml's floors (Python 3.11) and the newest releases
# (Python 3.12 and 3.13), torch-free; environments in .compat/, `make test-compat FRESH=1` rebuilds them.
test-compat:
	$(PYTHON) tasks.py test-compat $(if $(FRESH),--fresh)

# setup: .venv with the exact versions; notebooks: re-execute every chapter in place;
# e2e: only the browser tests; bench: notebook timings; site: the website in _build/html;
# binder: binder/requirements.txt made from requirements.txt (never edit it by hand);
# portability: strict nbval under each OpenBLAS kernel this CPU runs and one thread (by hand, not CI).
setup notebooks lint e2e bench site binder portability clean teacher:
	$(PYTHON) tasks.py $@

# For teachers: `make teacher` builds dist/teacher (student notebooks, autograders, solutions);
# `make grade SUBMISSIONS=folder` grades returned notebooks offline (grades.csv, feedback pages).
SUBMISSIONS ?=
grade:
	$(PYTHON) tasks.py grade $(SUBMISSIONS)
