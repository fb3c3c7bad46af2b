"""Names of files the Sphinx extension writes and the pipeline reads, in one light module
(the pipeline must not import the extension, with matplotlib behind it, to read them)."""

#: the open data folder inside an HTML build (published as _build/data/<lang>/)
OPEN_DATA_DIR = "_data"
#: charts drawn and reused by one build, written beside its doctrees
CHART_STATS_FILE = ".shadow-charts.json"
