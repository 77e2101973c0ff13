"""The law's pass of ``check``: what a valid scenario asks of the engine that it would refuse.

Spec card:
    What: ``check(scenario, data, root) -> list[Problem]``, run by the loader once the schema
        and the semantic passes (``validate``) found no error, so the scenario compiles.
    How: the scenario is compiled for one world and ``game.engine.law`` is asked about the
        opening state; nothing here restates a rule.
        - Offers (opening ones, and those ``add_offer`` effects open): ``offer_refusal`` for
          each named recipient (an application is answered by the bloc's leader), on the
          opening state or, for an event, on that state as the event's own ``member_of`` /
          ``not_member_of`` condition says it will be; ``offer_is_empty`` for an offer of
          nothing. Refusals that only a change of membership or of forbidden pairs could lift
          are errors; a shortfall in the entry conditions is not reported (technology and
          relations move: winning a nation over is the game). An offer ``to: all`` that the
          law refuses for everyone is a warning; the recipients it skips are skipped by
          design.
        - Blocs: ``entry_shortfalls`` of each founder against the bloc's ``entry.min_tech``.
        - Objectives and conditions with a threshold: ``OBJECTIVE_THRESHOLDS`` /
          ``CONDITION_THRESHOLDS`` and ``quantity_range``: a threshold no value in the
          quantity's range meets (an objective: error; a condition: warning, it never fires).
          An ``in_bloc`` / ``contribution_share_at_least`` objective or a ``member_of``
          condition for a nation ``entry_refusal`` bars by a forbidden pair that no event
          lifts: warning.
        - Map: an ``iso3`` / ``map_iso3`` code that is neither on the shipped map nor a real
          ISO 3166 code the map leaves out (too small at its scale): warning.
"""

from __future__ import annotations

import functools
import json

import numpy as np

from game import paths
from game.engine import law
from game.engine import state as st
from game.scenario import models as sm
from game.scenario.compile import Compiled, compile_scenario
from game.scenario.errors import Problem
from game.scenario.source import Node
from game.scenario.validate import Checker, label

R = law.Refusal
#: Refusals that no growth of technology or relations can lift: the offer is surely lost.
FIRM = {
    R.NO_SUCH_NATION,
    R.FORBIDDEN_PAIR,
    R.NO_SUCH_BLOC,
    R.NO_LEADER,
    R.ALREADY_MEMBER,
    R.NOT_A_MEMBER,
    R.NOT_THE_LEADER,
    R.BARRED_BY_MEMBER,
    R.BLOCKED,
}
MAP_FILE = paths.ASSETS / "map" / "world-110m.json"
#: Real places the map leaves out (its README says which and why): legitimate codes.
OFF_MAP_FILE = paths.ASSETS / "map" / "off-the-map.json"


def check(scenario: sm.Scenario, data: dict, root: Node) -> list[Problem]:
    """Ask the law about a valid scenario's offers, blocs, thresholds and map codes."""
    c = Checker(data, root)
    law_pass = _LawPass(c, scenario, compile_scenario(scenario, worlds=1))
    law_pass.offers()
    law_pass.blocs()
    law_pass.objectives()
    law_pass.conditions()
    _map_codes(c)
    return c.problems


@functools.cache
def map_codes() -> frozenset[str]:
    """The ISO codes the shipped map draws (empty when the map cannot be read)."""
    try:
        return frozenset(json.loads(MAP_FILE.read_text(encoding="utf-8"))["countries"])
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()


@functools.cache
def off_the_map() -> frozenset[str]:
    """Real ISO codes the shipped map has no outline for (empty when the list cannot be read)."""
    try:
        codes = json.loads(OFF_MAP_FILE.read_text(encoding="utf-8"))["codes"]
        return frozenset(code for code in codes if isinstance(code, str))
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()


def _map_codes(c: Checker) -> None:
    known = map_codes()
    if not known:
        return  # no map to compare with: nothing to say about codes
    off_map = off_the_map()
    for path, nation in c.items(("nations",)):
        owner = label("nation", nation, path)
        places = [((*path, "iso3"), nation.get("iso3"))]
        extra = nation.get("map_iso3")
        if isinstance(extra, list):
            places += [((*path, "map_iso3", i), code) for i, code in enumerate(extra)]
        for at, code in places:
            if isinstance(code, str) and code not in known and code not in off_map:
                c.add(
                    at,
                    f"{owner} names the ISO code '{code}', which the map does not know",
                    _near_code(code, known, nation.get("id")),
                    "warning",
                )


def _near_code(code: str, known: frozenset[str], nation_id) -> str:
    near = [k for k in sorted(known) if sum(a != b for a, b in zip(k, code, strict=True)) == 1]
    if nation_id in near:  # ids are conventionally the ISO code: the likeliest meaning
        near.insert(0, nation_id)
    if near:
        return f"did you mean '{near[0]}'?"
    return "use the ISO 3166-1 alpha-3 code, e.g. 'FRA'; the nation gets no outline otherwise"


class _LawPass:
    """The compiled scenario, its opening state and the problems' places."""

    def __init__(self, c: Checker, scenario: sm.Scenario, compiled: Compiled) -> None:
        self.c = c
        self.sc = scenario
        self.rules = compiled.rules
        self.state = compiled.state
        self.nation = compiled.catalog.index["nation"]
        self.bloc = compiled.catalog.index["bloc"]
        self.nation_ids = compiled.catalog.nation_ids
        self.bloc_ids = compiled.catalog.bloc_ids
        #: forbidden pairs some event lifts (``allow_pair``): a bar by them is not final.
        self.lifted = {
            effect.pair
            for kind in (scenario.events.scripted, scenario.events.random)
            for event in kind
            for effect in event.effects
            if effect.type == "allow_pair"
        }

    # ------------------------------------------------------------------ offers

    def offers(self) -> None:
        for i, offer in enumerate(self.sc.offers):
            self.offer(("offers", i), offer, self.state, event=None)
        for kind in ("scripted", "random"):
            for e, event in enumerate(getattr(self.sc.events, kind)):
                state = self.state
                if kind == "scripted" and event.condition is not None:
                    state = self._as_condition_says(event.condition)
                for x, effect in enumerate(event.effects):
                    if effect.type == "add_offer":
                        at = ("events", kind, e, "effects", x, "offer")
                        self.offer(at, effect.offer, state, event=event.id)

    def _as_condition_says(self, cond: sm.Condition) -> st.State:
        """The opening state with the membership an event's condition requires to fire."""
        if cond.kind not in ("member_of", "not_member_of"):
            return self.state
        if cond.nation is None or cond.bloc is None:  # validate reported the missing name
            return self.state
        i, k = self.nation[cond.nation], self.bloc[cond.bloc]
        member, since = self.state.member.copy(), self.state.since.copy()
        if cond.kind == "member_of":
            member[0, i, k], since[0, i, k] = True, max(int(since[0, i].max()), 0) + 1
        elif member[0, i, k] and self.state.leader[0, k] != i:
            member[0, i, k], since[0, i, k] = False, -1
        bloc = law.main_bloc(member, since)
        return self.state.replace(bloc=bloc, member=member, since=since)

    def offer(self, path: tuple, offer: sm.Offer, state: st.State, event: str | None) -> None:
        """Problems of one offer; ``event`` is the id of the event adding it, if one does."""
        c = self.c
        owner = label("offer", {"id": offer.id}, path)
        kind = st.KIND[offer.kind]
        sweet = offer.sweeteners
        if law.offer_is_empty(kind, sweet.funds, sweet.tech, sweet.seats, sweet.payload):
            c.add(
                (*path, "kind"),
                f"{owner} ('{offer.kind}') offers nothing: no funds, technology, seats or "
                "payload slots, so accepting it changes nothing",
                "add 'sweeteners:' (funds, tech, seats or payload), or remove the offer",
            )
        sender = self.nation[offer.sender]
        k = -1 if offer.bloc is None else self.bloc[offer.bloc]
        # (where the recipient is written, or None for "all"; its index)
        recipients: list[tuple[tuple | None, int]]
        if offer.to == "all":
            recipients = [(None, j) for j in range(len(self.nation_ids)) if j != sender]
        else:
            recipients = [
                ((*path, "to", j), self.nation[r])
                for j, r in enumerate(offer.to)
                if self.nation[r] != sender  # validate reports an offer to oneself
            ]
        if not recipients:
            return
        targets = np.array([r for _, r in recipients])
        if kind == law.APPLY and event is not None:
            # an event's application goes to the bloc's leader, whoever it names
            targets = np.full(len(targets), state.leader[0, k] if k >= 0 else -1)
        codes = law.offer_refusal(state, self.rules, 0, kind, sender, targets, k)
        if offer.to == "all":
            # 'all' skips whom the law refuses by design; only the sender's own standing counts
            sender_codes = {R.NOT_A_MEMBER, R.NO_LEADER} if kind == law.INVITE else set()
            if kind == law.APPLY:
                sender_codes = {R.ALREADY_MEMBER, R.FORBIDDEN_PAIR, R.BARRED_BY_MEMBER}
            firm = [R(x) for x in codes if R(x) in sender_codes]
            if firm:
                self._refused(path, offer, owner, firm[0], sender, int(targets[0]), k, state, event)
            elif all(R(x) in FIRM for x in codes):
                c.add(
                    (*path, "to"),
                    f"{owner} is sent to all, but the engine would refuse it for every nation",
                    "name the recipients, or check the bloc's members and forbidden pairs",
                    "warning",
                )
            return
        said_sender = False
        for (at, _r), target, code in zip(recipients, targets, codes, strict=True):
            code = R(code)
            if code not in FIRM:
                continue  # entry shortfalls at the start are play: technology and relations move
            if code == R.NOT_A_MEMBER or (kind == law.APPLY and code == R.ALREADY_MEMBER):
                if not said_sender:  # one problem for the sender, not one per recipient
                    self._refused(path, offer, owner, code, sender, int(target), k, state, event)
                    said_sender = True
                continue
            self._refused(at, offer, owner, code, sender, int(target), k, state, event)

    def _refused(
        self, at, offer, owner, code: law.Refusal, sender, target, k, state, event
    ) -> None:
        names, blocs = self.nation_ids, self.bloc_ids
        s_id, t_id = names[sender], names[target] if target >= 0 else "?"
        b_id = blocs[k] if k >= 0 else ""
        joiner = target if offer.kind == "invite" else sender
        j_id = names[joiner] if joiner >= 0 else "?"
        where_sender = (*at[: at.index("to")], "sender") if "to" in at else (*at, "sender")
        if code == R.NOT_A_MEMBER:
            self.c.add(
                where_sender,
                f"{owner} invites to '{b_id}', but its sender '{s_id}' is not a member of it",
                "only members invite, so the engine refuses it: pick a member as sender"
                if event is None
                else f"only members invite, so the engine drops it: pick a member as sender, or "
                f"give event '{event}' the condition 'member_of' {s_id} {b_id}",
            )
        elif code == R.ALREADY_MEMBER and offer.kind == "apply":
            self.c.add(
                where_sender,
                f"{owner} applies to '{b_id}' for '{s_id}', already a member of it",
                "the engine refuses it; remove the offer",
            )
        elif code == R.ALREADY_MEMBER:
            self.c.add(
                at,
                f"{owner} invites '{t_id}' to '{b_id}', which it is already a member of",
                "the engine refuses it; remove it from 'to'",
            )
        elif code == R.FORBIDDEN_PAIR:
            pair = self._pair(sender, target)
            self.c.add(
                at,
                f"{owner} goes from '{s_id}' to '{t_id}', a forbidden pair ('{pair}')",
                "the engine never opens it; remove the recipient, or make the pair inactive",
            )
        elif code == R.BARRED_BY_MEMBER:
            member, pair = self._barring_member(joiner, k, state)
            self.c.add(
                at,
                f"{owner} would bring '{j_id}' into '{b_id}', but it is a forbidden partner of "
                f"its member '{member}' (pair '{pair}')",
                "the engine refuses it; remove the recipient, or make the pair inactive",
            )
        elif code == R.NOT_THE_LEADER:
            leader = names[int(state.leader[0, k])]
            self.c.add(
                at,
                f"{owner} applies to '{b_id}' through '{t_id}', but its leader is '{leader}'",
                f"applications are answered by the leader: send it to '{leader}'",
            )
        else:
            self.c.add(
                at,
                f"{owner} to '{t_id}' would be refused by the engine "
                f"({code.name.lower().replace('_', ' ')})",
            )

    def _pair(self, a: int, b: int) -> str:
        ids = {self.nation_ids[a], self.nation_ids[b]}
        for pair in self.sc.constraints.forbidden_pairs:
            if set(pair.nations) == ids:
                return pair.id
        return "?"

    def _barring_member(self, joiner: int, k: int, state: st.State) -> tuple[str, str]:
        """The first member of bloc ``k`` that ``joiner`` is forbidden with, and the pair."""
        members = np.flatnonzero(state.forbidden[0, joiner] & state.member[0, :, k])
        if not len(members):
            return "?", "?"
        m = int(members[0])
        return self.nation_ids[m], self._pair(joiner, m)

    # ------------------------------------------------------------------ blocs

    def blocs(self) -> None:
        for k, bloc in enumerate(self.sc.blocs):
            # without a list of founders, the nations in the bloc at the start founded it
            named = bloc.founders or list(dict.fromkeys([bloc.leader, *bloc.members]))
            founders = [self.nation[f] for f in named]
            low_tech, _far = law.entry_shortfalls(
                self.state, self.rules, np.zeros(len(founders), np.intp), founders, k
            )
            short = [f for f, low in zip(founders, low_tech, strict=True) if low]
            if not short:
                continue
            levels = ", ".join(
                f"{self.nation_ids[f]} {float(law.mean_tech(self.state.tech[0, f])):.2f}"
                for f in short
            )
            self.c.add(
                ("blocs", k, "charter", "entry", "min_tech"),
                f"bloc '{bloc.id}' asks entry.min_tech {bloc.charter.entry.min_tech:g}, more "
                f"than the mean technology of its founders ({levels})",
                "its own founders could not join it: lower min_tech or raise their technology",
            )

    # ------------------------------------------------------------------ thresholds

    def objectives(self) -> None:
        n = len(self.nation_ids)
        for i, nation in enumerate(self.sc.nations):
            for j, objective in enumerate(nation.objectives):
                path = ("nations", i, "objectives", j)
                owner = f"an objective of nation '{nation.id}'"
                threshold = law.OBJECTIVE_THRESHOLDS.get(objective.kind)
                if threshold is not None:
                    quantity, comparison = threshold
                    low, high = law.quantity_range(quantity, n)
                    if not law.threshold_reachable(comparison, objective.value, low, high):
                        self.c.add(
                            (*path, "value"),
                            f"{owner} ('{objective.kind}' {objective.value:g}) can never be "
                            f"met: {_words(quantity)} runs from {low:g} to {high:g}",
                            _scale_hint(objective.value, high),
                        )
                if objective.kind in ("in_bloc", "contribution_share_at_least"):
                    self._barred(path, owner, i, objective.bloc, "can never be met")

    def conditions(self) -> None:
        n = len(self.nation_ids)
        for e, event in enumerate(self.sc.events.scripted):
            cond = event.condition
            if cond is None:
                continue
            path = ("events", "scripted", e, "condition")
            owner = f"the condition of event '{event.id}'"
            threshold = law.CONDITION_THRESHOLDS.get(cond.kind)
            if threshold is not None:
                quantity, comparison = threshold
                low, high = law.quantity_range(quantity, n)
                if not law.threshold_reachable(comparison, cond.value, low, high):
                    self.c.add(
                        (*path, "value"),
                        f"{owner} ('{cond.kind}' {cond.value:g}) can never hold: "
                        f"{_words(quantity)} runs from {low:g} to {high:g}, so the event never "
                        "fires",
                        _scale_hint(cond.value, high),
                        "warning",
                    )
            if cond.kind == "member_of" and cond.nation is not None:
                self._barred(path, owner, self.nation[cond.nation], cond.bloc, "can never hold")

    def _barred(self, path: tuple, owner: str, i: int, bloc_id, never: str) -> None:
        """Warn when nation ``i`` can never enter ``bloc_id``: barred by a pair never lifted."""
        if bloc_id is None:
            return
        k = self.bloc[bloc_id]
        code = law.entry_refusal(self.state, self.rules, 0, i, k)
        if R(int(code)) != R.BARRED_BY_MEMBER:
            return
        member, pair = self._barring_member(i, k, self.state)
        if pair in self.lifted:
            return
        self.c.add(
            (*path, "bloc"),
            f"{owner} {never}: '{self.nation_ids[i]}' is barred from '{bloc_id}' by the forbidden "
            f"pair '{pair}' with its member '{member}', and no event lifts the pair",
            "lift the pair with an 'allow_pair' event, or change the objective",
            "warning",
        )


def _words(quantity: str) -> str:
    return {
        "tech": "technology",
        "contribution_share": "a contribution share",
        "bloc_size": "a bloc's size",
    }.get(quantity, quantity)


def _scale_hint(value: float, high: float) -> str:
    if high == 1.0 and 10.0 <= value <= 100.0:
        return f"the scale is 0..1, not a percentage: did you mean {value / 100:g}?"
    return "pick a threshold inside the range"
