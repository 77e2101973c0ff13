"""Printed and offline reports: team handouts before a lesson and the debrief after it.

Pure Python and numpy (no pygame): pages are self-contained HTML with inline SVG, printed to
PDF by a headless Chromium when one is installed.
"""
