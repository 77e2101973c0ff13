"""Semantic checks of a scenario: small passes, every problem collected in one go.

Spec card:
    What: ``check(data, root) -> list[Problem]`` over the *plain* data (dicts and lists) with
        the located tree for places, so these checks run even when pydantic found type errors
        elsewhere, and a designer sees everything at once.
    Passes (one concern each, in ``PASSES``): calendar, duplicate ids, nations, relations,
        blocs (membership, leader, base milestone), programmes (prerequisites, cycles),
        missions, offers, constraints, events, playability; each tolerates malformed parts
        (pydantic reports those) and names the object and the dangling reference, with the
        closest valid name.
    Severity: errors block play; warnings (e.g. a playable nation without a briefing) don't.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeGuard

from game.safeio import text_problem
from game.scenario.errors import Problem, Severity
from game.scenario.source import Node, locate

MIN_TURNS = 1
MAX_TURNS = 200
#: Objective kinds and the reference each one needs.
OBJECTIVE_NEEDS = {
    "in_bloc": "bloc",
    "not_in_bloc": "bloc",
    "bloc_wins": "bloc",
    "contribution_share_at_least": "bloc",
    "milestone_done": "milestone",
    "tech_at_least": "domain",
}
#: Condition kinds and the references each one needs.
CONDITION_NEEDS = {
    "milestone_done": ("milestone",),
    "milestone_failed": ("milestone",),
    "bloc_size_at_least": ("bloc",),
    "member_of": ("nation", "bloc"),
    "not_member_of": ("nation", "bloc"),
    "prestige_at_least": ("nation",),
    "support_below": ("nation",),
    "budget_below": ("nation",),
}
#: Offer kinds that concern a bloc and must name it.
OFFERS_WITH_BLOC = ("invite", "apply")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def month_index(text: Any) -> int | None:
    """Months since year 0 of a ``YYYY-MM`` string, or None when it is not one."""
    match = _MONTH.match(text) if isinstance(text, str) else None
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return int(match[1]) * 12 + int(match[2]) - 1


def turn_count(start: str, end: str, turn_months: int) -> int:
    """Turns in a game: the turns that start before ``end`` (the last one is cut short).

    Raises:
        ValueError: When ``start`` or ``end`` is not a ``YYYY-MM`` month (callers pass
            calendars that were checked already, so this is a programming error).
    """
    first, last = month_index(start), month_index(end)
    if first is None or last is None:
        raise ValueError(f"not a YYYY-MM month: {start!r} .. {end!r}")
    return max(0, math.ceil((last - first) / turn_months))


class Checker:
    """Holds the data, the place finder and the problems; passes add to it."""

    def __init__(self, data: dict, root: Node) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.root = root
        self.problems: list[Problem] = []
        self.nations = self.ids(("nations",))
        self.blocs = self.ids(("blocs",))
        domains = self.data.get(
            "domains", ["launch", "landing", "life_support", "isru", "robotics"]
        )
        domains = domains if _is_list(domains) else []
        self.domains = {d: ("domains", i) for i, d in enumerate(domains) if isinstance(d, str)}
        self.milestones: dict[str, tuple] = {}
        self.milestone_bloc: dict[str, str] = {}
        for bloc_path, bloc in self.items(("blocs",)):
            for path, milestone in self.items((*bloc_path, "program")):
                ident = milestone.get("id")
                if isinstance(ident, str):
                    self.milestones.setdefault(ident, path)
                    self.milestone_bloc.setdefault(ident, _str(bloc.get("id")))
        self.pairs = self.ids(("constraints", "forbidden_pairs"))
        #: nation -> (bloc id, path) of its first membership, filled by check_blocs.
        self.member_of: dict[str, tuple[str, tuple]] = {}

    # ------------------------------------------------------------------ helpers

    def get(self, path: tuple) -> Any:
        cur: Any = self.data
        for part in path:
            if isinstance(cur, dict) and isinstance(part, str):
                cur = cur.get(part)
            elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
                cur = cur[part]
            else:
                return None
        return cur

    def items(self, path: tuple) -> Iterator[tuple[tuple, dict]]:
        """(path, item) for each mapping in the list at ``path``; other items are skipped."""
        value = self.get(path)
        if _is_list(value):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield (*path, i), item

    def ids(self, path: tuple) -> dict[str, tuple]:
        """id -> path of its first item, for the list at ``path``."""
        out: dict[str, tuple] = {}
        for item_path, item in self.items(path):
            ident = item.get("id")
            if isinstance(ident, str):
                out.setdefault(ident, item_path)
        return out

    def add(self, path: tuple, message: str, hint: str = "", severity: Severity = "error") -> None:
        src = locate(self.root, path)
        self.problems.append(Problem(src.file, src.line, src.column, severity, message, hint))

    def ref(self, path: tuple, what: str, known: dict | set, owner: str) -> bool:
        """Check that the value at ``path`` names a known ``what``; report it otherwise."""
        value = self.get(path)
        if not isinstance(value, str) or value in known:
            return isinstance(value, str)
        self.add(
            path, f"{owner} refers to an unknown {what} '{value}'", suggest(value, known, what)
        )
        return False

    def refs(self, path: tuple, what: str, known: dict | set, owner: str) -> list[str]:
        """Check a list of references (or the word 'all'); return the known ones."""
        value = self.get(path)
        if value == "all" or not _is_list(value):
            return list(known) if value == "all" else []
        return [v for i, v in enumerate(value) if self.ref((*path, i), what, known, owner)]

    def domain_keys(self, path: tuple, owner: str, verb: str) -> None:
        """Check that every key of the mapping at ``path`` is a declared technology domain."""
        value = self.get(path)
        if not isinstance(value, dict):
            return
        for domain in value:
            if _is_id(domain) and domain not in self.domains:
                self.add(
                    (*path, domain, "[key]"),
                    f"{owner} {verb} an undeclared technology domain '{domain}'",
                    suggest(domain, self.domains, "domain"),
                )

    def line_of(self, path: tuple) -> int:
        return locate(self.root, path).line

    def nation_sets(self, path: tuple, owner: str, keys: tuple = ("nations", "others")) -> None:
        for key in keys:
            self.refs((*path, key), "nation", self.nations, owner)


def suggest(value: str, known: dict | set, what: str) -> str:
    """A did-you-mean hint for a reference, or the list of choices when there are few."""
    names = [str(k) for k in known]
    same_case = [n for n in names if n.lower() == value.lower()]
    near = same_case or difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    if not names:
        return f"no {what} is declared"
    if len(names) <= 8:
        return f"known: {', '.join(names)}"
    return f"check the spelling against the {what} ids"


def label(kind: str, item: dict, path: tuple) -> str:
    ident = item.get("id")
    return f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} #{path[-1] + 1}"


def _is_id(value: Any) -> bool:
    """Whether a value has the form of an id (otherwise pydantic already reports it)."""
    return isinstance(value, str) and _ID.match(value) is not None


def _is_list(value: Any) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- passes


def check_calendar(c: Checker) -> None:
    meta = c.get(("meta",))
    if not isinstance(meta, dict):
        return
    start, end = month_index(meta.get("start")), month_index(meta.get("end"))
    if start is None or end is None:
        return
    if end <= start:
        c.add(
            ("meta", "end"),
            f"the end ({meta['end']}) is not after the start ({meta['start']})",
            "the game runs from 'start' up to 'end'",
        )
        return
    step = meta.get("turn_months", 6)
    if isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= 24:
        turns = turn_count(meta["start"], meta["end"], step)
        if turns > MAX_TURNS:
            c.add(
                ("meta", "end"),
                f"the game would last {turns} turns; at most {MAX_TURNS} are allowed",
                "bring the end closer or make turns longer ('turn_months')",
            )
    for path, event in c.items(("events", "scripted")):
        date = month_index(event.get("date"))
        if date is not None and not start <= date < end:
            c.add(
                (*path, "date"),
                f"{label('event', event, path)} is dated {event['date']}, outside the game "
                f"({meta['start']} to {meta['end']})",
                "events must fall on or after 'start' and before 'end'",
            )


def check_duplicate_ids(c: Checker) -> None:
    def dupes(kind: str, places: list[tuple]) -> None:
        seen: dict[str, tuple] = {}
        for path in places:
            ident = c.get((*path, "id"))
            if not isinstance(ident, str):
                continue
            if ident in seen:
                c.add(
                    (*path, "id"),
                    f"the {kind} id '{ident}' is used twice (first at line {c.line_of(seen[ident])})",
                    f"every {kind} needs its own id",
                )
            else:
                seen[ident] = path

    def paths(path: tuple) -> list[tuple]:
        return [p for p, _ in c.items(path)]

    dupes("nation", paths(("nations",)))
    dupes("bloc", paths(("blocs",)))
    dupes("milestone", [p for bloc, _ in c.items(("blocs",)) for p in paths((*bloc, "program"))])
    dupes("mission", paths(("missions",)))
    added = []
    for kind in ("scripted", "random"):
        for event_path, _ in c.items(("events", kind)):
            for effect_path, effect in c.items((*event_path, "effects")):
                if effect.get("type") == "add_offer" and isinstance(effect.get("offer"), dict):
                    added.append((*effect_path, "offer"))
    dupes("offer", paths(("offers",)) + added)
    dupes("event", paths(("events", "scripted")) + paths(("events", "random")))
    dupes("forbidden pair", paths(("constraints", "forbidden_pairs")))
    domains = c.get(("domains",))
    if _is_list(domains):
        seen: set = set()
        for i, domain in enumerate(domains):
            if not isinstance(domain, str):
                continue
            if domain in seen:
                c.add(("domains", i), f"the domain '{domain}' is listed twice")
            seen.add(domain)


def check_nations(c: Checker) -> None:
    for path, nation in c.items(("nations",)):
        owner = label("nation", nation, path)
        c.domain_keys((*path, "tech"), owner, "has a level in")
        for obj_path, objective in c.items((*path, "objectives")):
            need = OBJECTIVE_NEEDS.get(_str(objective.get("kind")))
            where = f"an objective of {owner}"
            if need and objective.get(need) is None:
                c.add(
                    obj_path,
                    f"{where} of kind '{objective['kind']}' needs '{need}:'",
                    f"add '{need}: <id>'",
                )
            c.ref((*obj_path, "bloc"), "bloc", c.blocs, where)
            c.ref((*obj_path, "milestone"), "milestone", c.milestones, where)
            c.ref((*obj_path, "domain"), "domain", c.domains, where)
    default = c.get(("meta", "default_nation"))
    if c.ref(("meta", "default_nation"), "nation", c.nations, "meta.default_nation"):
        nation = c.get(c.nations[default])
        if isinstance(nation, dict) and nation.get("playable", True) is False:
            c.add(
                ("meta", "default_nation"),
                f"the default nation '{default}' is not playable",
                "pick a playable nation, or set 'playable: true' on it",
            )


def check_relations(c: Checker) -> None:
    seen: dict[frozenset, tuple] = {}
    for path, relation in c.items(("relations",)):
        between = relation.get("between")
        if not _is_list(between) or len(between) != 2:
            continue
        known = [c.ref((*path, "between", i), "nation", c.nations, "a relation") for i in (0, 1)]
        if not all(known):
            continue
        if between[0] == between[1]:
            c.add((*path, "between"), f"a relation between '{between[0]}' and itself")
            continue
        key = frozenset(between)
        if key in seen:
            c.add(
                (*path, "between"),
                f"the relation between '{between[0]}' and '{between[1]}' is given twice "
                f"(first at line {c.line_of(seen[key])})",
                "keep one of them",
            )
        seen.setdefault(key, path)


def check_blocs(c: Checker) -> None:
    member_of = c.member_of
    for path, bloc in c.items(("blocs",)):
        owner = label("bloc", bloc, path)
        leader_ok = c.ref((*path, "leader"), "nation", c.nations, owner)
        founders = c.refs((*path, "founders"), "nation", c.nations, owner)
        members = c.refs((*path, "members"), "nation", c.nations, owner)
        leader = bloc.get("leader")
        if not _is_list(bloc.get("members", [])):
            continue  # pydantic reports the type; membership checks would only add noise
        if leader_ok and leader not in members:
            c.add(
                (*path, "leader"),
                f"the leader of {owner}, '{leader}', is not among its members",
                f"add {leader} to 'members'",
            )
        for founder in founders:
            if founder not in members:
                i = bloc["founders"].index(founder)
                c.add(
                    (*path, "founders", i),
                    f"'{founder}' founded {owner} but is not a member at the start",
                    "founders are normally members too",
                    "warning",
                )
        seen: set[str] = set()
        given = bloc.get("members")
        listed = given if _is_list(given) else []
        for i, nation in enumerate(listed):
            if nation not in members:
                continue
            if nation in seen:
                c.add((*path, "members", i), f"'{nation}' is listed twice in {owner}'s members")
                continue
            seen.add(nation)
            if nation in member_of and member_of[nation][0] != bloc.get("id"):
                other = member_of[nation][0]
                c.add(
                    (*path, "members", i),
                    f"'{nation}' is a member of both bloc '{other}' and {owner} at the start",
                    "a nation is in one bloc at most",
                )
            else:
                member_of[nation] = (_str(bloc.get("id")), (*path, "members", i))
        if leader_ok and not {m for m in listed if isinstance(m, str)} - {leader}:
            c.add(
                (*path, "members"),
                f"{owner} has no members besides its leader",
                "allowed, but it has to win members during the game",
                "warning",
            )


def check_programs(c: Checker) -> None:
    for bloc_path, bloc in c.items(("blocs",)):
        owner = label("bloc", bloc, bloc_path)
        own: dict[str, tuple] = {}
        bases = []
        for path, milestone in c.items((*bloc_path, "program")):
            ident = milestone.get("id")
            if isinstance(ident, str):
                own.setdefault(ident, path)
            if milestone.get("base") is True:
                bases.append(path)
            c.domain_keys((*path, "domains"), label("milestone", milestone, path), "needs")
        if not bases and own:
            c.add(
                (*bloc_path, "program"),
                f"{owner} has no milestone marked 'base: true' (the permanent base)",
                "mark the last milestone of its programme with 'base: true'",
            )
        for extra in bases[1:]:
            c.add(
                (*extra, "base"),
                f"{owner} has more than one 'base: true' milestone "
                f"(first at line {c.line_of(bases[0])})",
                "keep 'base: true' on one milestone only",
            )
        graph: dict[str, list[str]] = {}
        for path, milestone in c.items((*bloc_path, "program")):
            name = label("milestone", milestone, path)
            requires = milestone.get("requires")
            if not _is_list(requires):
                continue
            ident = _str(milestone.get("id"))
            for i, need in enumerate(requires):
                if not isinstance(need, str):
                    continue
                at = (*path, "requires", i)
                if need == ident:
                    c.add(at, f"{name} requires itself")
                elif need in own:
                    graph.setdefault(ident, []).append(need)
                elif need in c.milestone_bloc:
                    c.add(
                        at,
                        f"{name} requires '{need}', which belongs to another bloc "
                        f"('{c.milestone_bloc[need]}')",
                        "prerequisites must be in the same programme",
                    )
                else:
                    c.add(
                        at,
                        f"{name} requires an unknown milestone '{need}'",
                        suggest(need, own, "milestone"),
                    )
        for cycle in _cycles(graph):
            path = own[cycle[0]]
            c.add(
                (*path, "requires"),
                f"the prerequisites of {owner} go round in a circle: {' -> '.join(cycle)}",
                "remove one of these requirements",
            )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once, as a list of ids that starts and ends with the same id."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                on_path.append(node)
            nexts = graph.get(node, [])
            if i < len(nexts):
                stack.append((node, i + 1))
                nxt = nexts[i]
                if nxt in on_path:
                    found.append([*on_path[on_path.index(nxt) :], nxt])
                elif nxt not in done:
                    stack.append((nxt, 0))
            else:
                on_path.pop()
                done.add(node)
    return found


def check_missions(c: Checker) -> None:
    for path, mission in c.items(("missions",)):
        owner = label("mission", mission, path)
        c.domain_keys((*path, "domains"), owner, "needs")
        c.refs((*path, "open_to"), "nation", c.nations, owner)


def _check_offer(c: Checker, path: tuple, offer: dict) -> None:
    owner = label("offer", offer, path)
    c.ref((*path, "sender"), "nation", c.nations, owner)
    recipients = c.refs((*path, "to"), "nation", c.nations, owner)
    sender = offer.get("sender")
    if offer.get("to") != "all" and sender in recipients:
        i = offer["to"].index(sender)
        c.add((*path, "to", i), f"{owner} is sent by '{sender}' to itself")
    kind = offer.get("kind")
    if kind in OFFERS_WITH_BLOC and offer.get("bloc") is None:
        c.add(path, f"{owner} is an '{kind}' offer but names no bloc", "add 'bloc: <bloc id>'")
    c.ref((*path, "bloc"), "bloc", c.blocs, owner)


def check_offers(c: Checker) -> None:
    for path, offer in c.items(("offers",)):
        _check_offer(c, path, offer)


def check_constraints(c: Checker) -> None:
    member_of = c.member_of
    for path, pair in c.items(("constraints", "forbidden_pairs")):
        owner = label("forbidden pair", pair, path)
        nations = pair.get("nations")
        if not _is_list(nations) or len(nations) != 2:
            continue
        known = [c.ref((*path, "nations", i), "nation", c.nations, owner) for i in (0, 1)]
        if not all(known):
            continue
        a, b = nations
        if a == b:
            c.add((*path, "nations"), f"{owner} pairs '{a}' with itself")
        elif (
            pair.get("active", True) is True
            and a in member_of
            and b in member_of
            and member_of[a][0] == member_of[b][0]
        ):
            c.add(
                (*path, "nations"),
                f"{owner} forbids '{a}' and '{b}' together, but both start in '{member_of[a][0]}'",
                "take one out of the bloc, or set 'active: false'",
            )


def _check_effects(c: Checker, path: tuple, owner: str) -> None:
    for effect_path, effect in c.items((*path, "effects")):
        kind = effect.get("type")
        where = f"an effect of {owner}"
        c.nation_sets(effect_path, where)
        c.ref((*effect_path, "bloc"), "bloc", c.blocs, where)
        if kind in ("forbid_pair", "allow_pair"):
            c.ref((*effect_path, "pair"), "forbidden pair", c.pairs, where)
        if kind == "tech" and effect.get("domain") != "all":
            c.ref((*effect_path, "domain"), "domain", c.domains, where)
        if kind == "add_offer" and isinstance(effect.get("offer"), dict):
            _check_offer(c, (*effect_path, "offer"), effect["offer"])


def check_events(c: Checker) -> None:
    for path, event in c.items(("events", "scripted")):
        owner = label("event", event, path)
        condition = event.get("condition")
        if isinstance(condition, dict):
            where = f"the condition of {owner}"
            at = (*path, "condition")
            for need in CONDITION_NEEDS.get(_str(condition.get("kind")), ()):
                if condition.get(need) is None:
                    c.add(
                        at,
                        f"{where} ('{condition['kind']}') needs '{need}:'",
                        f"add '{need}: <id>'",
                    )
            c.ref((*at, "bloc"), "bloc", c.blocs, where)
            c.ref((*at, "milestone"), "milestone", c.milestones, where)
            c.ref((*at, "nation"), "nation", c.nations, where)
        _check_effects(c, path, owner)
    for path, event in c.items(("events", "random")):
        owner = label("random event", event, path)
        c.refs((*path, "nations"), "nation", c.nations, owner)
        _check_effects(c, path, owner)


def check_playability(c: Checker) -> None:
    playable = 0
    for path, nation in c.items(("nations",)):
        if nation.get("playable", True) is not True:
            continue
        playable += 1
        if not _str(nation.get("briefing")).strip():
            c.add(
                (*path, "id"),
                f"{label('nation', nation, path)} is playable but has no briefing",
                "add 'briefing: ...' so a player knows what this nation wants",
                "warning",
            )
    if c.nations and playable == 0:
        c.add(("nations",), "no nation is playable", "set 'playable: true' on at least one")


def check_text(c: Checker) -> None:
    """Every text (and key) must be drawable: valid Unicode, no NUL or control characters.

    A screen hands these strings to the font renderer, which stops at a NUL; an escape
    sequence in a name would also act on the terminal of anyone running ``check``.
    """
    stack: list[tuple[tuple, Any]] = [((), c.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                problem = text_problem(key) if isinstance(key, str) else None
                if problem:
                    c.add((*path, key, "[key]"), f"the key {problem}", "retype it")
                stack.append(((*path, key), child))
        elif isinstance(value, list):
            stack.extend(((*path, i), child) for i, child in enumerate(value))
        elif isinstance(value, str):
            problem = text_problem(value)
            if problem:
                c.add(path, f"this text {problem}", "remove it (was the text pasted?)")


PASSES: list[Callable[[Checker], None]] = [
    check_text,
    check_calendar,
    check_duplicate_ids,
    check_nations,
    check_relations,
    check_blocs,
    check_programs,
    check_missions,
    check_offers,
    check_constraints,
    check_events,
    check_playability,
]


def check(data: Any, root: Node) -> list[Problem]:
    """Run every pass over the plain data; return all problems (errors and warnings)."""
    checker = Checker(data, root)
    for check_pass in PASSES:
        check_pass(checker)
    return checker.problems
