extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Test collection"
author = "Test authors"
shadow_languages = ["en", "es"]
shadow_reports = ["alpha"]
html_theme = "shadow"
