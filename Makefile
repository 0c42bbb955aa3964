# Two commands do all set-up: `make demo` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APP_STAMP := $(VENV)/.installed-app
PIP_LOG := $(VENV)/pip-install.log
# pip's and setuptools' chatter (the editable-install notice) goes to $(PIP_LOG); on a
# failure the whole log is printed.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check
QUIETLY = >$(PIP_LOG) 2>&1 || { cat $(PIP_LOG); exit 1; }

.PHONY: test demo lint typecheck imports pytest bench clean

$(BIN)/python:
	@echo "Création de l’environnement $(VENV)…"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) --upgrade pip $(QUIETLY)

# The app alone (what `make demo` needs); the test tools come with `make test`.
$(APP_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installation de veille et de ses dépendances (journal : $(PIP_LOG))…"
	@$(PIP_INSTALL) -e . $(QUIETLY)
	@touch $(APP_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installation de veille et des outils de test (journal : $(PIP_LOG))…"
	@$(PIP_INSTALL) -e '.[test,team]' $(QUIETLY)
	@touch $(STAMP) $(APP_STAMP)

test: $(STAMP)
	$(BIN)/ruff check corpus crawler indexer tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check corpus crawler indexer tui tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

demo: $(APP_STAMP)
	@$(BIN)/veille demo

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
