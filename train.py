"""Retrain the line model from labels/ and print leave-one-site-out scores.

    python train.py            # tables, and rewrite models/
    python train.py --json     # the same figures as one JSON object, and rewrite models/
    python train.py --no-save  # the tables only
    python train.py --help
"""

import sys

from boilerplate.training import main

if __name__ == "__main__":
    sys.exit(main())
