"""Compile a validated Scenario into engine Rules, an initial State and a Catalog of names.

Spec card:
    Reads: a ``Scenario`` (already validated: ids resolve, prerequisites form no cycle).
    Writes: ``Compiled(rules, state, catalog, seed)``. Rules are numpy tables without a world
        axis; the State is broadcast to W worlds with ids ``world_ids`` (default 0..W-1);
        the Catalog keeps every name, label and colour, so the engine only sees indices.
    Relations: baseline = 1 - alignment_scale * distance between the two nations' alignment
        points, clipped to -1..1, then the scenario's explicit ``relations`` override it;
        symmetric, diagonal 1.
    Offers: each scenario offer becomes one row per recipient the law lets it reach on the
        opening state (``law.OPENING``: ``to: all`` = every nation other than the sender, not
        already in that bloc, and not barred by an active forbidden pair from the sender or,
        for invitations, from any member; ``check`` reports a named recipient refused so).
    Events: every effect becomes an ``engine.rules.Effect`` (typed record of indices and
        masks) applied through the registry in ``game.engine.phases.events``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.rules import (
    BLOC_SCORE_MODES,
    COND,
    OBJ,
    Constants,
    Effect,
    OfferTemplates,
    Rules,
)
from game.scenario import models as sm

#: Constants sections of the scenario whose field names clash, mapped to engine names.
_RENAMED = {
    ("research", "efficiency"): "research_efficiency",
    ("research", "decay"): "research_decay",
    ("drift", "reversion"): "relations_reversion",
    ("scoring", "prestige"): "score_prestige",
    ("scoring", "contribution"): "score_contribution",
    ("scoring", "tech"): "score_tech",
    ("scoring", "objectives"): "score_objectives",
}


def _months(date: str) -> int:
    year, month = date.split("-")
    return int(year) * 12 + int(month) - 1


@dataclass(frozen=True)
class Catalog:
    """Names at the boundary: ids, labels and colours for everything the engine indexes."""

    scenario: sm.Scenario
    start_months: int
    turn_months: int
    n_turns: int
    nation_ids: tuple[str, ...]
    nation_names: tuple[str, ...]
    bloc_ids: tuple[str, ...]
    bloc_names: tuple[str, ...]
    bloc_short: tuple[str, ...]
    bloc_colours: tuple[str, ...]
    bloc_patterns: tuple[str, ...]
    milestone_ids: tuple[str, ...]
    milestone_names: tuple[str, ...]
    domain_ids: tuple[str, ...]
    mission_ids: tuple[str, ...]
    mission_names: tuple[str, ...]
    scripted_ids: tuple[str, ...]
    scripted_titles: tuple[str, ...]
    scripted_texts: tuple[str, ...]
    random_ids: tuple[str, ...]
    random_titles: tuple[str, ...]
    random_texts: tuple[str, ...]
    offer_ids: tuple[str, ...]  # per offer template (``Offers.source``)
    offer_texts: tuple[str, ...]
    pair_ids: tuple[str, ...]
    pair_reasons: tuple[str, ...]
    objective_texts: tuple[str, ...]
    index: dict[str, dict[str, int]] = field(default_factory=dict)

    def date(self, turn: int) -> str:
        """The month a turn starts, as ``YYYY-MM`` (turn 0 is the scenario's start)."""
        months = self.start_months + int(turn) * self.turn_months
        return f"{months // 12:04d}-{months % 12 + 1:02d}"

    def nation(self, nation_id: str) -> int:
        return self.index["nation"][nation_id]

    def bloc(self, bloc_id: str) -> int:
        return self.index["bloc"][bloc_id]

    def milestone(self, milestone_id: str) -> int:
        return self.index["milestone"][milestone_id]


@dataclass(frozen=True)
class Compiled:
    """The result of ``compile_scenario``."""

    rules: Rules
    state: st.State
    catalog: Catalog
    seed: int


def _constants(scenario: sm.Scenario) -> Constants:
    values = {}
    names = {f.name for f in fields(Constants)}
    for section_name in type(scenario.constants).model_fields:
        section = getattr(scenario.constants, section_name)
        for name in type(section).model_fields:
            engine_name = _RENAMED.get((section_name, name), name)
            if engine_name in names:
                values[engine_name] = getattr(section, name)
    return Constants(**values)


def _nation_mask(ids, index: dict[str, int], n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    if ids == "all":
        mask[:] = True
    else:
        mask[[index[i] for i in ids]] = True
    return mask


class _Builder:
    """Collects indices while walking the scenario once."""

    def __init__(self, scenario: sm.Scenario) -> None:
        self.sc = scenario
        self.nations = {n.id: i for i, n in enumerate(scenario.nations)}
        self.blocs = {b.id: i for i, b in enumerate(scenario.blocs)}
        self.domains = {d: i for i, d in enumerate(scenario.domains)}
        # Milestone ids need only be unique within a bloc's track: ``milestones`` maps an id
        # to its first occurrence, ``ms_in_bloc`` maps (bloc, id) exactly.
        self.milestones: dict[str, int] = {}
        self.ms_in_bloc: dict[tuple[int, str], int] = {}
        self.ms_bloc: list[int] = []
        self.ms_list: list[sm.Milestone] = []
        for k, bloc in enumerate(scenario.blocs):
            for ms in bloc.program:
                self.milestones.setdefault(ms.id, len(self.ms_list))
                self.ms_in_bloc[(k, ms.id)] = len(self.ms_list)
                self.ms_list.append(ms)
                self.ms_bloc.append(k)
        self.pairs = {p.id: i for i, p in enumerate(scenario.constraints.forbidden_pairs)}
        self.templates: list[tuple[sm.Offer, bool, str]] = [
            (o, True, o.text) for o in scenario.offers
        ]
        self.n = len(scenario.nations)

    def milestone(self, ms_id: str | None, bloc_id: str | None = None) -> int:
        if ms_id is None:
            return -1
        if bloc_id is not None and (self.blocs[bloc_id], ms_id) in self.ms_in_bloc:
            return self.ms_in_bloc[(self.blocs[bloc_id], ms_id)]
        return self.milestones[ms_id]

    def mask(self, ids) -> np.ndarray:
        return _nation_mask(ids, self.nations, self.n)

    def domain_vector(self, levels: dict[str, float]) -> np.ndarray:
        out = np.zeros(len(self.domains))
        for name, value in levels.items():
            out[self.domains[name]] = value
        return out

    def effect(self, e, random: bool = False) -> Effect:
        n = self.n
        none = np.zeros(n, dtype=bool)
        nations = self.mask(e.nations) if hasattr(e, "nations") else none
        kw: dict = {"type": e.type, "nations": nations, "others": none}
        if random and getattr(e, "nations", None) == "all":
            kw["drawer"] = True
        kw.update(_EFFECT_FIELDS[type(e)](self, e))
        return Effect(**kw)


def _charter_fields(b: _Builder, e: sm.CharterEffect) -> dict:
    out: dict = {"bloc": b.blocs[e.bloc]}
    if e.tech_sharing is not None:
        out["sharing"] = e.tech_sharing
    if e.contribution is not None:
        out["contribution"] = e.contribution
    return out


def _add_offer_fields(b: _Builder, e: sm.AddOfferEffect) -> dict:
    b.templates.append((e.offer, False, e.offer.text or e.text))
    return {"template": len(b.templates) - 1}


#: Effect model -> the ``Effect`` fields it sets (besides type and nations).
_EFFECT_FIELDS: dict[type, Callable[[Any, Any], dict]] = {
    sm.BudgetEffect: lambda b, e: {"factor": e.factor, "delta": e.delta},
    sm.SupportEffect: lambda b, e: {"delta": e.delta},
    sm.PrestigeEffect: lambda b, e: {"delta": e.delta},
    sm.RelationsEffect: lambda b, e: {"others": b.mask(e.others), "delta": e.delta},
    sm.TechEffect: lambda b, e: {
        "delta": e.delta,
        "domain": -1 if e.domain == "all" else b.domains[e.domain],
    },
    sm.ForbidEffect: lambda b, e: {"pair": b.pairs[e.pair]},
    sm.CharterEffect: _charter_fields,
    sm.MembershipEffect: lambda b, e: {"bloc": b.blocs[e.bloc]},
    sm.ProgressEffect: lambda b, e: {"bloc": b.blocs[e.bloc], "fraction": e.fraction},
    sm.AddOfferEffect: _add_offer_fields,
    sm.NewsEffect: lambda b, e: {},
}


def compile_effects(scenario: sm.Scenario, effects, random: bool = False) -> tuple[Effect, ...]:
    """Effects written outside the scenario (a facilitator's event), compiled as the
    scenario's own are. Their references must already be checked against ``scenario``;
    ``add_offer`` is refused: offer templates are fixed when the scenario is compiled."""
    if any(e.type == "add_offer" for e in effects):
        raise ValueError("an event added during a game cannot open an offer")
    b = _Builder(scenario)
    return tuple(b.effect(e, random=random) for e in effects)


def _offer_templates(b: _Builder) -> OfferTemplates:
    s = len(b.templates)
    n = b.n
    to = np.zeros((s, n), dtype=bool)
    out: dict[str, Any] = {
        "kind": np.zeros(s, np.int8),
        "sender": np.zeros(s, np.int16),
        "bloc": np.full(s, st.NO_BLOC, np.int16),
        "funds": np.zeros(s),
        "tech": np.zeros(s),
        "seats": np.zeros(s, np.int8),
        "payload": np.zeros(s, np.int8),
        "turns": np.zeros(s, np.int16),
        "initial": np.zeros(s, bool),
    }
    for i, (offer, initial, _text) in enumerate(b.templates):
        out["kind"][i] = st.KIND[offer.kind]
        out["sender"][i] = b.nations[offer.sender]
        out["bloc"][i] = st.NO_BLOC if offer.bloc is None else b.blocs[offer.bloc]
        out["funds"][i] = offer.sweeteners.funds
        out["tech"][i] = offer.sweeteners.tech
        out["seats"][i] = offer.sweeteners.seats
        out["payload"][i] = offer.sweeteners.payload
        out["turns"][i] = offer.turns
        out["initial"][i] = initial
        to[i] = b.mask(offer.to)
        to[i, b.nations[offer.sender]] = False
    return OfferTemplates(to=to, **out)


def _relations(sc: sm.Scenario, b: _Builder, const: Constants) -> np.ndarray:
    xy = np.array([n.alignment for n in sc.nations], dtype=float)
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    rel = np.clip(1.0 - const.alignment_scale * dist, -1.0, 1.0)
    for r in sc.relations:
        i, j = b.nations[r.between[0]], b.nations[r.between[1]]
        rel[i, j] = rel[j, i] = r.value
    np.fill_diagonal(rel, 1.0)
    return rel.astype(np.float32)


def _scripted(sc: sm.Scenario, b: _Builder, start: int, turn_months: int, n_turns: int):
    events = sc.events.scripted
    e = len(events)
    out: dict[str, Any] = {
        "sc_turn": np.full(e, -1, np.int32),
        "sc_cond": np.full(e, -1, np.int32),
        "sc_cond_bloc": np.full(e, -1, np.int32),
        "sc_cond_ms": np.full(e, -1, np.int32),
        "sc_cond_nation": np.full(e, -1, np.int32),
        "sc_cond_value": np.zeros(e),
        "sc_prob": np.array([ev.probability for ev in events], dtype=float).reshape(e),
    }
    effects = []
    for i, ev in enumerate(events):
        if ev.date is not None:
            # A date before the start fires on the first turn; one after the end never fires.
            out["sc_turn"][i] = max(0, (_months(ev.date) - start) // turn_months)
        c = ev.condition
        if c is not None:
            out["sc_cond"][i] = COND[c.kind]
            out["sc_cond_bloc"][i] = -1 if c.bloc is None else b.blocs[c.bloc]
            out["sc_cond_ms"][i] = b.milestone(c.milestone, c.bloc)
            out["sc_cond_nation"][i] = -1 if c.nation is None else b.nations[c.nation]
            out["sc_cond_value"][i] = c.value
        effects.append(tuple(b.effect(x) for x in ev.effects))
    return out, tuple(effects)


def _random(sc: sm.Scenario, b: _Builder):
    events = sc.events.random
    r = len(events)
    eligible = np.zeros((r, b.n), dtype=bool)
    for i, ev in enumerate(events):
        eligible[i] = b.mask(ev.nations)
    out: dict[str, Any] = {
        "rn_prob": np.array([ev.probability for ev in events], dtype=float).reshape(r),
        "rn_eligible": eligible,
        "rn_min_budget": np.array([ev.min_budget for ev in events], dtype=float).reshape(r),
    }
    effects = tuple(tuple(b.effect(x, random=True) for x in ev.effects) for ev in events)
    return out, effects


def _objectives(sc: sm.Scenario, b: _Builder):
    rows = [(i, o) for i, n in enumerate(sc.nations) for o in n.objectives]

    def col(fn, dtype):
        return np.array([fn(i, o) for i, o in rows], dtype=dtype).reshape(len(rows))

    return {
        "obj_nation": col(lambda i, o: i, np.int32),
        "obj_kind": col(lambda i, o: OBJ[o.kind], np.int32),
        "obj_bloc": col(lambda i, o: -1 if o.bloc is None else b.blocs[o.bloc], np.int32),
        "obj_ms": col(lambda i, o: b.milestone(o.milestone, o.bloc), np.int32),
        "obj_domain": col(lambda i, o: -1 if o.domain is None else b.domains[o.domain], np.int32),
        "obj_value": col(lambda i, o: o.value, float),
        "obj_points": col(lambda i, o: o.points, float),
    }, tuple(o.text for _i, o in rows)


def _rules(sc: sm.Scenario, b: _Builder, n_turns: int, start: int) -> Rules:
    const = _constants(sc)
    nat = sc.nations
    ms = b.ms_list
    m = len(ms)
    prereq = np.zeros((m, m), dtype=bool)
    for i, mi in enumerate(ms):
        for p in mi.requires:
            prereq[i, b.ms_in_bloc[(b.ms_bloc[i], p)]] = True
    missions = sc.missions
    q = len(missions)
    mis_open = np.zeros((b.n, q), dtype=bool)
    for j, mission in enumerate(missions):
        mis_open[:, j] = b.mask(mission.open_to)
    scripted, sc_effects = _scripted(sc, b, start, sc.meta.turn_months, n_turns)
    random, rn_effects = _random(sc, b)
    objectives, _texts = _objectives(sc, b)
    templates = _offer_templates(b)  # after the events: add_offer effects add templates
    n_initial = int(templates.to[templates.initial].sum())
    # Fixed capacities: every offer field is a (W, O) array, so room costs time in big batches.
    slots = int(max(8, min(b.n * max(1, const.max_offers_per_nation), 64)))
    o = -(-(n_initial + slots + 32) // 8) * 8
    return Rules(
        constants=const,
        n_turns=n_turns,
        turn_years=sc.meta.turn_months / 12.0,
        offer_capacity=o,
        new_offer_slots=slots,
        growth=np.array([x.growth for x in nat], dtype=float),
        budget0=np.array([x.budget for x in nat], dtype=float),
        support0=np.array([x.support for x in nat], dtype=float),
        bandwagon=np.array([x.personality.bandwagon for x in nat], dtype=float),
        risk=np.array([x.personality.risk for x in nat], dtype=float),
        ambition=np.array([x.personality.ambition for x in nat], dtype=float),
        sovereignty=np.array([x.personality.sovereignty for x in nat], dtype=float),
        playable=np.array([x.playable for x in nat], dtype=bool),
        base_relations=_relations(sc, b, const),
        leader0=np.array([b.nations[x.leader] for x in sc.blocs], dtype=np.int16),
        entry_min_tech=np.array([x.charter.entry.min_tech for x in sc.blocs], dtype=float),
        entry_min_relations=np.array(
            [x.charter.entry.min_relations for x in sc.blocs], dtype=float
        ),
        entry_approval=np.array([x.charter.entry.leader_approval for x in sc.blocs], dtype=bool),
        accession_turns=np.array([x.charter.accession_turns for x in sc.blocs], dtype=np.int16),
        binding=np.array([x.charter.binding for x in sc.blocs], dtype=float),
        exclusive=np.array([x.charter.exclusive for x in sc.blocs], dtype=bool),
        ms_bloc=np.array(b.ms_bloc, dtype=np.int16),
        ms_cost=np.array([x.cost for x in ms], dtype=float),
        ms_req=np.array([b.domain_vector(x.domains) for x in ms]).reshape(m, len(b.domains)),
        ms_success=np.array([x.success for x in ms], dtype=float),
        ms_prestige=np.array([x.prestige for x in ms], dtype=float),
        ms_crewed=np.array([x.crewed for x in ms], dtype=bool),
        ms_base=np.array([x.base for x in ms], dtype=bool),
        ms_prereq=prereq,
        mis_cost=np.array([x.cost for x in missions], dtype=float).reshape(q),
        mis_req=np.array([b.domain_vector(x.domains) for x in missions]).reshape(q, len(b.domains)),
        mis_success=np.array([x.success for x in missions], dtype=float).reshape(q),
        mis_prestige=np.array([x.prestige for x in missions], dtype=float).reshape(q),
        mis_tech_gain=np.array([x.tech_gain for x in missions], dtype=float).reshape(q),
        mis_open=mis_open,
        fp_nations=np.array(
            [
                [b.nations[a], b.nations[c]]
                for a, c in (p.nations for p in sc.constraints.forbidden_pairs)
            ],
            dtype=np.int32,
        ).reshape(-1, 2),
        **objectives,
        **scripted,
        sc_effects=sc_effects,
        **random,
        rn_effects=rn_effects,
        templates=templates,
        base_wins=sc.victory.base_completes,
        bloc_score_mode=BLOC_SCORE_MODES.index(sc.victory.bloc_score),
    )


def _opening_rows(rules: Rules, state: st.State) -> list[tuple[int, int]]:
    """(template, recipient) of each scenario offer the law lets reach a recipient."""
    t = rules.templates
    rows: list[tuple[int, int]] = []
    if state.n_worlds == 0:
        return rows  # an empty batch has no offer table to fill
    for s in np.flatnonzero(t.initial):
        to = np.flatnonzero(t.to[s])
        # every world starts alike: world 0 speaks for all of them
        code = law.offer_refusal(state, rules, 0, t.kind[s], t.sender[s], to, t.bloc[s])
        rows.extend((int(s), int(r)) for r in to[~np.isin(code, law.OPENING)])
    return rows[: rules.offer_capacity]


def _offer_table(rules: Rules, rows: list[tuple[int, int]]) -> st.Offers:
    """The offer table of one world: ``rows`` (template, recipient) in its first slots."""
    t = rules.templates
    o = rules.offer_capacity
    src = np.array([s for s, _ in rows], dtype=np.int64)
    tgt = np.array([r for _, r in rows], dtype=np.int64)
    n_rows = len(rows)

    def fill(values, dtype, empty):
        out = np.full(o, empty, dtype=dtype)
        out[:n_rows] = values
        return out

    return st.Offers(
        active=fill(True, bool, False),
        kind=fill(t.kind[src], np.int8, 0),
        sender=fill(t.sender[src], np.int16, -1),
        target=fill(tgt, np.int16, -1),
        bloc=fill(t.bloc[src], np.int16, -1),
        funds=fill(t.funds[src], np.float64, 0.0),
        tech=fill(t.tech[src], np.float64, 0.0),
        seats=fill(t.seats[src], np.int8, 0),
        payload=fill(t.payload[src], np.int8, 0),
        created=fill(-1, np.int16, -1),  # placed before the first turn: answered on it
        expires=fill(t.turns[src] - 1, np.int16, -1),
        origin=fill(st.ORIGIN_SCENARIO, np.int8, 0),
        source=fill(src, np.int16, -1),
    )


def _initial_state(sc: sm.Scenario, b: _Builder, rules: Rules, world_ids: np.ndarray) -> st.State:
    n, k, m, d, q = (
        rules.n_nations,
        rules.n_blocs,
        rules.n_milestones,
        rules.n_domains,
        rules.n_missions,
    )
    member = np.zeros((n, k), dtype=bool)
    for kk, blc in enumerate(sc.blocs):
        for name in [*blc.founders, *blc.members, blc.leader]:
            member[b.nations[name], kk] = True
    since = np.where(member, 0, -1).astype(np.int16)
    bloc = law.main_bloc(member[None], since[None])[0]
    forbidden = np.zeros((n, n), dtype=bool)
    for pair, (i, j) in zip(sc.constraints.forbidden_pairs, rules.fp_nations, strict=True):
        if pair.active:
            forbidden[i, j] = forbidden[j, i] = True
    tech = np.array([b.domain_vector(x.tech) for x in sc.nations]).reshape(n, d)
    w = len(world_ids)

    def per_world(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.broadcast_to(a, (w, *np.shape(a))))

    def per_world_offers(rows: list[tuple[int, int]]) -> st.Offers:
        table = _offer_table(rules, rows)
        return st.Offers(*(per_world(getattr(table, f.name)) for f in fields(st.Offers)))

    state = st.State(
        turn=0,
        world=np.asarray(world_ids, dtype=np.int64).copy(),
        budget=per_world(rules.budget0),
        reserve=np.zeros((w, n)),
        support=per_world(rules.support0),
        prestige=per_world(np.array([x.prestige for x in sc.nations], dtype=float)),
        tech=per_world(tech),
        bloc=per_world(bloc),
        relations=per_world(rules.base_relations),
        forbidden=per_world(forbidden),
        blocked=np.zeros((w, n, k), dtype=bool),
        sharing=per_world(np.array([x.charter.tech_sharing for x in sc.blocs], dtype=float)),
        contribution=per_world(np.array([x.charter.contribution for x in sc.blocs], dtype=float)),
        progress=np.zeros((w, m)),
        done=np.zeros((w, m), dtype=bool),
        failures=np.zeros((w, m), dtype=np.int16),
        contributed=np.zeros((w, n, k)),
        mission_progress=np.zeros((w, n, q)),
        mission_done=np.zeros((w, n, q), dtype=bool),
        deal_tech=np.zeros((w, n, n), dtype=np.float32),
        deal_funds=np.zeros((w, n, n), dtype=np.float32),
        seats=np.zeros((w, n)),
        payload=np.zeros((w, n)),
        offers=per_world_offers([]),  # filled below: the law reads the rest of this state
        event_fired=np.zeros((w, rules.n_scripted), dtype=bool),
        winner=np.full(w, -1, np.int16),
        ended=np.zeros(w, dtype=bool),
        end_turn=np.full(w, -1, np.int16),
        score=np.zeros((w, n)),
        bloc_score=np.zeros((w, k)),
        leader=per_world(rules.leader0),
        deal_until=np.full((w, n, n), -1, np.int16),
        spent=np.zeros((w, n, len(st.CATEGORIES))),
        pool=np.zeros((w, k)),
        gained=np.zeros((w, n)),
        tenure=np.zeros((w, n, k), np.int16),
        member=per_world(member),
        since=per_world(since),
    )
    state = state.replace(offers=per_world_offers(_opening_rows(rules, state)))
    from game.engine.phases.victory import scores

    score, bloc_score = scores(state, rules)
    return state.replace(score=score, bloc_score=bloc_score)


def compile_scenario(
    scenario: sm.Scenario,
    worlds: int = 1,
    seed: int | None = None,
    world_ids=None,
) -> Compiled:
    """Compile a scenario for ``worlds`` worlds (ids ``world_ids``, default 0..worlds-1).

    Args:
        scenario: a validated scenario.
        worlds: how many worlds to broadcast the initial state to.
        seed: the game's seed (default: the scenario's ``meta.seed``).
        world_ids: world ids (the rng's world key); overrides ``worlds`` when given.
    """
    meta = scenario.meta
    start = _months(meta.start)
    n_turns = max(1, -(-(_months(meta.end) - start) // meta.turn_months))
    b = _Builder(scenario)
    rules = _rules(scenario, b, n_turns, start)
    ids = np.arange(worlds, dtype=np.int64) if world_ids is None else np.asarray(world_ids)
    state = _initial_state(scenario, b, rules, ids.reshape(-1))
    ms = b.ms_list
    objective_texts = _objectives(scenario, b)[1]
    catalog = Catalog(
        scenario=scenario,
        start_months=start,
        turn_months=meta.turn_months,
        n_turns=n_turns,
        nation_ids=tuple(x.id for x in scenario.nations),
        nation_names=tuple(x.name for x in scenario.nations),
        bloc_ids=tuple(x.id for x in scenario.blocs),
        bloc_names=tuple(x.name for x in scenario.blocs),
        bloc_short=tuple(x.short or x.id for x in scenario.blocs),
        bloc_colours=tuple(x.colour for x in scenario.blocs),
        bloc_patterns=tuple(x.pattern for x in scenario.blocs),
        milestone_ids=tuple(x.id for x in ms),
        milestone_names=tuple(x.name for x in ms),
        domain_ids=tuple(scenario.domains),
        mission_ids=tuple(x.id for x in scenario.missions),
        mission_names=tuple(x.name for x in scenario.missions),
        scripted_ids=tuple(x.id for x in scenario.events.scripted),
        scripted_titles=tuple(x.title for x in scenario.events.scripted),
        scripted_texts=tuple(x.text for x in scenario.events.scripted),
        random_ids=tuple(x.id for x in scenario.events.random),
        random_titles=tuple(x.title for x in scenario.events.random),
        random_texts=tuple(x.text for x in scenario.events.random),
        offer_ids=tuple(o.id for o, _i, _t in b.templates),
        offer_texts=tuple(t for _o, _i, t in b.templates),
        pair_ids=tuple(p.id for p in scenario.constraints.forbidden_pairs),
        pair_reasons=tuple(p.reason for p in scenario.constraints.forbidden_pairs),
        objective_texts=objective_texts,
        index={
            "nation": dict(b.nations),
            "bloc": dict(b.blocs),
            "milestone": dict(b.milestones),
            "domain": dict(b.domains),
            "mission": {x.id: i for i, x in enumerate(scenario.missions)},
            "scripted": {x.id: i for i, x in enumerate(scenario.events.scripted)},
            "random": {x.id: i for i, x in enumerate(scenario.events.random)},
            "pair": dict(b.pairs),
        },
    )
    return Compiled(
        rules=rules,
        state=state,
        catalog=catalog,
        seed=int(meta.seed if seed is None else seed),
    )
