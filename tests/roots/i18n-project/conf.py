# A tiny project for the extract and update tests: Sphinx's gettext builder runs on it.
project = "Fixture collection"
author = "Fixture Organisation"
version = release = "1"
extensions = ["myst_parser"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
shadow_languages = ["en", "es"]
shadow_reports = ["alpha"]
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
gettext_uuid = False
gettext_location = True
