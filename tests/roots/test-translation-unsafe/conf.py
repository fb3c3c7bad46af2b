extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Unsafe translation test"
author = "Tests"
shadow_languages = ["en", "es"]
locale_dirs = ["locale"]
gettext_compact = False
latex_engine = "xelatex"
