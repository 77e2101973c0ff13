"""The in-game guide: what the Help screen tells a player about the game they are in.

Spec card:
    What: ``guide_lines(host)`` — how the race is won and how it ends, the score part by part
        with the winner's bonus, the player's own objectives, what each tab is for, and where
        the race forecast and the advisers are; as ``richtext.Line``s for the Help screen.
    Numbers: every one is read where the game keeps it — the end date and turns from the
        catalog and rules, the score's weights and the bonus from ``rules.constants`` (the
        ones ``victory.score_parts`` multiplies by), the bases from the milestone table, the
        player's objectives and stake from ``main.objectives`` (``victory`` underneath), the
        number of futures from the forecast received (else the forecast's default), the
        advisers' kept turns from ``main.advisers``. No rule is worked out here.
"""

from __future__ import annotations

from game.sim import forecast as fc
from game.text.words import counted
from game.ui.richtext import Line
from game.ui.screens.main.advisers import HOLD_TURNS
from game.ui.screens.main.objectives import bonus_line, objective_rows

#: What each tab is for, by its key (a test checks every tab of the main screen has one).
TAB_PURPOSES = {
    "budget": "split your yearly budget between your bloc's programme, research, diplomacy "
    "and the reserve, and choose a national mission (its cost, odds and prestige are "
    "in the list)",
    "offers": "compose an offer to another nation or bloc: an invitation, an application or "
    "a deal; your side (what it costs and gains you) sits under the other side's answer",
    "inbox": "offers made to you, to accept or reject, with your side of each; your deals "
    "in force and last turn's answers",
    "news": "what happened last turn, and why",
    "relations": "the nation selected on the map: its standing, its relations and its bloc",
    "charts": "budgets, prestige, technology and bloc sizes over the turns so far",
    "goals": "your objectives with their progress, your score part by part, and the race "
    "forecast in full",
}

#: How a bloc's score is counted at the end date (``Rules.bloc_score_mode``).
BLOC_SCORE_WORDS = {
    0: "the share of its programme done (progress on all its milestones over their total cost)",
    1: "the sum of its members' prestige",
}


def _heading(text: str, first: bool = False) -> Line:
    return Line(text, "bright", bold=True, size=16, gap=0 if first else 12)


def _bullet(text: str, tone: str = "text") -> Line:
    return Line(text, tone, bullet=True, gap=2)


def _how_to_win(game, seat: int) -> list[Line]:
    r, c = game.rules, game.catalog
    k = r.constants
    lines = [_heading("How to win", first=True)]
    bases = [
        f"{game.bloc_name(b)}: {c.milestone_names[int(m)]}"
        for b in range(r.n_blocs)
        for m in r.ms_of_bloc[b]
        if r.ms_base[m]
    ]
    if r.base_wins and bases:
        lines.append(
            _bullet(
                "The race: the first bloc to complete its permanent base wins at once "
                f"({'; '.join(bases)})."
            )
        )
    mode = BLOC_SCORE_WORDS.get(int(r.bloc_score_mode), "its bloc score")
    lines.append(
        _bullet(
            f"Otherwise the race ends at the end date, {c.date(int(r.n_turns))} (after turn "
            f"{int(r.n_turns)}; a turn is {counted(c.turn_months, 'month')}), and the bloc "
            "with the "
            f"highest score wins: {mode}."
        )
    )
    lines.append(
        _bullet(
            "A bloc wins, but you are scored as a nation. Your score is "
            f"{k.score_prestige:g} × your prestige + {k.score_contribution:g} × your share of "
            f"the money paid into your blocs × their programme done + {k.score_tech:g} × your "
            f"mean technology (0 to 1) + {k.score_objectives:g} × the points of your "
            "objectives that hold + the winner's bonus."
        )
    )
    lines.append(
        _bullet(
            f"The winner's bonus: up to {counted(float(k.winner_bonus), 'point')} for each "
            "member of the "
            "winning bloc, times its turns in that bloc over its longest-serving member's, "
            "times the share of what it paid all its blocs that went to the winner: join "
            "early and stay."
        )
    )
    lines.append(_bullet(bonus_line(game, seat), "muted"))
    return lines


def _objectives(game, seat: int) -> list[Line]:
    rows = objective_rows(game, seat)
    lines = [_heading(f"Your objectives ({game.name(seat)})")]
    if not rows:
        lines.append(_bullet("You have none in this scenario: your score is the parts above."))
    for row in rows:
        status = row["status"]
        if not status.startswith(("holds", "does not")):
            status = f"now {status}" + (", met" if row["met"] else "")
        lines.append(
            _bullet(
                f"{row['text']} — {counted(float(row['points']), 'point')} while it holds; "
                f"{status}",
                "good" if row["met"] else "text",
            )
        )
    lines.append(Line("Their progress is on the Goals tab, all game long.", "muted", gap=2))
    return lines


def _tabs(tabs) -> list[Line]:
    lines = [_heading("The tabs")]
    for key, caption, shortcut in tabs:
        lines.append(_bullet(f"{caption} [{shortcut}]: {TAB_PURPOSES[key]}."))
    return lines


def _forecast(game, race) -> list[Line]:
    futures = int(race.futures) if race is not None else fc.FUTURES
    return [
        _heading("The race forecast and your advisers"),
        _bullet(
            "The line under the Moon panel is the race forecast: the computer plays "
            f"{futures} futures of this game to its end (every seat, yours too, at the "
            f"{game.difficulty} level) and says which bloc finishes first how often, and "
            "when. Click it, or press 7, for the forecast in full on the Goals tab. The "
            "futures are not the game's own: they cannot tell the real future."
        ),
        _bullet(
            "Your advisers speak for you: on the Budget tab (under the sliders, and for a "
            "national mission), on the Offers tab (beside the other side's answer) and in "
            "the Inbox (before you accept) they play the same futures with and without your "
            "choice and say what it changes in your final score and your bloc's chance of "
            f"finishing first. They assume a choice is kept {counted(HOLD_TURNS, 'turn')}."
        ),
    ]


def guide_lines(game, seat: int, tabs, race=None) -> list[Line]:
    """The guide for ``seat`` of ``game``: ``tabs`` are the main screen's (key, caption,
    shortcut); ``race`` the forecast received, if any."""
    return [
        *_how_to_win(game, seat),
        *_objectives(game, seat),
        *_tabs(tabs),
        *_forecast(game, race),
    ]
