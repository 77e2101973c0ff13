"""Shared test setup: headless SDL and a private user folder for every test run."""

import os
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("LUNAR_BLOCS_HOME", tempfile.mkdtemp(prefix="lunar-blocs-test-"))
