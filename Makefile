# Two commands for a newcomer: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1
PORT ?= 8501
WORKERS ?= 2
CLASS_PORT ?= 8080

.PHONY: run test lint unit apptest browser bench load serve-class clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

## make run: the page on http://$(ADDRESS):$(PORT)
run: $(BIN)/.installed
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

## make test: lint, then every test layer (unit, page, browser)
test: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .

unit: $(BIN)/.dev-installed
	$(BIN)/python -m pytest tests/unit

apptest: $(BIN)/.dev-installed
	$(BIN)/python -m pytest tests/app

browser: $(BIN)/.dev-installed
	$(BIN)/python -m pytest tests/browser

bench: $(BIN)/.dev-installed
	$(BIN)/python -m bench

## make load: many sessions at once on a local server (Locust drives websocket users;
## its reports go to test-artifacts/locust/)
load: $(BIN)/.dev-installed
	$(BIN)/python -m bench.load

## make serve-class WORKERS=2: several server processes behind nginx (see deploy/README.md)
serve-class: $(BIN)/.installed
	$(BIN)/python deploy/serve_class.py --workers $(WORKERS) --address $(ADDRESS) \
		--port $(CLASS_PORT)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts static/plotly.min.js
