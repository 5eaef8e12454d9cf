# One-command set-up: every target installs what it needs into .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve site check test lint format bench bundle clean

$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error  # the offline kit's search shim, the map's boundaries, axe-core for the tests
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)  ## build and serve the site at http://127.0.0.1:8000
	$(BIN)/commons serve

site: $(STAMP)  ## build the site into site/ (strict)
	$(BIN)/commons build

bundle: $(STAMP)  ## the offline workshop kit: zips per language, handbooks, manifest in dist/
	$(BIN)/commons bundle

check: $(STAMP)  ## validate every content file
	$(BIN)/commons check

test: $(STAMP)  ## every test, browser tests included (needs /usr/bin/chromium)
	@test -x /usr/bin/chromium || { echo "Debian's chromium is missing: sudo apt-get install chromium"; exit 1; }
	$(BIN)/ruff check commons tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check commons tests bench
	$(BIN)/ruff format --check commons tests bench

format: $(STAMP)
	$(BIN)/ruff format commons tests bench
	$(BIN)/ruff check --fix commons tests bench

bench: $(STAMP)  ## issue 20's figures at 500 and 2,000 real-weight cases into bench/results.md (not a test; long)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py --sizes 500 2000 --runs 2

clean:
	rm -rf site dist bench/out .pytest_cache
