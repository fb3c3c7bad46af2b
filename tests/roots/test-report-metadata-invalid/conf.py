extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Invalid metadata"
