# Two commands for a newcomer: `make demo` and `make test`. Both build .venv from requirements.txt.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint format install migrate messages bench clean

$(STAMP): requirements.txt
	@echo "==> Tạo môi trường / creating $(VENV) and installing requirements.txt"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --progress-bar on -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo
	@echo "==> http://127.0.0.1:8000/  (quản trị / admin: http://127.0.0.1:8000/manage/, Django: /admin/)"
	@echo "==> đồng bộ Cổng DVCQG / gateway sync: http://127.0.0.1:8000/gateway/status/"
	$(PY) manage.py publish_catalog --wait-for-gateway 60 & $(PY) manage.py runserver 127.0.0.1:8000

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
	rm -rf $(VENV) db.sqlite3 .pytest_cache

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
