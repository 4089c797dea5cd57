# Two commands do all set-up (see README.md):
#   make demo   installs dutygraph into .venv and runs the main job on the sample documents
#   make test   installs the test tools and runs every test
#   make lint   ruff and pyright (the settings are in pyproject.toml)
#   make docs   the documentation site into site/ (make docs-ref regenerates its CLI reference)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test lint install install-test docs docs-ref clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	mkdir -p $(OUT)
	$(BIN)/dutygraph import examples/
	$(BIN)/dutygraph aliases examples/
	$(BIN)/dutygraph export examples/ --format json -o $(OUT)/examples.json
	$(BIN)/dutygraph workload examples/
	$(BIN)/dutygraph viz examples/ -o $(OUT)/graph.html
	$(BIN)/dutygraph report examples/ --as-of 2024-09-15 -o $(OUT)/report.html
	@echo "wrote $(OUT)/examples.json, $(OUT)/graph.html and $(OUT)/report.html (open them in a browser)"

test: install-test
	scripts/setup-test-env
	$(BIN)/python -m pytest

# both read their settings from pyproject.toml: pyright's `include` names every package
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/pyright -p .

# Generated parts of the documentation (cog): the CLI reference from every command's --help, and the
# sample outputs of the README and the guide (scripts/docs_output.py). tests/test_docs_site.py checks
# they are current (cog --check) and builds the site with --strict.
COG    := $(BIN)/cog -I scripts -p "from docs_output import decisions, include, show"
COGGED := README.md docs/reference/cli.md docs/decisions/index.md $(wildcard docs/guide/*.md)

docs-ref: install-test
	$(COG) -r $(COGGED)

docs: install-test
	$(COG) --check $(COGGED)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) $(OUT) site .pytest_cache .hypothesis
