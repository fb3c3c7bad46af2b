# Fixture for the check tests: one entry per problem, each on a known line.
project = "Fixture collection"
version = release = "1"
shadow_languages = ["en", "es"]
shadow_reports = ["alpha"]
