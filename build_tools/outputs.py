"""Names of files the Sphinx extension writes and the pipeline reads, in one light module
(the pipeline must not import the extension, with matplotlib behind it, to read them)."""

#: the open data folder inside an HTML build (published as _build/data/<lang>/)
OPEN_DATA_DIR = "_data"
#: charts drawn and reused by one build, written beside its doctrees
CHART_STATS_FILE = ".shadow-charts.json"
#: inside each language's site: the PDFs, EPUB and Word files of that language, copied in
#: by the pipeline after its jobs (the published site is _build/html/ alone)
SITE_DOWNLOADS_DIR = "downloads"
#: a download link's size placeholder, ``<span data-shadow-size="downloads/spain.pdf">``,
#: filled by the pipeline once the file exists (build_tools/pipeline/downloads.py)
SIZE_ATTRIBUTE = "data-shadow-size"
#: a download link, ``<a data-shadow-file="downloads/spain.pdf" href="...">``: the pipeline
#: keeps its ``href`` only while the file exists (a partial build links nothing missing)
FILE_ATTRIBUTE = "data-shadow-file"
#: the environment variable naming the file where a build writes its live progress (pages
#: read and written), and that file's name in a job's work folder; the runner polls it
PROGRESS_ENV = "SHADOW_PROGRESS"
PROGRESS_FILE = "progress.json"
