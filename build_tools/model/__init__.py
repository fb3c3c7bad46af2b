"""The domain model of a shadow report: plain Python that knows nothing of Sphinx."""
