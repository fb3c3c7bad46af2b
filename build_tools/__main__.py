"""``python -m build_tools``: the command line."""

import sys

from build_tools.cli import main

sys.exit(main())
