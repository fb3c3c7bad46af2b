"""Scaffolding: ``make new-report COUNTRY=pt`` creates a report tree from a template and
registers it in the collection (``conf.py`` and ``reports/index.md``).

Parsing lives in :mod:`.cli`; the country codes and folder names in :mod:`.countries`; the
pages in :mod:`.pages` (text from ``templates/``); the edits of ``conf.py`` and
``reports/index.md`` in :mod:`.register`; the all-or-nothing creation in :mod:`.new_report`.
"""

from build_tools.scaffold.errors import ScaffoldError

__all__ = ["ScaffoldError"]
