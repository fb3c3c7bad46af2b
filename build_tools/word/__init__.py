"""Word in and out, through pandoc.

Export (``export.py``): each report, in each language, to ``_build/docx/<lang>/<report>.docx``
from Sphinx's ``singlehtml`` output, cleaned of the site's chrome (``clean.py``) and
converted by pandoc with the reference document ``data/reference.docx`` (``reference.py``).
Import (``importer.py``): a Word file into MyST pages of a report, after checks that refuse
anything that is not a plain, readable ``.docx`` (``safety.py``); the MyST is written by
``myst.py`` from pandoc's document tree, so that nothing is dropped without being counted.

Command line: ``python -m build_tools.word export|submission|import|reference``.
"""
