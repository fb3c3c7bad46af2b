# Fixture for the status tests: PO files with hand-counted strings and words.
project = "Fixture collection"
version = release = "1"
shadow_languages = ["en", "es", "fr"]
shadow_reports = ["alpha"]
