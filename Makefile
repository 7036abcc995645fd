# One command per job: `make test` (lint, static, rules, odoo), `make run`,
# `make bench`, `make lint`. Everything it needs goes into .venv/.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-test.txt | cksum | cut -d' ' -f1)

.PHONY: test lint static rules odoo run bench pot clean

test: lint static rules odoo

$(STAMP): requirements-test.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-test.txt
	touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check addons tests tools bench
	$(VENV)/bin/ruff format --check addons tests tools bench
	$(VENV)/bin/pylint --rcfile=.pylintrc addons/aftersales_service addons/aftersales_safety addons/aftersales_parts

static: $(STAMP)
	$(VPY) -m pytest -q tests/static

rules: $(STAMP)
	$(VPY) -m pytest -q tests/rules

# The Odoo layer: real Odoo 19 + PostgreSQL, or one loud line saying it was skipped.
# ARGS passes options, e.g. make odoo ARGS="--addons aftersales_service".
odoo:
	$(PYTHON) tools/odoo_suite.py $(ARGS)

run:
	$(PYTHON) tools/run_server.py $(ARGS)

bench:
	$(PYTHON) bench/run.py $(ARGS)

# Regenerate each addon's .pot from a database with the addons installed.
pot:
	$(PYTHON) tools/export_pot.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache .hypothesis
