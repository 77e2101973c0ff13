"""Headless play: computer-played batches (``driver``), their accounts and reports.

The engine steps worlds; ``game.ai`` decides for every nation; this package joins the two
for the headless commands (``simulate``, ``balance``), the benchmarks and the tests.
"""
