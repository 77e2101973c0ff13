"""``python -m game`` runs the command line (the game itself by default)."""

import sys

from game.cli import main

# Guarded: the forecast's worker process is started with 'spawn', which imports the main
# module again in the child; the game must not start a second time there.
if __name__ == "__main__":
    sys.exit(main())
