"""The main screen (a host and one class per tab)."""

from game.ui.screens.main.budget import rebalance
from game.ui.screens.main.host import TABS, MainScreen

__all__ = ["TABS", "MainScreen", "rebalance"]
