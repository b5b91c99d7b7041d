# The two quick-start commands are `make serve` and `make test` (see README.md).
# Both create the virtual environment in .venv on first use and reinstall when
# pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test check check-live bench chromium vnu clean

# .installed-runtime: what building and serving the site needs; .installed: that and the
# test tools (pytest, Playwright, axe, zizmor...).
$(BIN)/.installed-runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed: $(BIN)/.installed-runtime
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## serve: build the site from dossier/ and serve it with live reload on http://127.0.0.1:8000
serve: $(BIN)/.installed-runtime
	$(BIN)/mkdocs serve --livereload --dirty

## site: build the published site into site/ (strict: any warning fails)
site: $(BIN)/.installed-runtime
	$(BIN)/mkdocs build --strict

## check: validate the whole dossier and list every problem
check: $(BIN)/.installed-runtime
	$(BIN)/python -m build_scripts check

## test: the whole test suite (on the frozen fixture dossier), browser tests included (installs
## Debian's chromium when missing, and the Nu Html Checker from npm into build/vnu), then the
## live dossier checked strictly (check-live)
test: $(BIN)/.installed chromium vnu
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory check-live

## check-live: the live dossier/ (the editors' data, never used by tests): check --strict, the topic
## rules' precision and recall on tests/fixtures/topic-labels, and a strict build
check-live: $(BIN)/.installed
	$(BIN)/python -m build_scripts check --strict --quiet-notes
	$(BIN)/python -m build_scripts evaluate --dossier dossier --min-precision 0.95 --min-recall 0.9
	$(BIN)/mkdocs build --strict --quiet -d build/live-site

## bench: build time, memory, page sizes, search download and edit latency at 100, 1,000 and 3,000 sources (docs/performance.md)
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_build.py --sources 100,1000,3000 --repeat 2 --json bench.json
	$(BIN)/python benchmarks/hostile_sizes.py

chromium:
	@{ test -x $(CHROMIUM) && command -v java >/dev/null; } || bash .ci/install-chromium

# The Nu Html Checker (npm package vnu-jar, run with Java) for tests/test_a11y.py.
VNU_VERSION ?= 26.9.27
vnu: build/vnu/node_modules/vnu-jar/build/dist/vnu.jar
build/vnu/node_modules/vnu-jar/build/dist/vnu.jar:
	@command -v java >/dev/null || { echo "the Nu Html Checker needs Java (Debian: default-jre-headless)"; exit 1; }
	mkdir -p build/vnu
	npm install --silent --no-audit --no-fund --prefix build/vnu vnu-jar@$(VNU_VERSION)

clean:
	rm -rf $(VENV) site .pytest_cache build
