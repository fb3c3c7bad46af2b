# The front door: every job a researcher, translator or coordinator runs is a target here.
# Each target sets up what it needs first (Debian packages, the pinned Python environment);
# when everything is installed, that check takes a fraction of a second.
#
# Variables (from the command line or the environment):
#   LANGUAGES="es fr"   build only these languages (default: every language in conf.py)
#   REPORTS="spain"     PDF only: these volumes (default: every report and the collection)
#   JOBS=2              parallel builds (default: number of cores)
#   SCALES="1 2 4"      make bench: corpus sizes to measure (QUICK=1 skips PDF)
#   CASES="preview"     make bench: only these cases (default: every case)
#   PDF_ENGINE=latex    make pdf: XeLaTeX instead of Typst (the default: tagged PDF/UA-1)
#   PORT=8000           make preview: the port on 127.0.0.1 (LANGUAGES=es: the language served)

PYTHON_SYSTEM ?= python3
VENV          ?= .venv
PYTHON        := $(VENV)/bin/python
BUILD         := $(PYTHON) -m build_tools build $(if $(JOBS),--jobs $(JOBS))
LANGUAGES     ?=
REPORTS       ?=
SCALES        ?= 1 2 4
PDF_ENGINE    ?=
PORT          ?= 8000
export LANGUAGES REPORTS PDF_ENGINE PORT

.DEFAULT_GOAL := help
I18N          := $(PYTHON) -m build_tools.i18n
WORD          := $(PYTHON) -m build_tools.word
.PHONY: help setup setup-latex all html preview pdf epub docx submission import-docx test test-fast lint clean bench new-report new-edition gettext update-po purge-po po-status check-po

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## install what the build needs (Debian packages, Python environment; TeX Live only for PDF_ENGINE=latex)
	@$(PYTHON_SYSTEM) build_tools/bootstrap.py --venv $(VENV)

setup-latex: ## also install TeX Live (the XeLaTeX engine; make bench's plain-Sphinx twin)
	@$(PYTHON_SYSTEM) build_tools/bootstrap.py --venv $(VENV) --latex

all: setup ## build every report in every language: HTML, PDF, EPUB and Word
	@$(BUILD) html pdf epub docx

html: setup ## build the website of each language into _build/html/<lang>/
	@$(BUILD) html

preview: setup ## serve one language's site on http://127.0.0.1:8000/, rebuilt and reloaded on save (PORT=, LANGUAGES=)
	@$(PYTHON) -m build_tools preview

pdf: setup ## one PDF per report and the collection into _build/pdf/<lang>/ (PDF_ENGINE=typst|latex)
	@$(BUILD) pdf

epub: setup ## build the EPUB of each language into _build/epub/<lang>/
	@$(BUILD) epub

docx: setup ## Word: one .docx per report and language into _build/docx/<lang>/ (LANGUAGES=, REPORTS=)
	@$(BUILD) docx

submission: setup ## the Word file for the UN Committee (REPORTS=spain LANGUAGES=en; PROFILE=file.yaml)
	@$(BUILD) submission $(if $(PROFILE),--profile "$(PROFILE)")

import-docx: setup ## a Word file into MyST pages: FILE=x.docx REPORT=name [COUNTRY=ES] [SPLIT=1] [FORCE=1]
	@test -n "$(FILE)" -a -n "$(REPORT)" || { echo "usage: make import-docx FILE=x.docx REPORT=name [COUNTRY=ES] [SPLIT=1] [FORCE=1]" >&2; exit 2; }
	@$(WORD) import "$(FILE)" --report "$(REPORT)" $(if $(SPLIT),--split-level $(SPLIT)) $(if $(COUNTRY),--country $(COUNTRY)) $(if $(FORCE),--force)

gettext: setup ## extract the POT templates (pages + interface words) into _build/gettext/
	@$(I18N) extract

update-po: gettext ## merge the templates into locale/<lang>/LC_MESSAGES/*.po; never drops a translation
	@$(I18N) update

purge-po: setup ## remove obsolete entries (#~) from the PO files, on purpose
	@$(I18N) purge

po-status: gettext ## translation progress per language and report (PAGES=1 per page, MIN=80 for CI)
	@$(I18N) status --pot-dir _build/gettext $(if $(PAGES),--pages) $(if $(MIN),--min $(MIN))

check-po: setup ## check translations: markup kept, UN terminology, unsafe HTML, msgfmt
	@$(I18N) check

test: setup lint ## run the test suite (builds small test projects and the corpus)
	@$(PYTHON) -m pytest

test-fast: setup lint ## the development loop: no corpus, no LaTeX, no browser, no catalogue (< 60 s)
	@$(PYTHON) -m pytest -q -m "not slow and not corpus and not browser"

new-report: setup ## start a report from the template: COUNTRY=pt (NAME=portugal); registers it
	@$(if $(COUNTRY),,$(error give the country code: make new-report COUNTRY=pt))
	@$(PYTHON) -m build_tools.scaffold new-report --country $(COUNTRY) $(if $(NAME),--name $(NAME))

new-edition: setup ## start a report's update: REPORT=ireland copies its ratings into previous-edition.yaml
	@$(if $(REPORT),,$(error give the report: make new-edition REPORT=ireland))
	@$(PYTHON) -m build_tools.edition start --report $(REPORT)

bench: setup-latex ## time our pipeline against plain Sphinx, SCALES="1 2 4" (QUICK=1: no PDF); never fails on a time
	@$(PYTHON) -m build_tools bench --scales $(SCALES) $(if $(QUICK),--quick) $(if $(CASES),--cases $(CASES))

lint: setup ## check the Python code style (ruff lint and format)
	@$(PYTHON) -m ruff check build_tools tests
	@$(PYTHON) -m ruff format --check build_tools tests

clean: ## remove the build output (_build/), nothing else
	rm -rf _build
