"""The translation workflow: templates, PO merging, progress and checks of translations.

English is the source; translators edit PO files only (Poedit, Lokalize, Weblate). The
commands (``python -m build_tools.i18n <command> --root <project>``):

- ``extract``: POT templates of every page (Sphinx gettext builder) and of the interface
  words (babel, ``_()`` calls in ``build_tools``) into ``_build/gettext/``;
- ``update``: merge them into ``locale/<lang>/LC_MESSAGES/<page>.po`` with ``msgmerge
  --previous``, without losing a translation (changed strings fuzzy, gone strings
  obsolete, renamed pages carried over through a compendium);
- ``purge``: drop obsolete entries (``msgattrib --no-obsolete``), on purpose;
- ``status``: translated / fuzzy / untranslated words per language, report and page;
- ``check``: markup kept, UN terminology, no unsafe HTML, ``msgfmt --check-format``.

Library entry points: ``extract.extract``, ``update.update``, ``update.purge``,
``status.collect`` and ``status.page_progress``, ``check.check``; the pure part is
``markup.compare``.
"""
