"""``python -m boilerplate`` is the ``boilerplate`` command."""

import sys

from .cli import main

sys.exit(main())
