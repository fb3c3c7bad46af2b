extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Translated nodes test"
author = "Tests"
shadow_languages = ["en", "es"]
locale_dirs = ["locale"]
gettext_compact = False
html_theme = "shadow"
