# A small complete project for the Word export tests: one report with footnotes (the same
# label on two pages), assessments, a chart, links inside and outside the report.
project = "Word test collection"
author = "Word Test Organisation"
version = release = "1"
extensions = ["myst_parser", "build_tools.sphinx_ext"]
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
shadow_languages = ["en", "es"]
shadow_reports = ["alpha"]
shadow_collection_name = "word-test"
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
html_theme = "shadow"
html_sidebars = {"**": ["shadow-navigation.html", "searchbox.html"]}
