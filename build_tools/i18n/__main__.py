"""``python -m build_tools.i18n <command>``: the translation workflow's command line."""

import sys

from build_tools.i18n.cli import main

sys.exit(main())
