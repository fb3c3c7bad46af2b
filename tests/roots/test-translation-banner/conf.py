extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Banner test"
author = "Tests"
shadow_languages = ["en", "es"]
locale_dirs = ["locale"]
gettext_compact = False
latex_engine = "xelatex"
html_theme = "shadow"
