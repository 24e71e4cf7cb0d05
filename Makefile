# Two commands do all set-up on a fresh machine:
#   make demo   install khabar and run the main job on the bundled sample (SQLite file khabar.db)
#   make test   install khabar with its test extras and run the tests
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell scripts/find-python)

.PHONY: demo test install install-test bench clean web-assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# the web UI's map assets are optional for the main job: the UI says how to build them when missing
$(VENV)/.web-assets: src/khabar/web/frontend/package-lock.json
	scripts/build-web-assets && touch $@ || echo "warning: web map assets not built (npm missing?)" >&2

demo: install $(VENV)/.web-assets
	$(VENV)/bin/khabar run sample/ --db khabar.db
	$(VENV)/bin/khabar articles --db khabar.db

test: install $(VENV)/.web-assets
	scripts/install-browser
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/run.py ../shared/bench

# the web UI's map libraries (leaflet, markercluster, world-atlas, topojson-client) from npm, no CDN at run time
web-assets:
	scripts/build-web-assets

clean:
	rm -rf $(VENV) khabar.db khabar.db-wal khabar.db-shm
