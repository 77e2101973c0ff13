"""Printable team handouts: one page per playable nation of a scenario.

Spec card:
    Reads: a compiled scenario (``compile_scenario``: the Catalog's names and the engine's
        Rules and starting State) and the Scenario's words (briefing, descriptions).
    Writes: one HTML document, a ``section.page`` per playable nation: the team's briefing,
        its objectives with their points, its starting figures, the rules it needs and a map
        with its place. Every figure is read from the engine's starting State or Rules (its
        constants, its charters, its milestone table): nothing is recomputed here, and the
        rules are told in words next to the engine's own numbers.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import KIND, NO_BLOC, OFFER_KINDS
from game.report.page import document, esc, table
from game.report.svg import map_legend, map_view, world_map
from game.text.words import counted, money


def _pct(x: float) -> str:
    return f"{100 * float(x):.0f}%"


def _money(x: float) -> str:
    # US dollars in the game's units: a small nation's US$ 50 M is not "US$ 0.1 B"
    return f"US{money(x)}"


def playable(compiled) -> list[int]:
    """Indices of the nations a person may play, in scenario order."""
    return [int(i) for i in np.flatnonzero(np.asarray(compiled.rules.playable))]


def _objectives(compiled, i: int) -> str:
    rules, cat = compiled.rules, compiled.catalog
    c = rules.constants
    rows = [
        (cat.objective_texts[j], f"{c.score_objectives * float(rules.obj_points[j]):.0f}")
        for j in np.flatnonzero(np.asarray(rules.obj_nation) == i)
    ]
    if not rows:
        return '<p class="note">No objectives of its own: play for the score.</p>'
    return table(["objective (true at the end of the game)", "points"], rows, numeric=[1])


def _figures(compiled, i: int) -> str:
    state, cat = compiled.state, compiled.catalog
    k = int(state.bloc[0, i])
    rows = [
        ("bloc", cat.bloc_names[k] if k >= 0 else "none (unaligned)"),
        ("space budget a year", _money(state.budget[0, i])),
        ("public support", _pct(state.support[0, i])),
        ("prestige", f"{float(state.prestige[0, i]):.1f}"),
    ]
    tech = ", ".join(
        f"{d.replace('_', ' ')} {float(state.tech[0, i, x]):.2f}"
        for x, d in enumerate(cat.domain_ids)
    )
    rows.append(("technology (0 to 1)", tech))
    return table(["at the start", "value"], rows)


def _offers(compiled, i: int) -> str:
    """The offers open at the start that this team sends or receives, one line per kind."""
    state, cat = compiled.state, compiled.catalog
    off = state.offers
    groups: dict[tuple[str, bool], list[str]] = {}
    for slot in np.flatnonzero(np.asarray(off.active[0])):
        s, t, k = int(off.sender[0, slot]), int(off.target[0, slot]), int(off.bloc[0, slot])
        if i not in (s, t):
            continue
        kind = int(off.kind[0, slot])
        what = OFFER_KINDS[kind].replace("_", " ") if 0 <= kind < len(OFFER_KINDS) else "offer"
        if kind == KIND["invite"]:
            what = f"invitation to join {cat.bloc_names[k]}"
        elif kind == KIND["apply"]:
            what = f"application to join {cat.bloc_names[k]}"
        other = t if s == i else s
        groups.setdefault((what, s == i), []).append(cat.nation_names[other])
    lines = [
        f"<li>{esc(what)} {'you sent to' if sent else 'from'} {esc(', '.join(names))}</li>"
        for (what, sent), names in groups.items()
    ]
    if not lines:
        return ""
    return "<h3>Open at the start</h3><ul>" + "".join(lines) + "</ul>"


def _bloc_rules(compiled, k: int) -> str:
    """A bloc's charter and programme, as the engine holds them."""
    rules, state, cat = compiled.rules, compiled.state, compiled.catalog
    entry = []
    if float(rules.entry_min_tech[k]) > 0:
        entry.append(f"mean technology at least {float(rules.entry_min_tech[k]):.2f}")
    if np.isfinite(rules.entry_min_relations[k]) and float(rules.entry_min_relations[k]) > -1:
        entry.append(
            f"relations with the leader at least {float(rules.entry_min_relations[k]):.2f}"
        )
    entry.append(
        "the leader must accept applications" if bool(rules.entry_approval[k]) else "open entry"
    )
    leader = int(state.leader[0, k])
    text = (
        f"<h3>{esc(cat.bloc_names[k])}</h3><p>Led by {esc(cat.nation_names[leader])}. "
        f"Members put at least {_pct(state.contribution[0, k])} of their money into the "
        f"programme each turn; {_pct(state.sharing[0, k])} of the gap to the best member's "
        f"technology is shared a year. To join: {esc('; '.join(entry))}.</p>"
    )
    rows = []
    for m in rules.ms_of_bloc[k]:
        rows.append(
            (
                cat.milestone_names[m] + (" (the permanent base)" if rules.ms_base[m] else ""),
                f"{float(rules.ms_cost[m]):.0f}",
                _pct(rules.ms_success[m]),
                f"{float(rules.ms_prestige[m]):.0f}",
            )
        )
    return text + table(
        ["programme milestone", "US$ B", "chance", "prestige"], rows, numeric=[1, 2, 3]
    )


def _rules_text(compiled, i: int) -> str:
    rules, state, cat = compiled.rules, compiled.state, compiled.catalog
    c = rules.constants
    n = rules.n_turns
    base = [cat.milestone_names[m] for m in np.flatnonzero(rules.ms_base)]
    if rules.base_wins and base:
        win = (
            f"A bloc wins the moment it completes its permanent base ({esc(', '.join(base))}). "
            f"If none does by {esc(cat.date(n))}, the bloc with the highest "
            + ("share of its programme done" if rules.bloc_score_mode == 0 else "total prestige")
            + " wins."
        )
    else:
        win = f"At {esc(cat.date(n))} the bloc with the highest " + (
            "share of its programme done" if rules.bloc_score_mode == 0 else "total prestige"
        )
        win += " wins."
    score = (
        f"Your score at the end: {c.score_prestige:g} per prestige point; up to "
        f"{counted(float(c.score_contribution), 'point')} for your share of your bloc's "
        "contributions, times the share of its programme done; "
        f"{counted(float(c.score_tech), 'point')} per unit of mean technology; "
        f"{counted(float(c.winner_bonus), 'point')} if your bloc wins; and your objectives' "
        "points."
    )
    turn = (
        f"The game runs from {esc(cat.date(0))} for {counted(n, 'turn')} of "
        f"{counted(cat.turn_months, 'month')}. "
        f"Each turn you split your budget, answer offers and may send up to "
        f"{c.max_offers_per_nation} offers of your own."
    )
    k = int(state.bloc[0, i])
    blocs = [k] if k != NO_BLOC else list(range(rules.n_blocs))
    intro = (
        "<p>Your bloc:</p>"
        if k != NO_BLOC
        else "<p>You start outside every bloc. You may join:</p>"
    )
    columns = "".join(f"<div>{_bloc_rules(compiled, b)}</div>" for b in blocs)
    return (
        f'<div class="rules"><p>{turn}</p><p>{win}</p><p>{score}</p>{intro}'
        f'<div class="cols">{columns}</div></div>'
    )


def team_page(compiled, i: int) -> str:
    """The markup of one team's handout page."""
    cat, scenario = compiled.catalog, compiled.catalog.scenario
    nation = scenario.nations[i]
    nations, blocs = map_view(scenario, compiled.state.bloc[0])
    picture = world_map(nations, blocs, focus=nation.id, title=f"{nation.name} on the map")
    briefing = nation.briefing.strip() or scenario.meta.description.strip()
    return (
        f"<h1>{esc(nation.name)}</h1>"
        f'<p class="sub">{esc(scenario.meta.title)} — team handout, {esc(cat.date(0))}</p>'
        f'<div class="cols"><div><h2>Briefing</h2><p class="briefing">{esc(briefing)}</p></div>'
        f"<div><figure>{picture}{map_legend(blocs)}</figure></div></div>"
        f'<div class="cols"><div><h2>Objectives</h2>{_objectives(compiled, i)}'
        f"{_offers(compiled, i)}</div>"
        f"<div><h2>Starting figures</h2>{_figures(compiled, i)}</div></div>"
        f"<h2>The rules you need</h2>{_rules_text(compiled, i)}"
    )


def handouts_html(compiled, nations: list[int] | None = None) -> str:
    """One HTML document with a page per playable nation (or per index in ``nations``)."""
    teams = playable(compiled) if nations is None else nations
    title = f"{compiled.catalog.scenario.meta.title}: team handouts"
    return document(title, [team_page(compiled, i) for i in teams])
