# Developer commands. The first use creates .venv and installs requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test validate nouveau urls bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(BIN)/.installed node_modules/.installed

serve: install  ## sert le site sur http://127.0.0.1:8000 et le reconstruit à chaque modification
	$(BIN)/mkdocs serve

site: install  ## construit le site dans site/
	$(BIN)/mkdocs build

test: install  ## lance tous les tests
	$(BIN)/python -m pytest

validate: $(BIN)/.installed  ## vérifie les fiches (toutes, ou FICHIERS="cases/a.md cases/b.md")
	$(BIN)/python -m scripts.validate $(FICHIERS)

nouveau: $(BIN)/.installed  ## crée une fiche : make nouveau TITRE="Mon projet"
	$(BIN)/python -m scripts.new "$(TITRE)"

urls: $(BIN)/.installed  ## met à jour la liste des adresses publiées (tests/urls-publiees.txt)
	$(BIN)/python -m scripts.urls --update

bench: install  ## mesure les temps de construction (1 000 et 10 000 fiches synthétiques)
	$(BIN)/python -m scripts.bench

clean:
	rm -rf site .pytest_cache
