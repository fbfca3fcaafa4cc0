# Two commands for a newcomer: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1
PORT ?= 8501
WORKERS ?= 2
CLASS_PORT ?= 8080
TEST_WORKERS ?= 2

# The 2-D plots need only plotly.js's cartesian bundle (1.5 MB instead of 4.6 MB): fetched
# once with npm, pinned to the plotly.js inside the pinned plotly package. Without npm the
# page serves the full bundle from the plotly package instead.
PLOTLY_CARTESIAN := plotly.js-cartesian-dist-min@4.1.1
CARTESIAN_JS := static/plotly-cartesian.min.js

.PHONY: run test lint unit apptest browser bench load serve-class clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(CARTESIAN_JS):
	@if command -v npm >/dev/null 2>&1; then \
		tmp=$$(mktemp -d) && npm pack --silent --pack-destination "$$tmp" $(PLOTLY_CARTESIAN) \
		>/dev/null && tar -xzf "$$tmp"/*.tgz -C "$$tmp" package/plotly-cartesian.min.js && \
		mkdir -p static && mv "$$tmp/package/plotly-cartesian.min.js" $@; rm -rf "$$tmp"; \
	else echo "npm not found: the page will load the full plotly.js (slower first paint)"; fi

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

## make run: the page on http://$(ADDRESS):$(PORT)
run: $(BIN)/.installed $(CARTESIAN_JS)
	$(BIN)/streamlit run server.py --server.address $(ADDRESS) --server.port $(PORT)

## make test: lint, then every test layer (unit, page, browser), in TEST_WORKERS processes
## (each test file in one of them, with its own server and browser)
test: $(BIN)/.dev-installed $(CARTESIAN_JS)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .

unit: $(BIN)/.dev-installed
	$(BIN)/python -m pytest tests/unit

apptest: $(BIN)/.dev-installed $(CARTESIAN_JS)
	$(BIN)/python -m pytest tests/app

browser: $(BIN)/.dev-installed $(CARTESIAN_JS)
	$(BIN)/python -m pytest tests/browser

bench: $(BIN)/.dev-installed $(CARTESIAN_JS)
	$(BIN)/python -m bench

## make load: many sessions at once on a local server (Locust drives websocket users;
## its reports go to test-artifacts/locust/), then a live class of 10, 60 and 200 (the cap)
## students on one server, and of 200 on two behind nginx with redis-server (skipped without
## nginx), an outsider's script against a class (bench/outsider.py), and three students'
## pages in Chromium
load: $(BIN)/.dev-installed
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.class_load --students 10
	$(BIN)/python -m bench.class_load --students 60
	$(BIN)/python -m bench.class_load --students 200
	$(BIN)/python -m bench.class_load --students 200 --workers 2 --redis
	$(BIN)/python -m bench.outsider
	$(BIN)/python -m bench.class_pages

## make serve-class WORKERS=2 [REDIS=1]: several server processes behind nginx, the live
## classes in the shared SQLite file or, with REDIS=1, in a redis-server (deploy/README.md)
serve-class: $(BIN)/.installed $(CARTESIAN_JS)
	$(BIN)/python deploy/serve_class.py --workers $(WORKERS) --address $(ADDRESS) \
		--port $(CLASS_PORT) $(if $(REDIS),--redis)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts static/plotly.min.js $(CARTESIAN_JS)
