# Fixture for the PO merge tests: languages only (the POT templates are hand-written in pot/).
project = "Fixture collection"
version = release = "1"
extensions = ["myst_parser"]
shadow_languages = ["en", "es", "fr"]
shadow_reports = ["alpha"]
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
