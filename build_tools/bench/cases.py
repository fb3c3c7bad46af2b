"""The cases ``make bench`` measures, by name: what the command line offers and the
benchmark runs (a module of its own, which both import)."""

#: every case, in the order they run
CASES = (
    "all",
    "noop",
    "html-source",
    "edit",
    "preview",
    "theme",
    "html-translated",
    "pdf",
    "pdf-edit",
    "pdf-latex",
    "epub",
)
#: a case measured on top of another's build
BUILDS_ON = {"noop": "all", "edit": "html-source", "pdf-edit": "pdf"}
