"""``python -m build_tools.word``: Word export and import."""

import sys

from build_tools.word.cli import main

sys.exit(main())
