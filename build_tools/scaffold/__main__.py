"""``python -m build_tools.scaffold <command>``: the scaffolding's command line."""

import sys

from build_tools.scaffold.cli import main

sys.exit(main())
