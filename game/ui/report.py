"""The turn report in words: what happened, what changed for the player, and why.

Spec card:
    Reads: the two States around a turn, its Ledger, its Events (offer answers carry the utility terms
        that drove them), the computer players' Decision for the turn when the Match still
        has it (a loaded game recomputes none for past turns), Rules constants.
    Writes: nothing; returns ``richtext.Line``s for the report's two columns.
    Why, concretely: each of the player's figures (budget, support, prestige, reserve,
        technology) with its largest causes as the engine's ledger recorded them
        (``game.text.words.figure_why``), so the causes named are the ones that made the
        change; the bloc programme's progress
        = pool x efficiency (technology fit x coordination); offers answered with the terms of
        ``game.ai.explain_offer``; the computer players' reasons (``Decision.reasons``) for
        nations that joined or left blocs and for offers they sent the player.
"""

from __future__ import annotations

import numpy as np

from game.ai import explain_offer
from game.ai.decide import answer_reason
from game.engine import law
from game.engine import state as st
from game.engine.phases.programs import fit_and_shortfall
from game.engine.phases.victory import objectives_met, score_breakdown
from game.engine.state import EV
from game.session.offers import deal_words
from game.text.words import (
    counted,
    event_sentence,
    figure_causes,
    figure_why,
    possessive,
    signed,
)
from game.ui.news import news
from game.ui.richtext import Line
from game.ui.widgets import money

#: Changes smaller than these are "no change" (US$ B, support points, prestige). Money's is
#: a tenth of a million: Nigeria spends US$ 25 M a turn, so a US$ 2.5 M reserve is news.
EPS_MONEY = 0.0001
EPS_POINTS = 0.05
#: At most this many other nations' bloc moves are explained in the report.
MAX_MOVERS = 6


def _tone(delta: float, eps: float) -> str:
    return "muted" if abs(delta) < eps else "good" if delta > 0 else "bad"


def happened_lines(game, player: int, index: int | None = None) -> list[Line]:
    """The news of the turn, the player's own first, each offer answer with its reasons."""
    report = game.report(index)
    lines = [Line("What happened", "bright", True, 16)]
    items = news(game, report.events, player, report.before, report.ledger) if report else []
    return lines + news_lines(items)


def news_lines(items) -> list[Line]:
    """The news ``items`` (``ui.news``) as bullets, the player's own in bold, each reason on
    its own line under its item, wrapped lines kept under the text they continue."""
    if not items:
        return [Line("A quiet turn: nothing of note happened.", "muted")]
    lines = []
    for item in items:
        tone = {"good": "good", "bad": "bad"}.get(item.tone, "text")
        lines.append(Line(item.text, tone, item.mine, 14, bullet=True, gap=2))
        if item.why:
            lines.append(Line(f"why: {item.why}", "muted", size=13, indent=18))
    return lines


def _decision(game, index: int):
    """The computer players' Decision of turn ``index``, if the Match still has it."""
    decisions = game.decisions
    pos = index - (len(game.events) - len(decisions))
    return decisions[pos] if 0 <= pos < len(decisions) else None


def _offer_reasons(game, decision) -> list[tuple[int, int, str, str]]:
    """(sender, target, kind, reason text) of each offer the computer players made."""
    c = game.catalog
    reasons = decision.reasons(
        world=0,
        nation_names=c.nation_names,
        bloc_names=c.bloc_names,
        domain_names=c.domain_ids,
        mission_names=c.mission_names,
    )
    new = decision.orders.new
    # each reason names its offer's row in the Decision's table: matched by id, not order
    out = [
        (
            int(new.sender[0, r.slot]),
            int(new.target[0, r.slot]),
            st.OFFER_KINDS[int(new.kind[0, r.slot])],
            r.text,
        )
        for r in reasons
        if r.kind in ("invite", "apply", "deal") and r.slot >= 0
    ]
    leaves = [(r.nation, -1, "leave", r.text) for r in reasons if r.kind == "leave"]
    return out + leaves


def _ledger_why(game, player: int, report) -> list[Line]:
    """The largest causes of each of the player's own figures, read from the turn's ledger.

    Every amount shown is a row the engine wrote while resolving the turn, so the causes
    are the ones that made the change (an event by its title, a milestone by its name).
    """
    lines, researched = [], []
    for quantity in report.ledger.quantities(game.rules.n_domains):
        why = figure_why(game.catalog, report.ledger, quantity, 0, player)
        if why is None:
            continue
        kinds = {c.kind for c in figure_causes(report.ledger, quantity, 0, player)}
        if quantity.startswith("tech.") and kinds == {"research"}:
            # domains moved by own research alone share one line
            domain = game.catalog.domain_ids[int(quantity.split(".")[1])].replace("_", " ")
            researched.append(f"{domain} {signed(why.change, '{:.3f}')}")
            continue
        tone = "good" if why.change > 0 else "bad"
        lines.append(Line(why.text, tone, bullet=True))
    if researched:
        text = "Technology from own research: " + ", ".join(researched) + "."
        lines.append(Line(text, "good", bullet=True))
    return lines


def _programme_why(game, player: int, before, after, book=None) -> list[Line]:
    """The player's bloc programme: progress = pool x efficiency (fit x coordination x
    research lift), the factors as the turn's ledger booked them (``law.bloc_factors``
    on the turn's spending where there is no ledger)."""

    r, c, i = game.rules, game.rules.constants, player
    k = int(after.bloc[0, i])
    if k < 0:
        return [
            Line("You are in no bloc: no programme advances on your money.", "muted", bullet=True)
        ]
    idx = np.asarray(r.ms_of_bloc[k])
    cost = np.asarray(r.ms_cost)[idx]

    def invested(state):
        return np.where(state.done[0, idx], cost, state.progress[0, idx])

    gain = invested(after) - invested(before)
    pool = float(after.pool[0, k])
    name = game.bloc_name(k)
    total = float(cost.sum()) or 1.0
    share = float(invested(after).sum()) / total * 100
    if pool <= EPS_MONEY:
        return [
            Line(
                f"{possessive(name)} programme {share:.0f}% done: nobody paid into it this "
                "turn, so it did not move.",
                "warn",
                bullet=True,
            )
        ]
    moved = [int(m) for m, g in zip(idx, gain, strict=True) if g > 1e-9]
    members = after.bloc[0] == k
    booked = getattr(book, "blocs", None) or {}
    if "coordination" in booked and "research_lift" in booked:
        partners = float(booked["partners"][0, k])
        coord = float(booked["coordination"][0, k])
        lift = float(booked["research_lift"][0, k])
    else:
        _, _, part, co, li = law.bloc_factors(after.spent, after.member[..., k], c, r.turn_years)
        partners, coord, lift = float(part[0]), float(co[0]), float(li[0])
    best = np.where(members[:, None], after.tech[0], 0.0).max(axis=0)
    open_ = moved or [int(m) for m in idx if not after.done[0, m]][:1]
    fit = (
        float(np.mean(fit_and_shortfall(best[None], np.asarray(r.ms_req)[open_])[0]))
        if open_
        else 1.0
    )
    mine = float(after.spent[0, i, st.CAT_BLOC])
    lines = _pool_lines(game, book, k, share, pool, mine, idx, gain, after, i)
    names = ", ".join(game.catalog.milestone_names[m] for m in open_[:2])
    low = "low: research the domains it needs" if fit < 0.8 else "good"
    lines.append(
        Line(
            f"Technology fit {fit * 100:.0f}% for {names} ({low}); coordination "
            f"{coord * 100:.0f}% across {partners:.1f} effective partners (members' "
            f"diplomacy lifts it); members' research lifts efficiency ×{lift:.2f}.",
            "muted",
            size=13,
            indent=18,
        )
    )
    return lines


def _pool_lines(game, book, k, share, pool, mine, idx, gain, after, i) -> list[Line]:
    """What the pool's money did, as the programmes phase booked it: the progress it made on
    each milestone (at the efficiency the engine applied), each attempt and what a failed one
    lost, and the money the pace limit could not use with the player's own part of it (the
    ledger's refund row). Without the phase's booking (a ledger from before rules 8), the
    change of progress alone."""
    name, names = game.bloc_name(k), game.catalog.milestone_names
    booked = getattr(book, "blocs", None) or {}
    # the bloc's own programme, by the bloc's name ("Artemis programme" read as another name)
    head = f"{possessive(name)} programme {share:.0f}% done"
    if "worked" not in booked:
        gained = float(gain[gain > 0].sum())
        text = (
            f"{head}, {signed(gained, money)} of progress from a pool of "
            f"{money(pool)} (you paid {money(mine)})."
        )
        return [Line(text, "text", bullet=True)]
    worked, lost = booked["worked"][0, idx], booked["lost"][0, idx]
    eff, chance = booked["efficiency"][0, idx], booked["chance"][0, idx]
    text = (
        f"{head}: the pool of {money(pool)} (you paid {money(mine)}) made "
        f"+{money(float(worked.sum()))} of progress"
    )
    # where the money went, milestone by milestone, most first (one efficiency: said once)
    went = [j for j in np.argsort(-worked, kind="stable") if worked[j] > EPS_MONEY]
    rates = {f"×{eff[j]:.2f}" for j in went if np.isfinite(eff[j])}
    one = len(rates) == 1
    if one:
        text += f" at efficiency {rates.pop()}"
    parts = [
        f"{names[idx[j]]} +{money(float(worked[j]))}"
        + ("" if one or not np.isfinite(eff[j]) else f" at efficiency ×{eff[j]:.2f}")
        for j in went[:3]
    ]
    if len(went) > 3:
        parts.append(f"{len(went) - 3} more +{money(float(worked[went[3:]].sum()))}")
    lines = [Line(text + (": " + "; ".join(parts) if parts else "") + ".", "text", bullet=True)]
    for j in np.flatnonzero(booked["attempted"][0, idx]):
        m, odds = int(idx[j]), f"{chance[j] * 100:.0f}% chance"
        loss = f"lost {money(float(lost[j]))} of progress, after the members' reserves made good"
        if lost[j] <= 1e-9:
            said, tone = f"{names[m]} was attempted ({odds}) and succeeded.", "good"
        elif after.done[0, m]:
            said = f"{names[m]} failed once ({odds}; it {loss} what they could), then succeeded."
            tone = "good"
        else:
            said = (
                f"{names[m]} was attempted ({odds}) and failed: it {loss} what they could; the "
                "programme went on rebuilding it with the money left this turn."
            )
            tone = "bad"
        lines.append(Line(said, tone, size=13, indent=18))
    back = pool - float(booked["used"][0, k])
    if back > EPS_MONEY:
        row = getattr(book, "rows", {}).get(("reserve", "refund", k))
        yours = float(row[0, i]) if row is not None else 0.0
        lines.append(
            Line(
                f"{money(back)} of the pool could not be used (a milestone takes at least "
                f"{counted(float(game.rules.constants.min_years), 'year')} however much money "
                f"it gets) and went back to the members' reserves by what each paid: "
                f"{money(yours)} of it to yours.",
                "muted",
                size=13,
                indent=18,
            )
        )
    return lines


def _missions_why(game, player: int, before, after, events=None, book=None) -> list[Line]:
    """The player's national missions paid into this turn and not yet flown: how far each is
    paid (the money went somewhere the figures above do not show); a failed one with the
    progress it lost (its event) and what the reserve made good (the ledger's row)."""
    r, i = game.rules, player
    cost = np.asarray(r.mis_cost)
    paid_before, paid_after = before.mission_progress[0, i], after.mission_progress[0, i]
    lines = []
    failed = set()
    if events is not None:
        rows = (events.code == EV["mission_failure"]) & (events.nation == i)
        for row in np.flatnonzero(rows):
            q = int(events.item[row])
            failed.add(q)
            lost = float(events.value[row])
            made_good = 0.0
            if book is not None and ("reserve", "mission_absorbed", q) in book.rows:
                made_good = -float(book.rows[("reserve", "mission_absorbed", q)][0, i])
            cover = (
                f", after your reserve paid {money(made_good)} to save what it could"
                if made_good > 0.0005
                else ""
            )
            name, kept = game.catalog.mission_names[q], money(paid_after[q])
            if lost <= 0.0005 < made_good:  # the reserve made good the whole loss
                said = (
                    f"{name} failed; your reserve paid {money(made_good)} to make good all of "
                    f"the progress it would have lost, so {kept} of {money(cost[q])} stays "
                    "paid and it can be attempted again next turn."
                )
            else:
                said = (
                    f"{name} failed: {money(lost)} of its progress was lost{cover}. {kept} "
                    f"of {money(cost[q])} stays paid; it is attempted again once fully paid."
                )
            lines.append(Line(said, "bad", bullet=True))
    paying = (paid_after - paid_before > EPS_MONEY) & ~after.mission_done[0, i]
    for q in np.flatnonzero(paying):
        if int(q) in failed:
            continue
        paid, total = float(paid_after[q]), float(cost[q])
        lines.append(
            Line(
                f"{game.catalog.mission_names[q]}: {money(paid)} of {money(total)} paid "
                f"(+{money(paid - float(paid_before[q]))} this turn); it is attempted once "
                "fully paid.",
                "text",
                bullet=True,
            )
        )
    return lines


def _offer_kind(game, state, events, r: int) -> str:
    """The kind of the offer an event row is about (from the table before the turn)."""
    item = int(events.item[r])
    if 0 <= item < state.offers.kind.shape[1]:
        return st.OFFER_KINDS[int(state.offers.kind[0, item])]
    return ""


def _diplomacy_why(game, player: int, index: int, before, after, events) -> list[Line]:
    """Offers answered (with the deciders' terms) and the computer players' own reasons."""

    report_state = before

    lines: list[Line] = []
    names = game.catalog.nation_names
    for r in range(events.n_rows):
        code = int(events.code[r])
        sender, target = int(events.nation[r]), int(events.other[r])
        if code == EV["offer_refused"] and player in (sender, target):
            # the rule that refused it, in the words the news uses (the engine's reason)
            text = event_sentence(game.catalog, events, r, player, before)
            # set aside because the player joined through another offer: no bad news
            aside = int(events.reason[r]) == law.Refusal.JOINED_ELSEWHERE
            lines.append(Line(text, "text" if aside else "bad", bullet=True))
            continue
        if code not in (EV["offer_accepted"], EV["offer_rejected"]):
            continue
        if player not in (sender, target) or target in game.people:
            continue
        if int(events.reason[r]) == st.ANSWERED_BY_ORDER:
            # the target's own decision: its reason, not the terms it would have weighed
            decision = _decision(game, index)
            c = game.catalog
            why = (
                answer_reason(decision, 0, int(events.item[r]), c.nation_names, c.bloc_names)
                if decision is not None
                else ""
            )
            verb = "accepted it" if code == EV["offer_accepted"] else "turned it away"
            text = f"{names[target]} {verb} by its own decision"
            text += f": {why}." if why else "."
            tone = "good" if code == EV["offer_accepted"] else "bad"
            lines.append(Line(f"Your offer: {text}", tone, bullet=True))
            continue
        terms = np.asarray(events.terms[r])
        if not terms.size or not np.any(terms):
            continue
        accepted = code == EV["offer_accepted"]
        text = explain_offer(terms, who=names[target], accepted=accepted) + "."
        if _offer_kind(game, report_state, events, r) not in ("invite", "apply"):
            text = deal_words(text, "you")
        lines.append(Line(f"Your offer: {text}", "good" if accepted else "bad", bullet=True))
    joined = {
        int(events.nation[r]): int(events.bloc[r])
        for r in range(events.n_rows)
        if int(events.code[r]) == EV["joined"] and int(events.nation[r]) != player
    }
    # Offers are answered the turn after they are made: a join goes back to last turn's
    # invitation or application, and to the reasons its sender had.
    earlier = _decision(game, index - 1)
    movers: list[Line] = []
    if earlier is not None:
        for sender, target, kind, text in _offer_reasons(game, earlier):
            joiner = target if kind == "invite" else sender if kind == "apply" else -1
            if joiner in joined:
                joined.pop(joiner)
                movers.append(Line(f"{names[sender]} {text}.", "text", bullet=True))
    decision = _decision(game, index)
    if decision is not None:
        inbox = {
            (int(s), int(k))
            for s, k, a, t in zip(
                after.offers.sender[0],
                after.offers.kind[0],
                after.offers.active[0],
                after.offers.target[0],
                strict=True,
            )
            if a and t == player
        }
        for sender, target, kind, text in _offer_reasons(game, decision):
            if kind == "leave" and sender != player:
                movers.append(Line(f"{names[sender]} {text}.", "text", bullet=True))
            elif target == player and (sender, st.KIND.get(kind, -1)) in inbox:
                text = text.replace(names[player], "you")
                lines.append(Line(f"{names[sender]} {text}.", "accent", bullet=True))
    if len(movers) > MAX_MOVERS:
        more = len(movers) - MAX_MOVERS
        movers = movers[:MAX_MOVERS]
        movers.append(Line(f"… and {more} more (see the news)", "muted", size=13, indent=18))
    return lines + movers


def _objectives_why(game, player: int, before, after) -> list[Line]:
    """The player's objectives that began or stopped holding this turn, and what that moved
    of the score (the engine's ``objectives`` score part, ``victory.score_breakdown``)."""
    r = game.rules
    mine = np.flatnonzero(np.asarray(r.obj_nation) == player)
    if not mine.size:
        return []
    was = np.asarray(objectives_met(before, r))[0, mine]
    now = np.asarray(objectives_met(after, r))[0, mine]
    if (was == now).all():
        return []
    part = [float(score_breakdown(s, r).parts["objectives"][0, player]) for s in (before, after)]
    lines = []
    for j, a, b in zip(mine, was, now, strict=True):
        if a == b:
            continue
        text = game.catalog.objective_texts[int(j)]
        points = float(r.obj_points[int(j)])
        word, tone = ("met", "good") if b else ("no longer met", "bad")
        lines.append(
            Line(f"Objective {word}: {text} ({counted(float(points), 'point')})", tone, bullet=True)
        )
    lines.append(
        Line(
            f"Your objectives' part of the score: {part[0]:.1f} → {part[1]:.1f}.",
            "muted",
            size=13,
            indent=18,
        )
    )
    return lines


def changes_lines(game, player: int, index: int | None = None) -> list[Line]:
    """The player's figures before and after, then why, then the race, as short lines."""
    report = game.report(index)
    if report is None:
        return [Line("No turn has been played yet.", "muted")]
    before, after, events = report.before, report.after, report.events
    i = player
    lines = [Line(f"{game.name(i)}: your figures", "bright", True, 16)]
    rows = [
        ("Budget", before.budget[0, i], after.budget[0, i], money, EPS_MONEY),
        ("Support", before.support[0, i] * 100, after.support[0, i] * 100, "{:.1f}%", EPS_POINTS),
        ("Prestige", before.prestige[0, i], after.prestige[0, i], "{:.1f}", EPS_POINTS),
        ("Reserve", before.reserve[0, i], after.reserve[0, i], money, EPS_MONEY),
        ("Score", before.score[0, i], after.score[0, i], "{:.1f}", EPS_POINTS),
    ]
    for name, a, b, fmt, eps in rows:
        a, b = float(a), float(b)
        # money in the top bar's units: a small nation's millions never read "$0.00 B"
        show = fmt if callable(fmt) else fmt.format
        b_text, delta = show(b), show(abs(b - a))
        change = "no change" if abs(b - a) < eps else ("+" if b >= a else "−") + delta
        if change == "no change" and name != "Score":
            # causes that cancelled out (a mission flown and a scandal) are not "no change"
            why = figure_why(game.catalog, report.ledger, name.lower(), 0, i)
            change = "no change" if why is None else "no net change: see Why"
        lines.append(Line(f"{name}: {b_text}  ({change})", _tone(b - a, eps), size=14))
    tech_a, tech_b = before.tech[0, i], after.tech[0, i]
    # at the precision Why explains them with ("launch 0.05" beside "+0.002" read as a mistake)
    gains = [
        f"{d.replace('_', ' ')} {float(tech_b[n]):.3f} ({signed(float(tech_b[n] - tech_a[n]), '{:.3f}')})"
        for n, d in enumerate(game.catalog.domain_ids)
        if float(tech_b[n] - tech_a[n]) >= 0.0005
    ]
    if gains:
        lines.append(Line("Technology up: " + ", ".join(gains), "good", size=13))
    kb, ka = int(before.bloc[0, i]), int(after.bloc[0, i])
    if kb != ka:
        lines.append(Line(f"Bloc: {game.bloc_name(kb)} → {game.bloc_name(ka)}", "warn", True))

    why = [
        *_ledger_why(game, i, report),
        *_programme_why(game, i, before, after, report.ledger),
        *_missions_why(game, i, before, after, events, report.ledger),
        *_diplomacy_why(game, i, report.index, before, after, events),
        *_objectives_why(game, i, before, after),
    ]
    lines.append(Line("Why", "bright", True, 16, gap=8))
    lines += why or [Line("Nothing changed for you this turn.", "muted")]

    lines.append(Line("The race", "bright", True, 16, gap=8))
    ms_bloc = np.asarray(game.rules.ms_bloc)
    cost = np.asarray(game.rules.ms_cost)
    for k in range(len(game.catalog.bloc_ids)):
        mask = ms_bloc == k
        total = float(cost[mask].sum()) or 1.0

        def share(state, mask=mask, total=total):
            done = np.where(state.done[0][mask], cost[mask], state.progress[0][mask])
            return float(done.sum()) / total * 100

        members = int((after.bloc[0] == k).sum())
        lines.append(
            Line(
                f"{game.bloc_name(k)}: {share(before):.0f}% → {share(after):.0f}% of the "
                f"programme · {counted(members, 'member')}",
                colour=game.bloc_colour(k),
                bold=True,
                size=14,
            )
        )
    return lines
