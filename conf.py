# The one Sphinx configuration of the shadow-report collection: every language and every
# format. It declares; behaviour lives in build_tools (the extension fills the LaTeX, EPUB
# and HTML details from these values). Build through the Makefile, not sphinx-build.

project = "Shadow reports on the UN Migrant Workers Convention"
author = "European Platform for Migrant Workers' Rights"
copyright = "2026, European Platform for Migrant Workers' Rights"
version = release = "2026"  # edition of the collection (EPUB metadata needs one)

extensions = [
    "myst_parser",
    "build_tools.sphinx_ext",
]

# --- sources -------------------------------------------------------------------------------
# conf.py sits at the repository root; the sources are in reports/ (sphinx-build -c .)
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "**/.*"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# --- the collection --------------------------------------------------------------------------
# Languages the collection is published in; the first is the source language. The one
# place this list lives: the Makefile and the build pipeline read it from here.
shadow_languages = ["en", "es", "fr"]
# Report folders under reports/, in the order of the collection; each has a PDF of its own.
# (comparative/ is a chapter of the collection volume, not a report.)
shadow_reports = ["ireland", "france", "united-kingdom", "estonia", "spain", "belgium", "eu"]
shadow_collection_name = "shadow-reports"

# --- open data -------------------------------------------------------------------------------
# The address the collection is published at (one folder per language below it): the open
# data's page URLs and its $schema are absolute from here. Not html_baseurl: Sphinx takes
# that as one language's root for canonical links; set it per language only if wanted.
shadow_base_url = "https://epmwr.github.io/shadow-reports/"
# The licence of the texts and the open data, stated in every data file and on the data page.
shadow_licence = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}

# Smart quotes only in the source language: docutils would turn the apostrophe of
# "Migrant Workers' Rights" into a closing quotation mark of Spanish or French typography
# (English text stays in untranslated passages). Translators type their own « » and ’.
smartquotes_excludes = {"languages": shadow_languages[1:], "builders": ["man", "text"]}

# --- citations -------------------------------------------------------------------------------
# sphinxcontrib-bibtex, loaded by the extension; each report cites and lists its own sources
# (build_tools/sphinx_ext/bibliography.py), so the same key can be cited by every report.
bibtex_bibfiles = ["references.bib"]
# A numbered list (labels made from long corporate names are unreadable), cited by number:
# "[3]", not "[December 18 and European Platform ..., n.d.]". One style in every format, as
# every format writes from one read of the sources.
bibtex_reference_style = "label"
bibtex_default_style = "plain"

# --- translation -----------------------------------------------------------------------------
language = "en"
locale_dirs = ["../locale"]  # relative to reports/
gettext_compact = False  # one PO file per page: locale/<lang>/LC_MESSAGES/<page>.po
gettext_uuid = False
gettext_location = True

# --- HTML ------------------------------------------------------------------------------------
# The collection's own theme over Sphinx's "basic" (build_tools/sphinx_ext/theme/shadow/;
# html_page.py has the measurements that chose it). Colours and type: build_tools/design.py.
html_theme = "shadow"
# The published address of the sites (_build/html/ as served): the "how to cite" box and
# each page's canonical link. The coordinator sets the real one; links stay relative.
html_baseurl = shadow_base_url  # one address for the site and the data
# Our navigation lists the reports and the current report's pages (cost linear in pages).
html_sidebars = {"**": ["shadow-navigation.html"]}  # search: in the masthead
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

# --- PDF (XeLaTeX through latexmk) -----------------------------------------------------------
latex_engine = "xelatex"
latex_show_urls = "footnote"
latex_use_xindy = False  # no index in the reports; makeindex needs no extra package

# --- EPUB ------------------------------------------------------------------------------------
epub_theme = "epub"
epub_show_urls = "no"
