"""Lunar Blocs: a turn-based alliance game about the race to the first permanent Moon base."""

__version__ = "0.1.0"
