"""``python -m build_tools.bench``: the benchmark behind ``make bench``."""

import sys

from build_tools.bench import main

sys.exit(main())
