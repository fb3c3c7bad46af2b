"""The one error type of the scaffolding: a request that cannot be carried out.

The command line prints it as one line (``error: <message>``) and exits with 2; when it is
raised, nothing in the project has changed.
"""

from __future__ import annotations


class ScaffoldError(Exception):
    """Bad input (an unknown country code, a report that exists) or a project the tool
    cannot edit safely (no ``shadow_reports = [...]`` list in ``conf.py``)."""
