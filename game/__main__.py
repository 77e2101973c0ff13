"""``python -m game`` runs the command line (the game itself by default)."""

import sys

from game.cli import main

sys.exit(main())
