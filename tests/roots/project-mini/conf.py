# A small complete project for the pipeline tests: one report, two languages.
project = "Mini collection"
author = "Mini Organisation"
version = release = "1"
extensions = ["myst_parser", "build_tools.sphinx_ext"]
root_doc = "index"
exclude_patterns = ["_build"]
shadow_languages = ["en", "es"]
shadow_reports = ["alpha"]
shadow_collection_name = "mini-collection"
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
html_theme = "shadow"
html_sidebars = {"**": ["shadow-navigation.html", "searchbox.html"]}
latex_engine = "xelatex"
latex_use_xindy = False
