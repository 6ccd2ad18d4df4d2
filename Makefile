# Two commands for a newcomer: `make demo` and `make test`. Both build .venv from requirements.txt.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo services test lint format install migrate messages bench soak clean

$(STAMP): requirements.txt
	@echo "==> Tạo môi trường / creating $(VENV) and installing requirements.txt"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --progress-bar on -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# The embedded default: SQLite (WAL) and kombu's filesystem broker (var/celery/), nothing to install.
# publish_catalog only queues the catalog's requests (a failure stops here, loudly); honcho then runs the
# web server, a real worker and beat (Procfile.demo), which deliver them. One Ctrl-C stops all three.
# The demo prints readable log lines (services mode and production: one JSON object a line).
# DEBUG is off: a visitor gets the portal's error pages, never Django's debug pages (WhiteNoise serves the
# static files); a developer who wants the debug pages runs `make demo DEMO_DEBUG=1`.
DEMO_DEBUG ?= 0
DEMO_ENV := CELERY_BROKER_URL=filesystem:// LOG_FORMAT=plain DEBUG=$(DEMO_DEBUG)

demo: migrate
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py make_demo_pki
	$(DEMO_ENV) $(PY) manage.py publish_catalog
	@echo "==> http://127.0.0.1:8000/  (quản trị / admin: http://127.0.0.1:8000/manage/, Django: /admin/)"
	@echo "==> đồng bộ Cổng DVCQG / gateway sync: http://127.0.0.1:8000/gateway/status/"
	@echo "==> web.1 = máy chủ web / the web server, worker.1 = Celery worker, beat.1 = lịch / schedule; Ctrl-C dừng tất cả / stops all"
	$(DEMO_ENV) $(VENV)/bin/honcho -f Procfile.demo start

# Services mode: PostgreSQL and Redis (already running), gunicorn + worker + beat + the three mocks on
# loopback ports (Procfile). Every variable below can be overridden: `make services WEB_PORT=9000`.
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
CELERY_BROKER_URL_SERVICES ?= $(if $(filter redis%,$(CELERY_BROKER_URL)),$(CELERY_BROKER_URL),redis://127.0.0.1:6379/0)
WEB_PORT ?= 8000
MOCK_GATEWAY_PORT ?= 8100
MOCK_PAYMENT_PORT ?= 18100
MOCK_VNEID_PORT ?= 18200
MOCK_SMS_PORT ?= 18300
SERVICES_ENV = DATABASE_URL=$(DATABASE_URL) CELERY_BROKER_URL=$(CELERY_BROKER_URL_SERVICES) \
	GUNICORN_BIND=127.0.0.1:$(WEB_PORT) SITE_URL=http://127.0.0.1:$(WEB_PORT) \
	MOCK_GATEWAY_PORT=$(MOCK_GATEWAY_PORT) MOCK_PAYMENT_PORT=$(MOCK_PAYMENT_PORT) MOCK_VNEID_PORT=$(MOCK_VNEID_PORT) MOCK_SMS_PORT=$(MOCK_SMS_PORT) \
	NATIONAL_GATEWAY_URL=http://127.0.0.1:$(MOCK_GATEWAY_PORT)/mock-gateway/ \
	PAYMENT_PLATFORM_URL=http://127.0.0.1:$(MOCK_PAYMENT_PORT)/ \
	VNEID_ISSUER=http://127.0.0.1:$(MOCK_VNEID_PORT) SMS_GATEWAY_URL=http://127.0.0.1:$(MOCK_SMS_PORT)/mock-sms/

services: install
	@mkdir -p var
	$(SERVICES_ENV) $(PY) manage.py migrate --noinput
	$(SERVICES_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "==> http://127.0.0.1:$(WEB_PORT)/ (gunicorn); mocks: gateway :$(MOCK_GATEWAY_PORT), payment :$(MOCK_PAYMENT_PORT), VNeID :$(MOCK_VNEID_PORT), SMS :$(MOCK_SMS_PORT)"
	$(SERVICES_ENV) $(VENV)/bin/honcho -f Procfile start

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=tests
	$(PY) manage.py fill_bilingual_translations
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm var .pytest_cache

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# The reliability soak (docs/reliability.md): 10 minutes by default, against PostgreSQL and Redis
# (DATABASE_URL and CELERY_BROKER_URL must be set; REQUIRE_SERVICES makes a missing one an error).
SOAK_SECONDS ?= 600
soak: install
	SOAK_SECONDS=$(SOAK_SECONDS) REQUIRE_SERVICES=1 $(VENV)/bin/pytest tests/reliability/test_soak.py -s -p no:cacheprovider
