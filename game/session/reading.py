"""What a game in progress shows: names, colours, members, offers open now and the money,
research, goodwill and coordination the engine will compute this turn.

Spec card:
    What: ``Reading``, a part of ``session.Match`` (it reads ``self.state``, ``self.rules``,
        ``self.catalog``, ``self.seed``). Every figure comes from the engine: money from its
        income phase run on the current state, research gain and goodwill from its law.
"""

from __future__ import annotations

import numpy as np

from game.engine import law
from game.engine import state as st
from game.engine.orders import default_orders
from game.engine.phases import income
from game.engine.phases.programs import fit_and_shortfall
from game.engine.turn import Turn
from game.engine.utility import TERMS, bloc_best_tech, spill_gap
from game.scenario.compile import Compiled

#: Colour of nations outside every bloc.
UNALIGNED_COLOUR = (120, 128, 146)


class Reading:
    """Read-only views of the current state, in the words and units a person sees."""

    # set by Match
    compiled: Compiled
    people: list[int]
    states: list[st.State]
    seed: int
    _money: tuple[int, np.ndarray] | None

    @property
    def rules(self):
        return self.compiled.rules

    @property
    def catalog(self):
        return self.compiled.catalog

    @property
    def state(self) -> st.State:
        """The current state (after the last turn played)."""
        return self.states[-1]

    @property
    def turn(self) -> int:
        return int(self.state.turn)

    @property
    def over(self) -> bool:
        return bool(self.state.ended[0])

    @property
    def n(self) -> int:
        return len(self.catalog.nation_ids)

    @property
    def n_turns(self) -> int:
        return int(self.catalog.n_turns)

    def date(self, turn: int | None = None) -> str:
        return self.catalog.date(self.turn if turn is None else turn)

    def name(self, i: int) -> str:
        return self.catalog.nation_names[i] if 0 <= i < self.n else "?"

    def human_mask(self) -> np.ndarray:
        """(1, N): the nations people play."""
        mask = np.zeros((1, self.rules.n_nations), dtype=bool)
        mask[0, self.people] = True
        return mask

    def bloc_of(self, i: int, state: st.State | None = None) -> int:
        return int((state or self.state).bloc[0, i])

    def bloc_name(self, k: int, short: bool = True) -> str:
        if k < 0:
            return "unaligned"
        cat = self.catalog
        return (cat.bloc_short if short else cat.bloc_names)[k]

    def bloc_colour(self, k: int) -> tuple[int, int, int]:
        if k < 0:
            return UNALIGNED_COLOUR
        text = self.catalog.bloc_colours[k].lstrip("#")
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))

    def members(self, k: int) -> list[int]:
        return [int(i) for i in np.nonzero(self.state.bloc[0] == k)[0]]

    def leader(self, k: int) -> int:
        return int(self.state.leader[0, k]) if k >= 0 else -1

    def membership(self) -> dict[str, str | None]:
        ids = self.catalog.nation_ids
        blocs = self.catalog.bloc_ids
        return {ids[i]: (blocs[k] if (k := self.bloc_of(i)) >= 0 else None) for i in range(self.n)}

    def inbox(self, nation: int) -> np.ndarray:
        """Offer-table slots open to ``nation`` (it is their target), in slot order."""
        offers = self.state.offers
        return np.flatnonzero(offers.active[0] & (offers.target[0] == nation))

    def outbox(self, nation: int) -> np.ndarray:
        offers = self.state.offers
        return np.flatnonzero(offers.active[0] & (offers.sender[0] == nation))

    def open_offers(self, target: int | None = None, sender: int | None = None) -> list[int]:
        """Slots of the offers open now, optionally only those to or from a nation."""
        o = self.state.offers
        mask = o.active[0] & (o.expires[0] >= self.turn)
        if target is not None:
            mask &= o.target[0] == target
        if sender is not None:
            mask &= o.sender[0] == sender
        return [int(i) for i in np.nonzero(mask)[0]]

    def milestone_odds(self) -> dict[str, float]:
        """Each milestone's success chance if attempted now, by the engine's own formula."""
        r = self.rules
        best = bloc_best_tech(self.state, r)[0]  # (K, D)
        ms_bloc = np.asarray(r.ms_bloc)
        _fit, short = fit_and_shortfall(best[ms_bloc], np.asarray(r.ms_req))
        chance = law.success_chance(np.asarray(r.ms_success), short, r.constants)
        ids = self.catalog.milestone_ids
        return {mid: float(p) for mid, p in zip(ids, chance, strict=True)}

    def money(self, i: int) -> float:
        """US$ B nation i has to spend this turn: the engine's own income phase run on the
        current state (growth, the reserve and funding deals included)."""
        if self._money is None or self._money[0] != id(self.state):
            s, r = self.state, self.rules
            t = Turn(s, default_orders(s, r), r, self.seed, len(TERMS))
            income.run(t)
            self._money = (id(self.state), np.asarray(t.money[0]))
        return float(self._money[1][i])

    def spending(self, i: int, share: float) -> float:
        """US$ B nation i spends this turn on a category given ``share`` of its money (the
        orders phase spends money x share)."""
        return self.money(i) * float(share)

    def research_gain(self, i: int, alloc, split) -> np.ndarray:
        """Technology each domain would gain next turn from nation i's own research (D,):
        the law's own-research gain, without bloc sharing or deals."""
        r = self.rules
        spend_year = self.spending(i, alloc[st.CAT_RESEARCH]) / float(r.turn_years)
        shares = np.asarray(split, dtype=np.float64)
        shares = shares / shares.sum() if shares.sum() > 0 else shares
        tech = np.array(self.state.tech[0, i], dtype=np.float64)
        return law.research_gain(spend_year * shares, tech, r.constants, float(r.turn_years))

    def absorption(self, i: int, alloc) -> float | None:
        """Share (0..1) of its blocs' technology spill-over nation i takes in next turn if it
        spends ``alloc`` (the law's ``absorption`` of its research share of its money); None
        outside a bloc, or where no partner knows more than it in any domain (nothing to
        take in)."""
        if spill_gap(self.state, self.rules)[0, i] <= 0:
            return None
        research = np.array([[self.spending(i, alloc[st.CAT_RESEARCH])]])
        return float(
            law.absorption(research, np.array([[self.money(i)]]), self.rules.constants)[0, 0]
        )

    def coordination_relief(self, i: int, alloc) -> tuple[float, float] | None:
        """(share of the coordination cost lifted, coordination factor) of nation i's main
        bloc this turn if i spends ``alloc`` and its partners spend as they did last turn
        (the law's ``bloc_factors``); None outside a bloc."""
        s, r = self.state, self.rules
        k = int(s.bloc[0, i])
        if k < 0:
            return None
        spent = s.spent[:1].copy()
        spent[0, i] = self.money(i) * np.asarray(alloc, dtype=np.float64)
        members = s.member[:1, :, k]
        _, _, partners, coord, _ = law.bloc_factors(spent, members, r.constants, r.turn_years)
        diplomacy = np.where(members, spent[:, :, st.CAT_DIPLOMACY], 0.0).sum(axis=1)
        relief = law.diplomacy_relief(diplomacy, partners, r.turn_years, r.constants)
        return float(relief[0]), float(coord[0])

    def goodwill(self, i: int, alloc) -> float:
        """Relations nation i's diplomacy adds to each pair with a nation it has no open offer
        with, next turn (the law's goodwill; offer partners get more)."""
        s = self.state
        spend = self.spending(i, alloc[st.CAT_DIPLOMACY])
        open_ = s.offers.active[0]
        focus = int((open_ & ((s.offers.sender[0] == i) | (s.offers.target[0] == i))).sum())
        unit = law.goodwill_unit(np.array([spend]), np.array([focus]), self.n, self.rules.constants)
        return float(unit[0])
