"""Checks of finished output, as a reader's tools see it: PDF fonts and metadata, EPUBCheck,
links of the built site. Used by the tests and the quality gates."""
