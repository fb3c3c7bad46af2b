"""Tests of the open data, the law fields and the ratification data: their own Sphinx test
roots in tests/data/roots/ (the fixture below points Sphinx's testing fixtures there)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"
