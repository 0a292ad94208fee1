# rtc-tui: `make run` (the app on demo data) and `make test` (the whole suite) work on a fresh
# machine with Python 3.11+; both create the virtual environment they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Test workers (pytest-xdist). The e2e tests spend most of their time waiting on a terminal,
# so a few more workers than cores still pays; override with `make test TEST_WORKERS=1`.
TEST_WORKERS ?= 3

.PHONY: run test lint bench safety-report clean locale

$(STAMP): pyproject.toml
	@echo "First run: installing rtc-tui and its dependencies into $(VENV) (about a minute)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)
	@echo "Installed in $(VENV)."

run: $(STAMP)
	$(BIN)/rtc --demo

lint: $(STAMP)
	$(BIN)/ruff check rtc_tui tests
	$(BIN)/ruff format --check rtc_tui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# Refresh the catalogues from the source: extract the marked strings, merge them into each .po
# (translate the new ones there: a test fails on any left empty), compile the .mo files.
LOCALE := rtc_tui/locale
locale: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k NC_:1c,2 \
		--no-location --sort-output --omit-header -o $(LOCALE)/rtc_tui.pot .
	$(BIN)/pybabel update -i $(LOCALE)/rtc_tui.pot -d $(LOCALE) -D rtc_tui --no-fuzzy-matching \
		--ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D rtc_tui

safety-report: $(STAMP)
	$(BIN)/python -m tests.safety_report

bench: $(STAMP)
	@command -v tmux >/dev/null || { echo "make bench drives the app in tmux: install tmux"; exit 2; }
	$(BIN)/pytest tests/bench -q -s -p no:randomly --override-ini="addopts="

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
