"""A panel that renders a view to an off-screen surface and re-renders only on change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame

from game.ui.render import palette
from game.ui.render.palette import Theme


class CachedPanel:
    """Base for panels drawn from an immutable view: subclasses implement ``_render``.

    The cache key is (size, UI scale, theme, view), so a frame where nothing changed costs one
    blit; ``_origin`` remembers where the panel was last drawn, for hit-testing.
    """

    def __init__(self, theme: Theme = palette.DARK) -> None:
        self.theme = theme
        self._cache: pygame.Surface | None = None
        self._key: tuple | None = None
        self._origin = (0, 0)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def _render(self, size: tuple[int, int], view: Any, scale: float) -> pygame.Surface:
        raise NotImplementedError

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect | Sequence[int],
        view: Any,
        ui_scale: float = 1.0,
    ) -> None:
        """Draw ``view`` into ``rect`` (re-rendered only when something changed)."""
        rect = pygame.Rect(rect)
        if rect.w <= 0 or rect.h <= 0:
            return
        key = (rect.size, round(ui_scale, 3), self.theme, view)
        if key != self._key or self._cache is None:
            self._key = key
            self._cache = self._render(rect.size, view, max(0.5, ui_scale))
        self._origin = rect.topleft
        surface.blit(self._cache, rect.topleft)
