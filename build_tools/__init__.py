"""Shadow-report publishing tools: domain model, Sphinx extension, build pipeline."""

__version__ = "0.1.0"
