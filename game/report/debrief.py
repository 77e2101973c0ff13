"""The debrief of a class's game: what happened, why, and how it compares with the computer.

Spec card:
    Reads: a ``session.Match`` loaded from a save (its states, events and orders, replayed and
        verified by ``Match.load``).
    Computes, through the engine only: the score's parts (``phases.victory.score_parts``),
        the objectives that hold (``objectives_met``), each bloc's programme progress
        (``utility.bloc_progress``), and two batches of computer-played worlds run by
        ``sim.driver.run_in_chunks`` (the batched engine): ``compare`` plays N worlds from the
        scenario's start with the save's seed; ``what_if`` plays N worlds on from the class's
        state at one turn, the computer taking every seat.
    Percentiles: the share of computer worlds below the class's value plus half of the ties
        (a class in the middle of the pack is at 50). A base never built counts as later than
        any date.
    Writes: ``debrief_html`` (one self-contained page set), ``debrief_data`` (JSON-ready).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from game.engine.phases.victory import SCORE_PARTS, objectives_met, score_parts
from game.engine.utility import bloc_progress
from game.report.causes import turn_events
from game.report.page import Markup, document, esc, table
from game.report.svg import Series, line_chart, map_legend, map_view, world_map
from game.sim.driver import History, run_in_chunks, slice_worlds
from game.text.words import counted

#: Default number of computer-played worlds to compare the class with.
DEFAULT_WORLDS = 1000
NEVER = math.inf


def class_history(match) -> History:
    """The class's game as a one-world History (what the sim's writers read)."""
    return History(
        compiled=match.compiled,
        difficulty=match.difficulty,
        states=list(match.states),
        events=list(match.events),
        turns_played=len(match.events),
    )


def base_turn(states, rules) -> float:
    """The first turn after which a permanent base stands in world 0, or NEVER."""
    base_ms = np.asarray(rules.ms_base, dtype=bool)
    for t, s in enumerate(states):
        if bool(s.done[0][base_ms].any()):
            return float(t)
    return NEVER


def percentile(value: float, sample: np.ndarray) -> float:
    """Share (0-100) of ``sample`` below ``value``, plus half of the ties."""
    sample = np.asarray(sample, dtype=float)
    if sample.size == 0:
        return math.nan
    below = float(np.sum(sample < value))
    ties = float(np.sum(sample == value))
    return 100.0 * (below + 0.5 * ties) / sample.size


@dataclass
class Outcomes:
    """Outcomes of a batch of computer-played worlds, one row per world."""

    winner: np.ndarray  # (W,) bloc index or -1
    base: np.ndarray  # (W,) turn the base was built, inf if never
    score: np.ndarray  # (W, N)
    size: np.ndarray  # (W, K) members at the end


def _play(compiled, difficulty: str) -> Outcomes:
    """Play every world of ``compiled`` to its end with the batched engine; fold outcomes."""
    rules = compiled.rules
    w = compiled.state.n_worlds
    start_turn = int(compiled.state.turn)
    base_ms = np.asarray(rules.ms_base, dtype=bool)
    out = Outcomes(
        winner=np.full(w, -1, dtype=np.int64),
        base=np.where(compiled.state.done[:, base_ms].any(axis=1), float(start_turn), NEVER),
        score=np.zeros((w, rules.n_nations)),
        size=np.zeros((w, rules.n_blocs), dtype=np.int64),
    )

    def on_turn(turn, state, events, rows):
        built = state.done[:, base_ms].any(axis=1)
        seen = out.base[rows]
        out.base[rows] = np.where(built & ~np.isfinite(seen), float(turn), seen)

    def on_chunk(state, rows):
        out.winner[rows] = state.winner
        out.score[rows] = state.score
        # every bloc a nation belongs to counts it (non-exclusive blocs share members)
        out.size[rows] = state.member.sum(axis=1)

    run_in_chunks(compiled, None, difficulty, on_turn=on_turn, on_chunk=on_chunk)
    return out


def other_worlds(match, worlds: int) -> np.ndarray:
    """``worlds`` world ids, none of them the class's own.

    With the save's seed, the class's own world id would replay the class's random draws (for
    a computer-played save, the class's very game), so the batch would partly compare the class
    with itself.
    """
    ids = np.arange(worlds + 1, dtype=np.int64)
    return ids[ids != int(match.state.world[0])][:worlds]


def compare(match, worlds: int) -> Outcomes:
    """N computer-played worlds from the scenario's start, with the save's seed."""
    from game.scenario.compile import compile_scenario

    ids = other_worlds(match, worlds).tolist()
    compiled = compile_scenario(match.scenario, seed=match.seed, world_ids=ids)
    return _play(compiled, match.difficulty)


def what_if(match, turn: int, worlds: int) -> Outcomes:
    """N worlds in which the computer plays every seat on from the class's state at ``turn``."""
    start = match.states[turn]
    batch = slice_worlds(start, np.zeros(worlds, dtype=np.intp))
    # distinct world ids give each world its own draws from the engine's random streams
    ids = other_worlds(match, worlds).astype(batch.world.dtype)
    batch = dataclasses.replace(batch, world=ids)
    compiled = dataclasses.replace(match.compiled, state=batch)
    return _play(compiled, match.difficulty)


# --------------------------------------------------------------------------- the class's game


def class_outcome(match) -> dict:
    """The class's own values of what ``Outcomes`` holds."""
    rules = match.rules
    final = match.state
    return {
        "winner": int(final.winner[0]),
        "base": base_turn(match.states, rules),
        "score": np.asarray(final.score[0], dtype=float),
        "size": final.member[0].sum(axis=0).astype(np.int64),
    }


def teams(match) -> list[int]:
    """The nations the class played; with none (a computer-played save), the playable ones."""
    people = match.human_indices()
    if people:
        return people
    return [int(i) for i in np.flatnonzero(np.asarray(match.rules.playable))]


def _date(match, turn: float) -> str:
    return "never" if not math.isfinite(turn) else match.catalog.date(int(turn))


def _share_table(match, sample: Outcomes, mine: dict) -> str:
    cat = match.catalog
    n = sample.winner.size
    rows = []
    for k in range(len(cat.bloc_ids)):
        wins = int(np.sum(sample.winner == k))
        rows.append(
            (
                cat.bloc_names[k],
                f"{100 * wins / max(n, 1):.0f}%",
                "won" if mine["winner"] == k else "",
            )
        )
    none = int(np.sum(sample.winner < 0))
    if none:
        rows.append(("no winner", f"{100 * none / n:.0f}%", "" if mine["winner"] >= 0 else "yes"))
    return table(["bloc", "wins among the computer's worlds", "in the class's game"], rows, [1])


def _comparison(match, sample: Outcomes, mine: dict, who: list[int]) -> str:
    cat = match.catalog
    n = sample.winner.size
    built = np.isfinite(sample.base)
    base_med = np.median(sample.base[built]) if built.any() else NEVER
    rows = [
        (
            "base built",
            _date(match, mine["base"]),
            f"{100 * built.mean():.0f}% of worlds; median {_date(match, base_med)}",
            f"{percentile(mine['base'], sample.base):.0f}",
        )
    ]
    for k in range(len(cat.bloc_ids)):
        rows.append(
            (
                f"{cat.bloc_names[k]}: members at the end",
                str(int(mine["size"][k])),
                f"median {np.median(sample.size[:, k]):.0f}",
                f"{percentile(mine['size'][k], sample.size[:, k]):.0f}",
            )
        )
    for i in who:
        rows.append(
            (
                f"{cat.nation_names[i]}: score",
                f"{mine['score'][i]:.1f}",
                f"median {np.median(sample.score[:, i]):.1f}",
                f"{percentile(mine['score'][i], sample.score[:, i]):.0f}",
            )
        )
    note = (
        f'<p class="note">Percentile: the share of the {n:,} computer-played worlds below the '
        "class's value, plus half the ties (50 = the middle of the pack). For the base date a "
        "low percentile means the class built it early.</p>"
    )
    return (
        _share_table(match, sample, mine)
        + table(["", "the class", f"{n:,} computer worlds", "percentile"], rows, [1, 3])
        + note
    )


def _score_table(match, who: list[int]) -> str:
    cat, rules, state = match.catalog, match.rules, match.state
    parts, _ = score_parts(state, rules)
    order = [int(i) for i in np.argsort(-np.asarray(state.score[0]), kind="stable")]
    rows = []
    for rank, i in enumerate(order, start=1):
        k = int(state.bloc[0, i])
        name = cat.nation_names[i] + (" (class)" if i in match.human_indices() else "")
        rows.append(
            (
                rank,
                name,
                cat.bloc_short[k] if k >= 0 else "none",
                *(f"{float(parts[p][0, i]):.1f}" for p in SCORE_PARTS),
                f"{float(state.score[0, i]):.1f}",
            )
        )
    head = ["#", "nation", "bloc", *SCORE_PARTS, "score"]
    return table(head, rows, numeric=[0, 3, 4, 5, 6, 7, 8])


def _objectives(match, who: list[int]) -> str:
    cat, rules, state = match.catalog, match.rules, match.state
    met = np.asarray(objectives_met(state, rules))[0]
    owner = np.asarray(rules.obj_nation)
    rows = []
    for i in who:
        for j in np.flatnonzero(owner == i):
            ok = bool(met[j])
            mark = Markup(
                f'<span class="{"good" if ok else "bad"}">{"met" if ok else "missed"}</span>'
            )
            rows.append(
                (
                    cat.nation_names[i],
                    cat.objective_texts[j],
                    f"{rules.constants.score_objectives * float(rules.obj_points[j]):.0f}",
                    mark,
                )
            )
    if not rows:
        return '<p class="note">No team has objectives of its own in this scenario.</p>'
    return table(["team", "objective", "points", "at the end"], rows, numeric=[2])


def _charts(match, who: list[int]) -> str:
    cat, rules = match.catalog, match.rules
    states = match.states
    dates = [cat.date(t) for t in range(len(states))]
    final = match.state

    def colour(i: int) -> str:
        k = int(final.bloc[0, i])
        return cat.bloc_colours[k] if k >= 0 else "#666666"

    def nation_series(field: str, scale: float = 1.0) -> list[Series]:
        return [
            Series(
                cat.nation_names[i],
                colour(i),
                [scale * float(getattr(s, field)[0, i]) for s in states],
                bold=i in match.human_indices(),
            )
            for i in who
        ]

    progress = np.array([bloc_progress(s, rules)[0] for s in states])
    blocs = [
        Series(cat.bloc_names[k], cat.bloc_colours[k], 100 * progress[:, k], bold=True)
        for k in range(rules.n_blocs)
    ]
    sizes = [
        Series(
            cat.bloc_names[k],
            cat.bloc_colours[k],
            [int(s.member[0, :, k].sum()) for s in states],
            bold=True,
        )
        for k in range(rules.n_blocs)
    ]
    return (
        line_chart("Space budget a year", dates, nation_series("budget"), "US$ B", y_min=0)
        + line_chart("Public support", dates, nation_series("support", 100.0), "%", y_min=0)
        + line_chart("Prestige", dates, nation_series("prestige"), y_min=0)
        + line_chart("Bloc programme done", dates, blocs, "% of its cost", y_min=0)
        + line_chart("Bloc members", dates, sizes, y_min=0)
    )


def _timeline(match) -> str:
    history = class_history(match)
    cat = match.catalog
    out = ['<ul class="timeline">']
    for t in range(1, len(match.states)):
        items = turn_events(history, t)
        if not items:
            continue
        out.append(f'<li class="turn">Turn {t}: {esc(cat.date(t - 1))}</li>')
        out.extend(f"<li>{esc(kind)}: {esc(text)}</li>" for kind, text in items)
    out.append("</ul>")
    return "".join(out)


def _result(match) -> str:
    cat, final = match.catalog, match.state
    winner = int(final.winner[0])
    when = int(final.end_turn[0])
    if winner >= 0:
        built = bool(final.done[0][np.asarray(match.rules.ms_base, dtype=bool)].any())
        how = "by building its permanent base" if built else "on score at the end date"
        return f"{cat.bloc_names[winner]} won {how}, {cat.date(max(when, 0))} (turn {when})."
    if bool(final.ended[0]):
        return f"No bloc won; the game ended {cat.date(max(when, 0))}."
    return f"The game was stopped after turn {match.turn} ({cat.date(match.turn)}), unfinished."


@dataclass
class Debrief:
    """Everything a debrief shows, computed once."""

    match: object
    worlds: Outcomes
    what_if_turn: int
    what_if: Outcomes
    mine: dict


def build(match, worlds: int = DEFAULT_WORLDS, what_if_from: int | None = None) -> Debrief:
    """Run the comparisons for a debrief of ``match``."""
    turn = match.turn // 2 if what_if_from is None else int(what_if_from)
    if not 0 <= turn <= match.turn:
        raise ValueError(f"--what-if-from must be a turn from 0 to {match.turn}")
    mine = class_outcome(match)
    return Debrief(match, compare(match, worlds), turn, what_if(match, turn, worlds), mine)


def debrief_html(d: Debrief) -> str:
    """The whole debrief as one HTML document."""
    match = d.match
    cat = match.catalog
    who = teams(match)
    people = ", ".join(cat.nation_names[i] for i in match.human_indices()) or "none (computer)"
    nations, blocs = map_view(match.scenario, match.state.bloc[0])
    n = d.worlds.winner.size
    first = (
        f"<h1>{esc(match.scenario.meta.title)}: debrief</h1>"
        f'<p class="sub">Played by: {esc(people)}. Seed {match.seed}, '
        f"{counted(match.turn, 'turn')} ({esc(cat.date(0))} to {esc(cat.date(match.turn))}), "
        "computer "
        f"players at {esc(match.difficulty)}.</p>"
        f"<h2>Result</h2><p><b>{esc(_result(match))}</b></p>"
        f"<figure>{world_map(nations, blocs, title='The blocs at the end')}"
        f"{map_legend(blocs)}</figure>"
        f"<h2>Scores</h2>{_score_table(match, who)}"
        f"<h2>Objectives</h2>{_objectives(match, who)}"
    )
    charts = f"<h2>Over the turns</h2>{_charts(match, who)}"
    versus = (
        f"<h2>The class against {n:,} computer-played worlds</h2>"
        f"<p>The same scenario and seed, every seat played by the computer from "
        f"{esc(cat.date(0))}.</p>{_comparison(match, d.worlds, d.mine, who)}"
        f"<h2>What if the computer had played on from turn {d.what_if_turn} "
        f"({esc(cat.date(d.what_if_turn))})?</h2>"
        f"<p>{d.what_if.winner.size:,} worlds from the class's position at that turn, every "
        f"seat played by the computer.</p>{_comparison(match, d.what_if, d.mine, who)}"
    )
    timeline = f"<h2>Timeline: what happened and why</h2>{_timeline(match)}"
    return document(f"{match.scenario.meta.title}: debrief", [first, charts, versus, timeline])


def _outcome_json(match, o: Outcomes, mine: dict) -> dict:
    cat = match.catalog
    return {
        "worlds": int(o.winner.size),
        "wins": {
            (cat.bloc_ids[k] if k >= 0 else "none"): int(np.sum(o.winner == k))
            for k in range(-1, len(cat.bloc_ids))
        },
        "base_built_share": float(np.isfinite(o.base).mean()) if o.base.size else 0.0,
        "percentile": {
            "base_date": percentile(mine["base"], o.base),
            "score": {
                cat.nation_ids[i]: percentile(mine["score"][i], o.score[:, i])
                for i in range(len(cat.nation_ids))
            },
            "bloc_size": {
                cat.bloc_ids[k]: percentile(mine["size"][k], o.size[:, k])
                for k in range(len(cat.bloc_ids))
            },
        },
    }


def debrief_data(d: Debrief) -> dict:
    """The debrief as plain data: every turn of the game, the score parts, the comparisons."""
    from game.sim.account import game_json

    match = d.match
    cat = match.catalog
    parts, _ = score_parts(match.state, match.rules)
    return {
        "game": game_json(class_history(match), 0),
        "people": list(match.humans),
        "score_parts": {
            nid: {p: round(float(parts[p][0, i]), 6) for p in SCORE_PARTS}
            for i, nid in enumerate(cat.nation_ids)
        },
        "base_turn": None if not math.isfinite(d.mine["base"]) else int(d.mine["base"]),
        "compare": _outcome_json(match, d.worlds, d.mine),
        "what_if": {"from_turn": d.what_if_turn, **_outcome_json(match, d.what_if, d.mine)},
    }
