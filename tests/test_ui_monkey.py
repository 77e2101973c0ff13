"""Thousands of random clicks and keys across every screen, with no exception."""

from __future__ import annotations

import random

import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

KEYS = [
    pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_UP, pygame.K_DOWN, pygame.K_TAB, pygame.K_F1,
    pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_a,
    pygame.K_r, pygame.K_e, pygame.K_h, pygame.K_n, pygame.K_c, pygame.K_l, pygame.K_s,
    pygame.K_EQUALS, pygame.K_MINUS, pygame.K_0, pygame.K_SLASH,
]  # fmt: skip


def test_random_clicks_and_keys_never_raise(tmp_path):
    rng = random.Random(2021)
    d = Driver(tmp_path)
    w, h = d.app.size
    events = 0
    restarts = 0
    while events < 2000:
        if not d.app.running or not d.app.stack:
            restarts += 1
            d = Driver(tmp_path)
        for _ in range(8):
            roll = rng.random()
            if roll < 0.55:
                pos = (rng.randrange(w), rng.randrange(h))
                pygame.mouse.set_pos(pos)
                button = 1 if rng.random() < 0.9 else 3
                for kind in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
                    if kind == pygame.MOUSEMOTION:
                        e = pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
                    else:
                        e = pygame.event.Event(kind, pos=pos, button=button, touch=False)
                    pygame.event.post(e)
            elif roll < 0.6:
                pygame.event.post(
                    pygame.event.Event(
                        pygame.MOUSEWHEEL,
                        x=0,
                        y=rng.choice((-1, 1)),
                        flipped=False,
                        precise_x=0.0,
                        precise_y=0.0,
                        touch=False,
                    )
                )
            else:
                key = rng.choice(KEYS)
                if key == pygame.K_q:
                    continue
                mod = pygame.KMOD_CTRL if rng.random() < 0.05 else 0
                pygame.event.post(
                    pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)
                )
            events += 1
        d.frames()
        assert not d.app.errors
    assert restarts < 50
