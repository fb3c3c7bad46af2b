"""Charts drawn from the reports' own data, once per language, every word translated.

``figures/<name>.py`` in the project holds one chart kind each: plain matplotlib code that
receives a :class:`~build_tools.charts.api.ChartInput` (model objects, never files), a
translation function and the locale, and returns a figure. This package gives them their
input (``api``), a shared look (``style``), and renders them deterministically, cached by
a hash of every input (``render``).
"""
