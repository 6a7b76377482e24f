"""``python -m flake8_asyncloop.commands``: the console script without its launcher."""

import sys

from .cli import main

sys.exit(main())
