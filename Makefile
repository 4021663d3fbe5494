# Developer commands. The first use creates .venv: `make serve` and `make site` install only
# what building the site needs (requirements.txt); `make test` adds requirements-test.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test serve site apercu publier test test-rapide lint validate nouveau urls bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/.installed: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(BIN)/.test-installed: requirements-test.txt requirements.txt $(BIN)/.installed
	$(PIP) -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(BIN)/.installed node_modules/.installed

install-test: install $(BIN)/.test-installed

serve: install  ## sert le site sur http://127.0.0.1:8000 et le reconstruit à chaque modification
	$(BIN)/mkdocs serve

site: install  ## construit le site dans site/
	$(BIN)/mkdocs build

# Reviewers' preview: the site as production builds it (mkdocs build keeps the Content-Security-Policy;
# mkdocs serve drops it for live reload), served as static files by Python's http.server.
# DOSSIER=path serves a preview downloaded from a pull request's checks instead, without building
# (nor running) the pull request's code.
APERCU_PORT ?= 8001
apercu:  ## construit le site comme en production (CSP comprise) et le sert sur http://127.0.0.1:8001 ; DOSSIER=… sert un aperçu téléchargé
	@if [ -z "$(DOSSIER)" ]; then $(MAKE) --no-print-directory site; fi
	@echo "Aperçu (CSP comprise) : http://127.0.0.1:$(APERCU_PORT)/  (Ctrl+C pour arrêter)"
	$(PYTHON) -m http.server $(APERCU_PORT) --bind 127.0.0.1 --directory "$(or $(DOSSIER),site)"

publier: install  ## construit le site à publier : make publier SITE_URL=https://adresse-du-site/ (refuse un éditeur ou une adresse d'exemple)
	@test -n "$(SITE_URL)" || { echo "Indiquez l'adresse publique du site : make publier SITE_URL=https://…/" >&2; exit 2; }
	SITE_URL="$(SITE_URL)" $(BIN)/mkdocs build --strict

test: install-test lint  ## lance tous les tests (et le lint)
	$(BIN)/python -m pytest

test-rapide: install-test  ## les tests sans navigateur ni construction lente, pour tous les jours
	$(BIN)/python -m pytest -m "not browser and not slow"

lint: $(BIN)/.test-installed  ## vérifie le style du code Python (ruff)
	$(BIN)/ruff check scripts tests

validate: $(BIN)/.installed  ## vérifie les fiches (toutes, ou FICHIERS="cases/a.md cases/b.md")
	$(BIN)/python -m scripts.validate $(FICHIERS)

nouveau: $(BIN)/.installed  ## crée une fiche : make nouveau TITRE="Mon projet"
	$(BIN)/python -m scripts.new "$(TITRE)"

urls: install  ## met à jour la liste des adresses publiées (tests/urls-publiees.txt)
	$(BIN)/python -m scripts.urls --update

bench: install-test  ## mesure les temps de construction (1 000 et 10 000 fiches synthétiques)
	$(BIN)/python tests/bench.py

clean:
	rm -rf site .pytest_cache
