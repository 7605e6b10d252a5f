# One task runner. `make chat` sets everything up and starts planbot locally;
# `make test` sets everything up and runs every check CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SHARED ?= ../shared
Q ?= hjälp

.PHONY: setup chat ask test lint format typecheck unit eval eval-report kb-check kb-build golden bench reliability clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

chat: setup  ## interactive questions on the local engine, no Slack needed
	$(BIN)/planbot chat

ask: setup  ## one question: make ask Q="Vad är målet för sjukfrånvaro?"
	$(BIN)/planbot ask "$(Q)"

test: setup lint kb-check unit eval  ## everything CI runs

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

kb-check: setup
	$(BIN)/planbot kb check

kb-build: setup
	$(BIN)/planbot kb build

unit: setup
	$(BIN)/pytest

eval: setup kb-build  ## every question set, against the best levels reached (tests/eval/ratchet.json)
	@if [ -f $(SHARED)/eval/run_eval.py ]; then \
	  $(PY) -m tests.eval.ratchet; \
	else echo "eval: $(SHARED)/eval not found, skipped"; fi

eval-report: setup kb-build  ## the misses of every set, grouped by class
	$(PY) -m tests.eval.failures $(SHARED)/eval/examples.jsonl $(SHARED)/eval/dev.jsonl tests/eval/cases/*.jsonl

golden: setup  ## regenerate the golden rendered answers under tests/golden/
	$(PY) -m tests.golden_answers --write

bench: setup
	$(PY) bench/kb_build.py
	$(PY) bench/pipeline.py
	$(PY) bench/slack_http.py

reliability: setup  ## Slack faults (answers lost / posted twice) and 10 000 fuzzed requests; tables
	$(PY) bench/slack_faults.py
	$(PY) bench/slack_fuzz.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
