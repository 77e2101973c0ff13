"""Panels of the main screen that are drawn rather than built from widgets.

The Moon race and the charts come from the renderer (``game.ui.render.moon`` and
``game.ui.render.charts``) when present; these functions pick the data out of the Game and
lay the panels out. Text is always fitted to its width, so nothing spills out of a panel.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.ai.explain import signed
from game.ui import theme as th
from game.ui.render.charts import ChartView, Series
from game.ui.render.moon import MoonView
from game.ui.widgets import draw_lines, draw_panel, draw_text, money, wrap

#: The charts a person can pick (key, title), on the Charts tab and the end screen.
CHARTS = (
    ("prestige", "Prestige"),
    ("budget", "Space budgets"),
    ("progress", "Programme progress"),
    ("blocs", "Bloc sizes"),
)


def _s(scale: float):
    return lambda px: round(px * scale)


def _heading(surface, rect, text, scale, c) -> None:
    s = _s(scale)
    draw_text(
        surface,
        text.upper(),
        (rect.x + s(12), rect.y + s(8)),
        s(12),
        c.muted,
        True,
        width=rect.w - s(24),
    )


# --------------------------------------------------------------------------- Moon race
def draw_race(surface, rect, game, player, scale, moon_panel) -> None:
    """The Moon panel (the renderer's): each bloc's track, odds, and the base growing."""

    k = game.bloc_of(player) if player is not None else -1
    view = MoonView.from_state(
        game.scenario,
        game.state,
        player_bloc=game.catalog.bloc_ids[k] if k >= 0 else None,
        odds=game.milestone_odds(),
        date=game.date(),
    )
    moon_panel.draw(surface, rect, view, scale)


# --------------------------------------------------------------------------- offers
def _reasons(surface, x, y, w, bottom, reasons, scale, c) -> int:
    s = _s(scale)

    biggest = max([abs(v) for _, v in reasons] or [1.0]) or 1.0
    for label, value in reasons:
        if y + s(18) > bottom:
            break
        colour = c.good if value > 0 else c.bad
        draw_text(surface, label, (x, y), s(13), c.text, width=w - s(120))
        bar_w = round((s(60)) * min(1.0, abs(value) / biggest))
        bar = pygame.Rect(x + w - s(112), y + s(5), max(2, bar_w), s(8))
        pygame.draw.rect(surface, colour, bar, border_radius=s(3))
        draw_text(surface, signed(value, 2), (x + w, y), s(13), colour, True, anchor="topright")
        y += s(19)
    return y


def advice_height(advice, w, scale) -> int:
    """Pixels the advisers' lines take at width ``w``."""
    s = _s(scale)
    font = th.font(s(13), True)
    return sum(len(wrap(text, font, w)) for text, _tone in advice or ()) * s(17)


def plan_sentences(sentences, w, room, size) -> list[tuple[str, str, int]]:
    """The advisers' sentences ((text, colour key)) laid out in ``room`` lines of width ``w``
    as (text, colour key, lines): each whole while it fits with a line left for those after
    it; then the rest joined in the lines left, ending in "…" and whole on hover, so no
    sentence (the fine print last) is left out unmarked."""
    plan: list[tuple[str, str, int]] = []
    left = room
    for n, (text, tone) in enumerate(sentences):
        if left <= 0:
            break
        need = len(wrap(text, th.font(size, tone != "muted"), w))
        if need + (n + 1 < len(sentences)) > left:
            plan.append((" ".join(t for t, _tone in sentences[n:]), tone, left))
            break
        plan.append((text, tone, need))
        left -= need
    return plan


def _draw_plan(surface, x, y, w, plan, size, step, c) -> int:
    """Draw ``plan_sentences``' layout from ``y``; the y below."""
    for text, tone, lines in plan:
        colour, bold = getattr(c, tone), tone != "muted"
        y = draw_lines(surface, text, (x, y), size, colour, bold, w, y + lines * step, lines, step)
    return y


def draw_advice(
    surface, x, y, w, advice, scale, c, bottom: int | None = None, step: int = 17
) -> int:
    """The advisers' comparison lines ((text, colour key) from ``main.outlook``) above
    ``bottom`` (a sentence that does not fit ends in "…", whole on hover), ``step`` pixels
    apart at 100%; the y below."""
    s = _s(scale)
    room = 10_000 if bottom is None else max(0, bottom - y) // s(step)
    return _draw_plan(
        surface, x, y, w, plan_sentences(advice or [], w, room, s(13)), s(13), s(step), c
    )


def draw_prediction(
    surface, rect, prediction, heading, scale, c, advice=None, title=None, title_w=None
) -> None:
    """An offer being composed: the other side's chance and reasons, then what sending it
    would do to the player (``advice``, from paired futures) at the foot.

    The chance and every reason come first; the advisers' sentences take the room left
    under them (at 1280x720 they took the reasons' room and a reason went missing), the
    last ending in "…" where the room ends; the summary, which repeats the chance and the
    reasons in words, goes between them only when there is room. ``title`` replaces the
    panel's heading, ``title_w`` the width it may take (view buttons to its right).
    """
    s = _s(scale)
    draw_panel(surface, rect, c, None, s)
    heading_rect = rect if title_w is None else pygame.Rect(rect.x, rect.y, title_w, rect.h)
    _heading(surface, heading_rect, title or "The other side's answer, and yours", scale, c)
    x, y, w = rect.x + s(12), rect.y + s(30), rect.w - s(24)
    reasons = prediction.reasons if prediction is not None and prediction.allowed else ()
    if advice:
        # at the foot, never over the chance line nor the reasons: when the panel is short,
        # the sentences that do not fit end in "…" and show whole on hover
        above = y + s(60) + s(19) * len(reasons) + s(8)  # a reason needs s(18) above its foot
        room = max(0, rect.bottom - s(8) - above) // s(17)
        plan = plan_sentences(advice, w, room, s(13))
        top = rect.bottom - s(8) - sum(lines for _t, _c, lines in plan) * s(17)
        _draw_plan(surface, x, top, w, plan, s(13), s(17), c)
        rect = pygame.Rect(rect.x, rect.y, rect.w, top - rect.y)
    if prediction is None:
        draw_text(surface, "No prediction available.", (x, y), s(14), c.muted, width=w)
        return
    if not prediction.allowed:
        bottom = rect.bottom - s(4)
        draw_lines(surface, prediction.summary, (x, y), s(14), c.bad, False, w, bottom, step=s(19))
        return
    chance = prediction.chance
    colour = c.good if chance >= 0.6 else c.warn if chance >= 0.35 else c.bad
    word = "likely yes" if chance >= 0.6 else "uncertain" if chance >= 0.35 else "likely no"
    draw_text(surface, heading, (x, y), s(13), c.muted, width=w)
    y += s(18)
    big = draw_text(surface, f"{chance * 100:.0f}%", (x, y), s(30), colour, True)
    draw_text(
        surface,
        f"chance of yes · {word}",
        (big.right + s(10), y + s(12)),
        s(14),
        c.text,
        width=w - big.w - s(10),
    )
    y += s(42)
    y = _reasons(surface, x, y, w, rect.bottom - s(8), prediction.reasons, scale, c)
    if prediction.summary:
        # each line must fit (the second ran into the advisers' lines); the rest ends in "…"
        bottom = rect.bottom - s(4)
        y = draw_lines(
            surface, prediction.summary, (x, y), s(12), c.muted, False, w, bottom, 2, s(16)
        )
    # what the forecast assumes (people still to play): said, never hidden
    for note in prediction.notes:
        for line in wrap(f"Assumes {note}.", th.font(s(12)), w)[:2]:
            if y + s(16) > rect.bottom:
                return
            draw_text(surface, line, (x, y), s(12), c.warn, width=w)
            y += s(16)


def draw_offer_terms(
    surface, rect, heading, terms, text, prediction, scale, c, outgoing: bool = False, advice=None
) -> None:
    """An open offer: its terms; for the player's own, the chance they accept and why; for
    one to the player, what accepting it would do to the player's score and bloc's chances
    (``advice``, from paired futures: the advisers speak for the player).

    Everything stays above the Accept and Reject buttons at the panel's foot: a text that
    does not fit ends in "…" and shows whole on hover (at 125% the reasons ran under them).
    """
    s = _s(scale)
    draw_panel(surface, rect, c, None, s)
    _heading(surface, rect, heading, scale, c)
    x, y, w = rect.x + s(12), rect.y + s(30), rect.w - s(24)
    bottom = rect.bottom - s(56)
    y = draw_lines(surface, f"Terms: {terms}", (x, y), s(14), c.bright, True, w, bottom, 3, s(19))
    if text:
        y = draw_lines(surface, text, (x, y), s(13), c.muted, False, w, bottom, 2, s(17))
    if prediction is not None and not prediction.allowed:
        y += s(4)
        draw_lines(surface, prediction.summary, (x, y), s(13), c.bad, True, w, bottom, 3, s(18))
    elif not outgoing:
        draw_advice(surface, x, y + s(4), w, advice, scale, c, bottom)
    elif prediction is not None and y + s(20) < bottom:
        y += s(4)
        draw_text(
            surface,
            f"Chance they accept: {prediction.chance * 100:.0f}%",
            (x, y),
            s(13),
            c.text,
            True,
            width=w,
        )
        y += s(20)
        _reasons(surface, x, y, w, bottom, prediction.reasons, scale, c)


# --------------------------------------------------------------------------- news and nations


def _shown(fmt: str, value: float) -> str:
    """A figure in its unit: "$" money, "yr" money per year, else a format string."""
    if fmt in ("$", "yr"):
        return money(value, "yr" if fmt == "yr" else "")
    return fmt.format(value)


def draw_changes(surface, rect, game, player, scale, c) -> None:
    """Your figures now versus the turn before, for the news tab."""
    s = _s(scale)
    _heading(surface, rect, "Your figures since last turn", scale, c)
    x, y, w = rect.x + s(12), rect.y + s(32), rect.w - s(24)
    now = game.state
    before = game.states[-2] if len(game.states) > 1 else now
    i = player
    rows = [
        ("Budget", float(before.budget[0, i]), float(now.budget[0, i]), "yr"),
        ("Support", float(before.support[0, i]) * 100, float(now.support[0, i]) * 100, "{:.0f}%"),
        ("Prestige", float(before.prestige[0, i]), float(now.prestige[0, i]), "{:.1f}"),
        (
            "Mean technology",
            float(before.tech[0, i].mean()),
            float(now.tech[0, i].mean()),
            "{:.3f}",
        ),
        ("Reserve", float(before.reserve[0, i]), float(now.reserve[0, i]), "$"),
        ("Score", float(before.score[0, i]), float(now.score[0, i]), "{:.1f}"),
    ]
    for name, a, b, fmt in rows:
        if y + s(20) > rect.bottom:
            break
        draw_text(surface, name, (x, y), s(14), c.muted)
        colour = c.good if b > a + 1e-9 else c.bad if b < a - 1e-9 else c.text
        draw_text(
            surface,
            f"{_shown(fmt, a)}  →  {_shown(fmt, b)}",
            (x + w, y),
            s(14),
            colour,
            True,
            anchor="topright",
        )
        y += s(22)


def draw_nation_card(surface, rect, game, nation, player, scale, c) -> None:
    """The selected nation's dashboard (relations tab)."""
    s = _s(scale)
    x, y, w = rect.x + s(12), rect.y + s(10), rect.w - s(24)
    k = game.bloc_of(nation)
    st = game.state
    draw_text(surface, game.name(nation), (x, y), s(18), c.bright, True, width=w)
    y += s(26)
    rows = [
        ("Bloc", game.bloc_name(k, short=False)),
        ("Budget", f"{money(st.budget[0, nation])} / year"),
        ("Support", f"{float(st.support[0, nation]) * 100:.0f}%"),
        ("Prestige", f"{float(st.prestige[0, nation]):.0f}"),
        ("Mean technology", f"{float(st.tech[0, nation].mean()):.2f}"),
    ]
    if nation != player:
        rows.append(("Relations with you", f"{float(st.relations[0, player, nation]):+.2f}"))
    for name, value in rows:
        if y + s(20) > rect.bottom - s(54):
            break
        draw_text(surface, name, (x, y), s(14), c.muted)
        colour = game.bloc_colour(k) if name == "Bloc" and k >= 0 else c.bright
        draw_text(
            surface, value, (x + w, y), s(14), colour, True, anchor="topright", width=w - s(120)
        )
        y += s(21)


# --------------------------------------------------------------------------- charts
def chart_series(game, kind: str, player: int) -> tuple[list[tuple[str, tuple, list[float]]], str]:
    """The lines of a chart as (label, colour, values per turn) and the unit."""
    states = game.states
    series = []
    if kind in ("prestige", "budget"):
        field = kind
        final = np.asarray(getattr(states[-1], field)[0])
        top = list(np.argsort(-final)[:5])
        if player not in top:
            top.append(player)
        for i in top:
            values = [float(getattr(s, field)[0, i]) for s in states]
            colour = game.bloc_colour(game.bloc_of(int(i)))
            label = game.name(int(i)) + (" (you)" if i == player else "")
            series.append((label, colour, values))
        return series, "US$ B / year" if kind == "budget" else "points"
    if kind == "progress":
        ms_bloc = np.asarray(game.rules.ms_bloc)
        cost = np.asarray(game.rules.ms_cost)
        for k in range(len(game.catalog.bloc_ids)):
            mask = ms_bloc == k
            total = float(cost[mask].sum()) or 1.0
            values = [
                float(
                    np.where(s.done[0][mask], cost[mask], s.progress[0][mask]).sum() / total * 100
                )
                for s in states
            ]
            series.append((game.bloc_name(k), game.bloc_colour(k), values))
        return series, "% of programme"
    for k in range(len(game.catalog.bloc_ids)):
        values = [float((s.bloc[0] == k).sum()) for s in states]
        series.append((game.bloc_name(k), game.bloc_colour(k), values))
    return series, "members"


def draw_chart(surface, rect, game, kind, player, scale, chart) -> None:
    """A line chart over turns, drawn by the renderer's LineChart."""

    series, unit = chart_series(game, kind, player)
    titles = {
        "prestige": "Prestige",
        "budget": "Space budgets",
        "progress": "Programme progress",
        "blocs": "Bloc sizes",
    }
    you = next((label for label, _c, _v in series if label.endswith("(you)")), None)
    view = ChartView(
        title=titles.get(kind, kind),
        series=tuple(Series(label, tuple(values), colour) for label, colour, values in series),
        # A game continued from an older-rules save starts at its stored turn.
        x_labels=tuple(game.date(game.first_turn + t) for t in range(len(game.states))),
        # A finished game (the base can be built early) spans the turns played, not the
        # scenario's length, so its lines fill the chart.
        x_count=max(2, (len(game.states) if game.over else game.n_turns + 1 - game.first_turn)),
        y_label=unit,
        y_min=0.0,
        highlight=you,
    )
    chart.draw(surface, rect, view, scale)


def draw_chart_legend(surface, rect, game, kind, player, scale, c) -> None:
    """Each line's colour, label and latest value."""
    s = _s(scale)
    series, _unit = chart_series(game, kind, player)
    x, y, w = rect.x + s(12), rect.y + s(78), rect.w - s(24)
    for label, colour, values in series:
        if y + s(20) > rect.bottom:
            break
        pygame.draw.rect(surface, colour, (x, y + s(4), s(12), s(12)), border_radius=s(2))
        draw_text(surface, label, (x + s(20), y), s(14), c.text, width=w - s(90))
        draw_text(
            surface, f"{values[-1]:.1f}", (x + w, y), s(14), c.bright, True, anchor="topright"
        )
        y += s(22)
