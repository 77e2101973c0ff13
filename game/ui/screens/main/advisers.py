"""The Budget tab's advisers: what the split in the sliders, or the national mission
chosen, does to the player's final score and their bloc's chance of finishing first.

Spec card:
    Sides: the split, kept ``HOLD_TURNS`` turns, against the split carried over from last
        turn (when it differs) and against the computer's split for the player; in the
        Missions view, the draft's mission (kept until flown or ``HOLD_TURNS`` turns)
        against none. The rest of the draft is the same on both sides, and after the kept
        turns the computer plays the player's seat.
    Asks: the forecast process, through ``main.outlook`` (paired futures, the same world
        ids on both sides), only once the sliders have been still for ``SETTLE_SECONDS``.
    Numbers: only the ``Comparison`` received (``outlook.weighed_line``); nothing derived.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pygame

from game.engine import state as st
from game.sim.forecast import Comparison, SeatOrders
from game.ui.screens.main.outlook import UPDATING, Choice, kept_until, orders_of, weighed_line

#: Turns the advisers assume a split (and a mission, until flown) is kept, counting the
#: coming one, before the computer plays the player's seat: a person's orders carry over
#: from turn to turn, and one turn is too short for research and relations to tell.
HOLD_TURNS = 4
#: Seconds the sliders must be still before the advisers weigh the split (a drag sends
#: dozens of values; each would start futures only to drop them).
SETTLE_SECONDS = 0.6


class Advisers:
    """The advisers' lines under the Budget tab's sliders (``tab``: the Budget tab)."""

    def __init__(self, tab) -> None:
        self.tab = tab

    def split_choices(self) -> list[tuple[str, Choice]]:
        """The split in the sliders, kept ``HOLD_TURNS`` turns, against the split carried
        over from last turn (when it differs) and against the computer's split for the
        player; the rest of the draft (mission, offers, answers) is the same on both sides."""
        mine = dataclasses.replace(orders_of(self.tab.host.draft), hold=HOLD_TURNS)
        now = SeatOrders.of(self.tab.host.game.fresh_draft(self.tab.host.player))
        out = []
        # half a point either way is the sliders' rounding, not a new split
        if not np.allclose(now.alloc, mine.alloc, atol=0.005) or not np.allclose(
            now.research, mine.research
        ):
            current = dataclasses.replace(mine, alloc=now.alloc, research=now.research)
            out.append(("vs your current split", Choice("this split", current, mine)))
        computer = dataclasses.replace(mine, own_split=False)
        out.append(("vs the computer's split for you", Choice("this split", computer, mine)))
        return out

    def mission_choice(self) -> tuple[str, Choice] | None:
        """The draft's national mission, kept until flown or ``HOLD_TURNS`` turns, against
        no mission (the same split and the rest of the draft on both sides)."""
        q = self.tab.host.draft.mission
        if q < 0:
            return None
        mine = dataclasses.replace(orders_of(self.tab.host.draft), hold=HOLD_TURNS)
        none = dataclasses.replace(mine, mission=-1)
        name = self.tab.host.game.catalog.mission_names[q]
        return f"{name} vs no mission", Choice(f"flying {name}", none, mine)

    def lines(self) -> tuple[str, list[tuple[str, str]]]:
        """The advisers' title line and one line per comparison, as (text, colour key); the
        comparisons are asked of the forecast process unless the sliders are still moving."""
        g = self.tab.host.game
        outlook = self.tab.host.outlook
        until = kept_until(g, HOLD_TURNS)
        if self.tab.view == "missions":
            chosen = self.mission_choice()
            if chosen is None:
                return "Your advisers weigh the mission you choose against none", []
            title = f"The mission kept until {until} or flown, then the computer plays you"
            if self.tab.percent[st.CAT_MISSIONS] <= 0:
                # nothing would be spent on it: both sides are the same game
                return title, [("National missions get 0%: nothing is spent on it", "warn")]
            choices = [chosen]
        else:
            title = f"This split kept until {until}, then the computer plays you"
            choices = self.split_choices()
            if time.monotonic() - self.tab.moved_at < SETTLE_SECONDS:
                outlook.settle()
                return title, [("Your advisers wait for the sliders to stop…", "muted")]
        answers = [(against, outlook.compare(choice)) for against, choice in choices]
        done = [a for _, a in answers if isinstance(a, Comparison)]
        if done:
            title += f" · {done[0].futures} futures, ± 1 SE"
        lines = []
        for (against, choice), (_a, answer) in zip(choices, answers, strict=True):
            earlier = outlook.earlier(choice) if answer is None else None
            if earlier is not None:  # last turn's figures, marked, rather than a blank
                text, _tone = weighed_line(g, self.tab.host.player, against, earlier)
                lines.append((f"{text} · {UPDATING}", "muted"))
            else:
                lines.append(weighed_line(g, self.tab.host.player, against, answer))
        return title, lines

    def draw(self, surface: pygame.Surface) -> None:
        r = self.tab.advice_rect
        if r.h <= 0:
            return
        s = self.tab.host.s
        title, lines = self.lines()
        drawn = self.tab.host.text(
            surface, title, (r.x, r.y), 12, self.tab.host.colours.muted, width=r.w
        )
        self.tab.advice_drawn = [(title, drawn)]
        for n, (text, tone) in enumerate(lines[:2]):
            drawn = self.tab.host.text(
                surface,
                text,
                (r.x, r.y + (n + 1) * s(18)),
                13,
                getattr(self.tab.host.colours, tone),
                width=r.w,
            )
            self.tab.advice_drawn.append((text, drawn))
