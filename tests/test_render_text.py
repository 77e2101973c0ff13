"""Fitted labels never exceed their width; the shipped fonts load."""

from __future__ import annotations

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui.render import text


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield


def test_the_shipped_inter_fonts_load():
    for weight in text.WEIGHTS:
        assert text.font_path(weight).endswith(".otf")
        assert text.font(14, weight).size("Artemis")[0] > 20


@settings(max_examples=80, deadline=None)
@given(
    label=st.text(
        alphabet=st.characters(codec="latin-1", categories=("L", "N", "P", "Zs")), max_size=60
    ),
    width=st.integers(-5, 400),
    size=st.sampled_from([9, 11, 14, 22]),
)
def test_fit_never_exceeds_the_width(label, width, size):
    f = text.font(size)
    shown = text.fit(f, label, width)
    if width <= 0:
        assert shown == ""
    else:
        assert f.size(shown)[0] <= width or shown == ""
        if f.size(label)[0] <= width:
            assert shown == label
        elif shown:
            assert shown.endswith(text.ELLIPSIS)
