"""Words, once: the sentences the news, the turn report, ``simulate`` and exports use.

Spec card:
    What: turns the engine's records into words: refusal codes (``engine.law.Refusal``),
        ledger causes (``engine.ledger.CAUSES``) and the rows of the Events log. The news
        (``ui.news``), the turn report's "Why" (``ui.report``) and ``simulate``'s text
        (``sim.account``) read this module, so one event is told in the same words
        everywhere. Nothing here computes a rule: it only names what the engine recorded.
    Layer: imports the engine and nothing above it, so ``ai``, ``sim`` and ``ui`` may all
        import it.
    Viewer: sentences take an optional viewer nation, told as "you"/"your"; without one
        every nation is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.engine.law import Refusal
from game.engine.phases.victory import WIN_RULES
from game.engine.state import ANSWERED_BY_ORDER, EVENT_CODES, KIND, OFFER_KINDS

#: Why the engine refuses an offer, in words (one per ``Refusal`` code but OK). A reason
#: about one side names it: ``{sender}``/``{senders}``/``{its}`` the sender, ``{joiner}`` the
#: nation that would join; ``refusal_words`` fills them ("your reserve", "India's reserve").
REFUSAL_WORDS = {
    Refusal.NO_SUCH_NATION: "no such partner",
    Refusal.SELF: "a nation cannot make an offer to itself",
    Refusal.FORBIDDEN_PAIR: "a standing ban forbids this partnership",
    Refusal.NO_SUCH_BLOC: "no such bloc",
    Refusal.NO_LEADER: "the bloc has no members to answer",
    Refusal.ALREADY_MEMBER: "already a member",
    Refusal.NOT_A_MEMBER: "only members can invite",
    Refusal.NOT_THE_LEADER: "only the bloc's leader answers applications",
    Refusal.BARRED_BY_MEMBER: "a standing ban forbids working with a member",
    Refusal.BLOCKED: "membership is blocked",
    Refusal.TECH_BELOW_ENTRY: "technology below the bloc's entry level",
    Refusal.RELATIONS_BELOW_ENTRY: "relations with the bloc's leader below its entry level",
    Refusal.CANNOT_AFFORD: "{senders} reserve does not cover the price of {its} sweeteners",
    Refusal.EXCLUSIVE: "already in another exclusive bloc",
    Refusal.OFFER_LIMIT: "{sender} had already made {its} most offers this turn",
    Refusal.TABLE_FULL: "the table of open offers was full",
    Refusal.MALFORMED: "the order's kind or term is not valid",
    Refusal.JOINED_ELSEWHERE: "{joiner} joined by another membership offer answered that turn",
    Refusal.BARRED_JOINING: "a nation barred from working with {joiner} joined the bloc that turn",
}


#: The catalog table that names each cause kind's id (kinds absent here have no id).
_CAUSE_TABLES = {
    "refund": "bloc_ids",
    "pledged": "bloc_ids",
    "spill_over": "bloc_ids",
    "mission_refund": "mission_ids",
    "mission": "mission_ids",
    "mission_absorbed": "mission_ids",
    "absorbed": "milestone_ids",
    "milestone": "milestone_ids",
    "milestone_failure": "milestone_ids",
    "event": "scripted_ids",
    "random_event": "random_ids",
}

#: Each ledger cause kind in words; ``{}`` is the name of the cause's id where it has one.
CAUSE_WORDS = {
    "growth": "the economy's growth",
    "support_factor": "public support's effect on the budget",
    "withdrawn": "last turn's reserve taken into this turn's money",
    "banked": "money put in the reserve",
    "pledged": "your bloc share, held in the reserve, paid into {}, which you joined",
    "absorbed": "the reserve spent making good the failed {} attempt",
    "mission_absorbed": "the reserve spent making good the failed {}",
    "refund": "programme money {} could not use",
    "mission_refund": "money beyond the cost of {}",
    "milestone": "your share of the {} success",
    "milestone_failure": "your share of the failed {} attempt",
    "mission": "{} flown",
    "event": "{}",
    "random_event": "{}",
    "research": "own research",
    "decay": "no research spending",
    "spill_over": "sharing within {}",
    "transfer": "technology-transfer deals",
    "held": "seats and payload held on partners' missions",
    "sweeteners": "the price of seats, payload slots and technology given to others",
    "prestige": "prestige won or lost this turn",
    "reversion": "the pull back toward its usual level",
    "bound": "kept within its range",
    "injected": "an event set by the facilitator",
}

#: The catalog table that names each cause's id in words.
_CAUSE_NAMES = {
    "refund": "bloc_names",
    "pledged": "bloc_names",
    "spill_over": "bloc_names",
    "mission_refund": "mission_names",
    "mission": "mission_names",
    "mission_absorbed": "mission_names",
    "absorbed": "milestone_names",
    "milestone": "milestone_names",
    "milestone_failure": "milestone_names",
    "event": "scripted_titles",
    "random_event": "random_titles",
}

#: Offer kinds as a player says them.
OFFER_WORDS = {
    "invite": "invitation",
    "apply": "application",
    "tech_transfer": "technology deal",
    "funding": "funding deal",
    "launch_seat": "seat offer",
    "payload_slot": "payload offer",
}


def cause_id(catalog, kind: str, index: int) -> str | None:
    """The scenario's id of a ledger cause (None for causes without one)."""
    table = _CAUSE_TABLES.get(kind)
    if table is None or index < 0:
        return None
    return getattr(catalog, table)[index]


def cause_words(catalog, kind: str, index: int) -> str:
    """A ledger cause in words: "the economy's growth", "Space agency scandal"."""
    table = _CAUSE_NAMES.get(kind)
    name = ""
    if table is not None:
        names = getattr(catalog, table)
        name = names[index] if 0 <= index < len(names) else "?"
    return CAUSE_WORDS[kind].format(name)


@dataclass(frozen=True, slots=True)
class Cause:
    """One ledger row of one nation's figure: its cause and the amount it changed the figure."""

    kind: str
    index: int
    amount: float


def figure_causes(ledger, quantity: str, w: int, i: int) -> list[Cause]:
    """The ledger's rows of nation ``i``'s ``quantity`` in world position ``w``, largest
    first (by size; ties keep the ledger's order), zero rows left out."""
    causes, table = ledger.table(quantity)
    rows = [
        Cause(kind, index, float(table[w, i, c]))
        for c, (kind, index) in enumerate(causes)
        if table[w, i, c] != 0.0
    ]
    rows.sort(key=lambda row: -abs(row.amount))
    return rows


def money(value: float, per: str = "") -> str:
    """US$ billions as a person reads them, ``per`` a period ("yr") when it is a rate.

    Below a billion in millions (a small nation's budget is never "$0.00 B"), with one
    decimal below 10 million (a small nation's 10% of a turn is US$ 2.5 M, not "$2 M");
    two decimals below 10 billion, one above.
    """
    value = float(value)
    unit = f"/{per}" if per else ""
    if abs(value) < 0.00995:
        return f"${value * 1000:.1f} M{unit}"
    if abs(value) < 1:
        return f"${value * 1000:.0f} M{unit}"
    return f"${value:.2f} B{unit}" if abs(value) < 10 else f"${value:.1f} B{unit}"


def money_precision(value: float) -> float:
    """Half the last digit ``money`` shows for an amount of about ``value`` (US$ B): what
    rounds away at that size (a US$ 0.3 M line beside a US$ 2 B one is not shown apart)."""
    value = abs(float(value))
    if value < 0.00995:
        return 0.00005
    return 0.0005 if value < 1 else 0.005 if value < 10 else 0.05


def _money_a_year(value: float) -> str:
    return money(value) + " a year"


#: Each figure a turn explains: (label, scale, format, precision). Money is formatted by
#: ``money`` in the units its size calls for, and its precision follows the largest amount
#: of the change (``money_precision``); the others have one format and precision each.
FIGURES = {
    "budget": ("Budget", 1.0, _money_a_year, None),
    "support": ("Support", 100.0, "{:.1f} pt", 0.05),
    "prestige": ("Prestige", 1.0, "{:.1f}", 0.05),
    "reserve": ("Reserve", 1.0, money, None),
    "tech": ("{domain}", 1.0, "{:.3f}", 0.0005),
}


@dataclass(frozen=True, slots=True)
class Why:
    """A figure's change and every cause of it, as the ledger recorded them.

    ``change`` is the sum of every row; ``shown`` the rows large enough to show at the
    figure's precision (cause words, amount), largest first, and ``rest`` what the others add
    up to, told as ``rest_words`` (their causes by name), so ``sum(shown) + rest == change``.
    Causes that cancel out are still shown: a change of nothing reads "no net change".
    """

    quantity: str
    change: float
    shown: tuple[tuple[str, float], ...]
    rest: float
    text: str
    rest_words: str = ""


def figure_why(catalog, ledger, quantity: str, w: int, i: int) -> Why | None:
    """Nation ``i``'s change of ``quantity`` ("budget", ..., "tech.<d>") with each of its
    causes by name in one sentence, or None when nothing moved it enough to show."""
    base, _, dom = quantity.partition(".")
    label, scale, fmt, eps = FIGURES[base]
    if dom:
        label = catalog.domain_ids[int(dom)].replace("_", " ").capitalize()
    rows = figure_causes(ledger, quantity, w, i)
    change = sum(row.amount for row in rows)
    if eps is None:  # money: the precision of the largest amount said
        eps = money_precision(max([abs(change), *(abs(row.amount) for row in rows)]))
    # a row is shown when it shows at the figure's precision (eps: half its last digit)
    big = [row for row in rows if abs(row.amount) * scale >= eps]
    if abs(change) * scale < eps and not big:
        return None
    shown = tuple((cause_words(catalog, row.kind, row.index), row.amount) for row in big)
    small = [row for row in rows if abs(row.amount) * scale < eps]
    rest = change - sum(amount for _, amount in shown)
    amount_fmt = money if callable(fmt) else fmt.split(" ")[0]
    parts = [f"{words} {signed(amount * scale, amount_fmt)}" for words, amount in shown]
    rest_words = ""
    if small and abs(rest) * scale >= eps:
        # rows each too small to show, whose sum is not: named together
        rest_words = " and ".join(
            dict.fromkeys(cause_words(catalog, r.kind, r.index) for r in small)
        )
        parts.append(f"{rest_words} {signed(rest * scale, amount_fmt)}")
    head = (
        f"{label} {signed(change * scale, fmt)}"
        if abs(change) * scale >= eps
        else f"{label}, no net change"
    )
    text = f"{head}: " + ", ".join(parts) + "."
    return Why(quantity, change, shown, rest, text, rest_words)


def signed(value: float, fmt: str | Callable[[float], str] = "{:.2f}") -> str:
    """``+0.20`` / ``−0.40`` with a true minus sign; a change that rounds to nothing has no
    sign (``0.00``: a paired difference of -0.001 is no loss)."""
    text = fmt(abs(value)) if callable(fmt) else fmt.format(abs(value))
    if not any(ch in "123456789" for ch in text):  # every digit shown is a zero
        return text
    return f"+{text}" if value >= 0 else f"−{text}"


def from_to(was: float, now: float, diff: float, places: int = 1) -> tuple[str, str, str]:
    """``was``, ``now`` and their (paired) difference ``diff`` at one precision where they
    agree: "62.7 → 62.8 (+0.2)" read as a sum that does not add up, so a place is added
    (one more at most) where the shown difference is not the shown ends' difference; where
    the three still round apart, the difference shown is the shown ends' (one unit of the
    last place from ``diff`` at most)."""
    for p in (places, places + 1):
        fmt = f"{{:.{p}f}}"
        a, b, d = fmt.format(was), fmt.format(now), signed(diff, fmt)
        if abs((float(b) - float(a)) - float(d.replace("−", "-"))) < 0.5 * 10.0**-p:
            return a, b, d
    return a, b, signed(float(b) - float(a), fmt)


def possessive(name: str) -> str:
    """ "China's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# ---------------------------------------------------------------------------- events


class _Names:
    """Names from a Catalog for one viewer, tolerant of the -1 'none' index."""

    def __init__(self, catalog, viewer: int | None):
        self.c = catalog
        self.viewer = viewer

    @staticmethod
    def _pick(names, x: int, none: str) -> str:
        return names[x] if 0 <= x < len(names) else none

    def who(self, i: int) -> str:
        return "you" if i == self.viewer else self._pick(self.c.nation_names, i, "a nation")

    def whose(self, i: int) -> str:
        return "your" if i == self.viewer else possessive(self.who(i))

    def bloc(self, k: int) -> str:
        return self._pick(self.c.bloc_names, k, "no bloc")

    def milestone(self, m: int) -> str:
        return self._pick(self.c.milestone_names, m, "a milestone")

    def mission(self, q: int) -> str:
        return self._pick(self.c.mission_names, q, "a mission")


def _offer(names: _Names, kind: int, k: int) -> str:
    """An offer of ``kind`` (an ``OFFER_KINDS`` index, -1 unknown) in words."""
    if kind == KIND["invite"]:
        return f"invitation to {names.bloc(k)}" if k >= 0 else "invitation"
    if kind == KIND["apply"]:
        return f"application to {names.bloc(k)}" if k >= 0 else "application"
    return OFFER_WORDS[OFFER_KINDS[kind]] if 0 <= kind < len(OFFER_KINDS) else "offer"


def offer_kind_of_row(ev, r: int, before=None, w: int = 0) -> int:
    """The ``OFFER_KINDS`` index an offer row is about (-1 if the record cannot say).

    Answers and refusals carry the kind in ``value``; an expiry names only its slot in the
    table of the turn's starting State ``before``.
    """
    code = EVENT_CODES[int(ev.code[r])]
    if code in ("offer_accepted", "offer_rejected", "offer_refused"):
        return int(ev.value[r])
    slot = int(ev.item[r])
    if before is not None and 0 <= slot < before.offers.kind.shape[1]:
        return int(before.offers.kind[w, slot])
    return -1


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tried(ev, r: int, other: str) -> bool:
    """Whether the turn's log holds an ``other`` row for the same world, bloc and milestone
    as row ``r`` (a failure and a success of one milestone in one turn: it was tried twice)."""
    same = (
        (ev.code == EVENT_CODES.index(other))
        & (ev.world == ev.world[r])
        & (ev.bloc == ev.bloc[r])
        & (ev.item == ev.item[r])
    )
    return bool(same.any())


def event_sentence(
    catalog, ev, r: int, viewer: int | None = None, before=None, w: int = 0, injected=()
):
    """Row ``r`` of an Events record as one sentence, or None for a code without words.

    ``before`` (the State the turn started from, world position ``w``) names the offer an
    expiry is about; ``viewer`` is told as "you"; ``injected`` (the turn's
    ``Orders.injected``) gives a facilitator's event its words.
    """
    names = _Names(catalog, viewer)
    code = EVENT_CODES[int(ev.code[r])] if 0 <= int(ev.code[r]) < len(EVENT_CODES) else ""
    i, j, k, item = int(ev.nation[r]), int(ev.other[r]), int(ev.bloc[r]), int(ev.item[r])
    value = float(ev.value[r])
    if code == "joined":
        return f"{_cap(names.who(i))} joined {names.bloc(k)}."
    if code == "left":
        return f"{_cap(names.who(i))} left {names.bloc(k)}."
    if code.startswith("offer_"):
        kind = offer_kind_of_row(ev, r, before, w)
        what = _offer(names, kind, k)
        if code in ("offer_accepted", "offer_rejected"):
            verb = "accepted" if code == "offer_accepted" else "declined"
            # an answer the target gave in its orders, not its weighing of the offer
            own = " by its own decision" if int(ev.reason[r]) == ANSWERED_BY_ORDER else ""
            return f"{_cap(names.who(j))} {verb} {names.whose(i)} {what}{own}."
        target = f" to {names.who(j)}" if j >= 0 else ""
        if code == "offer_expired":
            return f"{_cap(names.whose(i))} {what}{target} expired unanswered."
        # the rule that refused it, as the engine recorded it
        joiner = j if kind == KIND["invite"] else i if kind == KIND["apply"] else -1
        rule = refusal_words(int(ev.reason[r]), catalog, i, joiner, viewer)
        because = f": {rule}" if rule else ""
        if int(ev.reason[r]) == Refusal.JOINED_ELSEWHERE:
            # not a rule against it: the joiner took another membership offer the same turn
            return f"{_cap(names.whose(i))} {what}{target} was set aside{because}."
        return f"{_cap(names.whose(i))} {what}{target} was refused by the rules{because}."
    if code == "milestone_success":
        # a failure of the same milestone earlier in the turn: this was its second attempt
        again = " on a second attempt this turn" if _tried(ev, r, "milestone_failure") else ""
        return f"{names.bloc(k)} completed {names.milestone(item)}{again} (+{value:.0f} prestige)."
    if code == "milestone_failure":
        later = (
            "; a second attempt later in the turn succeeded"
            if _tried(ev, r, "milestone_success")
            else ""
        )
        # the engine's value is the loss left after the reserves paid: said when it shows
        if value < 0.00005:
            return (
                f"{names.bloc(k)} failed {names.milestone(item)}: the members' reserves made "
                f"good the progress it would have lost{later}."
            )
        return (
            f"{names.bloc(k)} failed {names.milestone(item)}: {money(value)} of progress "
            f"lost{later}."
        )
    if code == "mission_success":
        return f"{_cap(names.who(i))} flew {names.mission(item)}."
    if code == "mission_failure":
        # "X lost its lander" read as if someone took it: say the mission failed
        return f"{_cap(names.whose(i))} {names.mission(item)} failed."
    if code in ("scripted_event", "random_event"):
        c = catalog
        titles, texts = (
            (c.scripted_titles, c.scripted_texts)
            if code == "scripted_event"
            else (c.random_titles, c.random_texts)
        )
        title = titles[item] if 0 <= item < len(titles) else "Event"
        body = (texts[item] if 0 <= item < len(texts) else "").strip()
        struck = f" ({names.who(i)})" if code == "random_event" else ""
        return f"{title}{struck}. {body}".strip()
    if code == "injected_event":
        inj = injected[item] if 0 <= item < len(injected) else None
        title = (inj.title if inj is not None else "") or "An event set by the facilitator"
        body = (inj.text if inj is not None else "").strip()
        struck = f" ({names.who(i)})" if i >= 0 else ""
        return f"{title}{struck}. {body}".strip()
    if code == "victory":
        how = "built the first permanent base" if value >= 1 else "leads at the end date"
        return f"{names.bloc(k)} {how} and wins."
    if code == "game_over":
        # a base built early ends the game too: say which ending this was
        victory = EVENT_CODES.index("victory")
        by_base = (ev.code == victory) & (ev.world == ev.world[r]) & (ev.value >= 1)
        if by_base.any():
            return "A permanent base is built: the game is over."
        return "The end date is reached: the game is over."
    return None


def victory_why(catalog, ledger, rules, w: int = 0) -> str | None:
    """Why the bloc that won this turn won, in plain words, from the rule the victory phase
    booked in the ledger (``victory.WIN_RULES``): who completed a base, when in the turn,
    and the bloc scores a tie went to; then each other bloc whose attempt at its base failed
    that turn, at the chance the programmes phase booked (``blocs["attempted"]``,
    ``blocs["chance"]``). None when nobody won this turn (or no ledger says)."""
    booked = getattr(ledger, "blocs", None) or {}
    if "won_by" not in booked or not 0 < int(booked["won_by"][w]) < len(WIN_RULES):
        return None
    said = _won_why(catalog, booked, rules.bloc_score_mode, w)
    failed = _failed_bases(catalog, booked, rules, w)
    return f"{said} {failed}" if failed else said


def _failed_bases(catalog, booked, rules, w: int) -> str:
    """The blocs that attempted their base this turn and did not complete it, as booked."""
    if "attempted" not in booked or "chance" not in booked:
        return ""
    tried = booked["attempted"][w] & np.asarray(rules.ms_base, bool)
    at = booked["base_at"][w]
    said = []
    for m in np.flatnonzero(tried):
        k = int(rules.ms_bloc[m])
        if np.isfinite(at[k]):
            continue  # it completed a base this turn (after a failed try, or another one)
        chance = float(booked["chance"][w, m]) * 100
        said.append(
            f"{possessive(catalog.bloc_names[k])} attempt at its base, "
            f"{catalog.milestone_names[m]}, failed (chance {chance:.0f}%)"
        )
    return (_cap("; ".join(said)) + ".") if said else ""


def _won_why(catalog, booked, bloc_score_mode: int, w: int) -> str:
    """The rule that chose the winner, in words (see ``victory_why``)."""
    rule, at = WIN_RULES[int(booked["won_by"][w])], booked["base_at"][w]
    score = booked["deciding_score"][w]
    names = catalog.bloc_names

    def scored(k: int) -> str:
        if bloc_score_mode == 1:
            return f"{names[k]} {score[k]:.1f} (its members' prestige)"
        return f"{names[k]} {score[k] * 100:.0f}% of its programme done"

    built = [int(k) for k in np.flatnonzero(np.isfinite(at))]
    order = sorted(range(len(names)), key=lambda k: -score[k])
    if rule == "base_alone":
        return f"{names[built[0]]} was the only bloc to complete its base."
    both = " and ".join(names[k] for k in built)
    tops = [k for k in built if at[k] <= np.nanmin(at) + 1e-12]
    if rule == "base_first":
        when = ", ".join(f"{names[k]}'s at {at[k] * 100:.0f}%" for k in sorted(built, key=at.item))
        return (
            f"{both} each completed a base in the last turn ({when} of the way through it): the "
            f"first base completed wins, and {names[tops[0]]}'s was first."
        )
    same = f"{both} completed their bases at the same moment of the turn"
    if rule == "base_score":
        ranked = "; ".join(scored(k) for k in order if k in tops)
        return f"{same}: the higher bloc score wins ({ranked})."
    if rule == "base_order":
        return (
            f"{same} with the same bloc score ({scored(tops[0])}): the rules then give it to "
            f"the bloc listed first in the scenario, {names[tops[0]]}."
        )
    ranked = "; ".join(scored(k) for k in order)
    if rule == "end_score":
        return f"No bloc built a base by the end date: the highest bloc score wins ({ranked})."
    return (
        f"No bloc built a base by the end date, and the highest bloc scores tied ({ranked}): "
        "the rules then give it to the bloc listed first in the scenario."
    )


def sending_words(code: int, kind: str, catalog=None, sender: int = -1, target: int = -1) -> str:
    """Why ``sender``'s offer of ``kind`` to ``target`` cannot be sent (refusal ``code``),
    told to the sender."""
    if code in (Refusal.NO_SUCH_NATION, Refusal.SELF):
        return "choose another nation"
    if code == Refusal.NOT_A_MEMBER or (kind == "invite" and code == Refusal.NO_SUCH_BLOC):
        return "you are in no bloc to invite anyone into"
    if code == Refusal.ALREADY_MEMBER:
        return "they are already in your bloc" if kind == "invite" else "you are already a member"
    if code == Refusal.NO_SUCH_BLOC:
        return "choose the bloc to apply to"
    joiner = target if kind == "invite" else sender if kind == "apply" else -1
    return refusal_words(code, catalog, sender, joiner, viewer=sender)


def refusal_words(
    code: int, catalog=None, sender: int = -1, joiner: int = -1, viewer: int | None = None
) -> str | None:
    """The reason for refusal code ``code`` in words, or None when the offer is allowed.

    The side a reason is about is named for ``viewer``: "your reserve" when the viewer sent
    the offer, "India's reserve" for another nation of ``catalog``; without either,
    "the sender's reserve" (a nation index of -1 is unknown).
    """
    if int(code) == Refusal.OK:
        return None

    def who(i: int, unknown: str) -> str:
        if i >= 0 and i == viewer:
            return "you"
        names = catalog.nation_names if catalog is not None else ()
        return names[i] if 0 <= i < len(names) else unknown

    name = who(sender, "the sender")
    return REFUSAL_WORDS[Refusal(int(code))].format(
        sender=name,
        senders="your" if name == "you" else possessive(name),
        its="your" if name == "you" else "its",
        joiner=who(joiner, "the joining nation"),
    )


def counted(n: float, noun: str, plural: str | None = None) -> str:
    """A number and its noun, the noun singular for exactly one: "1 turn", "3 turns",
    "0.5 years" (every count a player reads goes through here: "1 turns left" was seen)."""
    word = noun if float(n) == 1 else plural or f"{noun}s"
    return f"{n:g} {word}" if isinstance(n, float) else f"{n} {word}"


def turn_length(years: float) -> str:
    """A turn's length in words ("6 months", "1 year"): a turn's spending beside a yearly
    budget reads as a part of it, not as a second budget."""
    months = round(12 * years)
    if months % 12 == 0:
        return counted(months // 12, "year")
    return counted(months, "month")
