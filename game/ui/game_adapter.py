"""The game in progress as the screens see it: a ``game.session.Match`` plus names and drafts.

Spec card:
    What: ``Game`` wraps a Match (scenario + seed + people + every turn's Orders and States)
        with what screens need: names, colours, offers in words, the people's drafts for this
        turn (budget shares, research focus, mission, offers, answers) and predictions.
        ``GameServices`` is what screens call to start, save, autosave, list and load games.
    Rule: the UI never changes the State; on End Turn the drafts become the Match's
        ``HumanOrders`` and the Match asks the computer players, merges and steps the engine.
    Saves: the Match's (versioned, checksummed, atomic; loading replays and checks hashes);
        any failure reaches the player as one sentence (``GameError``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from game.engine import state as st
from game.engine.utility import TERM_LABELS
from game.paths import saves_dir
from game.safeio import display_name
from game.scenario.models import Scenario

AUTOSAVE_NAME = "autosave"
#: How the engine's utility names its affinity term (right for bloc offers only).
BLOC_RELATIONS = TERM_LABELS.get("affinity", "relations with the bloc")
#: Offer kinds a player may compose, with words for them.
KIND_WORDS = {
    "invite": "Invite into my bloc",
    "apply": "Apply to join a bloc",
    "tech_transfer": "Technology transfer",
    "funding": "Funding",
    "launch_seat": "Astronaut seat",
    "payload_slot": "Payload slot",
}


@dataclass(slots=True)
class OfferDraft:
    """An offer a person is composing (names at the boundary: indices of this game)."""

    kind: str = "tech_transfer"
    target: int = -1
    bloc: int = -1
    funds: float = 0.0
    tech: float = 0.0
    seats: int = 0
    payload: int = 0
    turns: int = 4


@dataclass(slots=True)
class Draft:
    """One person's orders for the current turn, as edited on the main screen."""

    alloc: list[float]
    research: list[float]
    mission: int
    answers: dict[int, int] = field(default_factory=dict)
    offers: list[OfferDraft] = field(default_factory=list)
    leave: bool = False


@dataclass(slots=True)
class Prediction:
    """What the advisers expect of an offer: chance of acceptance and why."""

    chance: float
    reasons: list[tuple[str, float]]
    summary: str
    allowed: bool = True
    #: Why it cannot be accepted, in a few words for a list row ("" when it can).
    short: str = ""


def _signed(value: float) -> str:
    """``+0.12`` / ``−0.45`` with a true minus sign."""
    return f"{'−' if value < 0 else '+'}{abs(value):.2f}"


def deal_words(text: str, other: str) -> str:
    """The utility's "relations with the bloc" said right for a deal between two nations."""
    return text.replace(BLOC_RELATIONS, f"relations with {other}")


class GameError(Exception):
    """Something a person must be told (a broken save, a missing scenario)."""


class Game:
    """A game in progress, for one world."""

    def __init__(
        self,
        scenario: Scenario,
        humans: list[str],
        difficulty: str = "normal",
        seed: int | None = None,
        scenario_path: Path | None = None,
        match=None,
    ) -> None:
        from game.session.match import Match

        self.match = match or Match(
            scenario,
            humans=list(humans),
            difficulty=difficulty,
            seed=seed,
            scenario_path=scenario_path,
        )
        self.scenario = self.match.scenario
        self.scenario_path = scenario_path
        self.humans = self.match.human_indices()
        self.drafts: dict[int, Draft] = {}
        #: (turn, nation) pairs whose turn report has been shown (hot-seat: once each).
        self.reports_seen: set[tuple[int, int]] = set()
        self.n = len(self.catalog.nation_ids)
        # this turn's money by nation, from the engine's income phase (one run per state)
        self._money: tuple[int, np.ndarray] | None = None

    @classmethod
    def load(cls, path: Path) -> Game:
        """A saved game; raises GameError with one clear sentence."""
        from game.session.match import Match
        from game.session.saves import SaveError

        try:
            match = Match.load(path)
        except SaveError as exc:
            raise GameError(str(exc)) from None
        if not match.humans:
            raise GameError(f"{display_name(path)} has no nation played by a person")
        return cls(match.scenario, list(match.humans), match=match)

    @property
    def rules(self):
        return self.match.rules

    @property
    def catalog(self):
        return self.match.catalog

    @property
    def seed(self) -> int:
        return int(self.match.seed)

    @property
    def difficulty(self) -> str:
        return self.match.difficulty

    @property
    def states(self) -> list[st.State]:
        return self.match.states

    @property
    def events(self) -> list[st.Events]:
        return self.match.events

    @property
    def orders(self) -> list[st.Orders]:
        return self.match.orders

    # --------------------------------------------------------------- reading
    @property
    def state(self) -> st.State:
        return self.states[-1]

    @property
    def turn(self) -> int:
        return int(self.state.turn)

    @property
    def n_turns(self) -> int:
        return int(self.catalog.n_turns)

    @property
    def ended(self) -> bool:
        return bool(self.state.ended[0])

    def date(self, turn: int | None = None) -> str:
        return self.catalog.date(self.turn if turn is None else turn)

    def name(self, i: int) -> str:
        return self.catalog.nation_names[i] if 0 <= i < self.n else "?"

    def bloc_of(self, i: int, state: st.State | None = None) -> int:
        return int((state or self.state).bloc[0, i])

    def bloc_name(self, k: int, short: bool = True) -> str:
        if k < 0:
            return "unaligned"
        return (self.catalog.bloc_short if short else self.catalog.bloc_names)[k]

    def bloc_colour(self, k: int) -> tuple[int, int, int]:
        if k < 0:
            return (120, 128, 146)
        text = self.catalog.bloc_colours[k].lstrip("#")
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))

    def members(self, k: int) -> list[int]:
        return [int(i) for i in np.nonzero(self.state.bloc[0] == k)[0]]

    def leader(self, k: int) -> int:
        return int(self.state.leader[0, k]) if k >= 0 else -1

    def milestone_odds(self) -> dict[str, float]:
        """Each milestone's success chance if attempted now, by the engine's own formula."""
        from game.engine import law
        from game.engine.phases.programs import fit_and_shortfall
        from game.engine.utility import bloc_best_tech

        r, c = self.rules, self.rules.constants
        best = bloc_best_tech(self.state, r)[0]  # (K, D)
        ms_bloc = np.asarray(r.ms_bloc)
        _fit, short = fit_and_shortfall(best[ms_bloc], np.asarray(r.ms_req))
        chance = law.success_chance(np.asarray(r.ms_success), short, c)
        return {mid: float(p) for mid, p in zip(self.catalog.milestone_ids, chance, strict=True)}

    def money(self, i: int) -> float:
        """US$ B nation i has to spend this turn: the engine's own income phase run on the
        current state (growth, the reserve and funding deals included)."""
        if self._money is None or self._money[0] != id(self.state):
            from game.engine.orders import default_orders
            from game.engine.phases import income
            from game.engine.turn import Turn
            from game.engine.utility import TERMS

            s = self.state
            t = Turn(s, default_orders(s, self.rules), self.rules, self.seed, len(TERMS))
            income.run(t)
            self._money = (id(self.state), np.asarray(t.money[0]))
        return float(self._money[1][i])

    def spending(self, i: int, share: float) -> float:
        """US$ B nation i spends this turn on a category given ``share`` of its money (the
        orders phase spends money x share)."""
        return self.money(i) * float(share)

    def research_gain(self, i: int, alloc: list[float], split: list[float]) -> np.ndarray:
        """Technology each domain would gain next turn from nation i's own research (D,).

        The engine's own-research formula (phase 4), without bloc sharing or deals.
        """
        from game.engine import law

        r = self.rules
        spend_year = self.spending(i, alloc[st.CAT_RESEARCH]) / float(r.turn_years)
        shares = np.asarray(split, dtype=np.float64)
        shares = shares / shares.sum() if shares.sum() > 0 else shares
        tech = np.array(self.state.tech[0, i], dtype=np.float64)
        return law.research_gain(spend_year * shares, tech, r.constants, float(r.turn_years))

    def goodwill(self, i: int, alloc: list[float]) -> float:
        """Relations nation i's diplomacy adds to each pair with a nation it has no open offer
        with, next turn (the law's goodwill; offer partners get more)."""
        from game.engine import law

        s = self.state
        spend = self.spending(i, alloc[st.CAT_DIPLOMACY])
        open_ = s.offers.active[0]
        focus = int((open_ & ((s.offers.sender[0] == i) | (s.offers.target[0] == i))).sum())
        unit = law.goodwill_unit(np.array([spend]), np.array([focus]), self.n, self.rules.constants)
        return float(unit[0])

    def membership(self) -> dict[str, str | None]:
        ids = self.catalog.nation_ids
        return {
            ids[i]: (self.catalog.bloc_ids[k] if (k := self.bloc_of(i)) >= 0 else None)
            for i in range(self.n)
        }

    def open_offers(self, target: int | None = None, sender: int | None = None) -> list[int]:
        """Slots of the offers open now, optionally only those to or from a nation."""
        o = self.state.offers
        mask = o.active[0] & (o.expires[0] >= self.turn)
        if target is not None:
            mask &= o.target[0] == target
        if sender is not None:
            mask &= o.sender[0] == sender
        return [int(i) for i in np.nonzero(mask)[0]]

    def offer_kind(self, slot: int) -> str:
        return st.OFFER_KINDS[int(self.state.offers.kind[0, slot])]

    def offer_text(self, slot: int) -> str:
        source = int(self.state.offers.source[0, slot])
        origin = int(self.state.offers.origin[0, slot])
        if origin != st.ORIGIN_ORDER and 0 <= source < len(self.catalog.offer_texts):
            return self.catalog.offer_texts[source]
        return ""

    def offer_terms(self, slot: int) -> str:
        """The sender's terms in words."""
        o = self.state.offers
        kind = self.offer_kind(slot)
        bloc = int(o.bloc[0, slot])
        sender = int(o.sender[0, slot])
        parts = []
        if kind == "invite":
            parts.append(f"join {self.bloc_name(bloc, short=False)}")
        elif kind == "apply":
            parts.append(f"admit {self.name(sender)} into {self.bloc_name(bloc)}")
        else:
            parts.append(KIND_WORDS[kind].lower())
        if o.funds[0, slot] > 0:
            parts.append(f"${float(o.funds[0, slot]):.2f} B/year")
        if o.tech[0, slot] > 0:
            parts.append(f"technology transfer {float(o.tech[0, slot]) * 100:.0f}%")
        if o.seats[0, slot] > 0:
            parts.append(f"{int(o.seats[0, slot])} astronaut seat(s)")
        if o.payload[0, slot] > 0:
            parts.append(f"{int(o.payload[0, slot])} payload slot(s)")
        left = int(o.expires[0, slot]) - self.turn + 1
        parts.append("answer this turn" if left <= 1 else f"{left} turns left to answer")
        return ", ".join(parts)

    # --------------------------------------------------------------- drafts
    def draft(self, i: int) -> Draft:
        """The orders person ``i`` is editing this turn (last turn's split at first)."""
        if i not in self.drafts:
            base = self.match.draft(i)
            mission = int(base.mission)
            self.drafts[i] = Draft(
                alloc=[float(x) for x in base.alloc],
                research=[float(x) for x in base.research],
                mission=mission,
            )
        return self.drafts[i]

    def offers_left(self, i: int) -> int:
        cap = int(self.rules.constants.max_offers_per_nation)
        return max(0, cap - len(self.draft(i).offers))

    def offer_allowed(self, sender: int, offer: OfferDraft) -> str | None:
        """Why the engine would refuse to send the offer (the law's checks), or None."""
        from game.engine import law
        from game.text.words import sending_words

        if offer.kind == "apply" and offer.bloc < 0:
            return "choose the bloc to apply to"
        values = self.to_new_offer(sender, offer)
        code = int(
            law.offer_refusal(
                self.state,
                self.rules,
                0,
                values["kind"],
                sender,
                values["target"],
                values["bloc"],
            )
        )
        if code not in law.SENDING:
            return None
        if code == law.Refusal.FORBIDDEN_PAIR:
            reasons = [
                reason
                for (a, b), reason in zip(
                    np.asarray(self.rules.fp_nations), self.catalog.pair_reasons, strict=False
                )
                if {int(a), int(b)} == {sender, offer.target}
            ]
            return reasons[0] if reasons else "these two nations may not deal together"
        return sending_words(code, offer.kind)

    def to_new_offer(self, sender: int, offer: OfferDraft) -> dict[str, Any]:
        bloc = offer.bloc
        if offer.kind == "invite":
            bloc = self.bloc_of(sender)
        target = offer.target
        if offer.kind == "apply" and bloc >= 0:
            target = self.leader(bloc)
        return dict(
            kind=st.KIND[offer.kind],
            sender=sender,
            target=target,
            bloc=bloc,
            funds=float(offer.funds),
            tech=float(offer.tech),
            seats=int(offer.seats),
            payload=int(offer.payload),
            turns=int(offer.turns),
        )

    def predict(self, sender: int, offer: OfferDraft) -> Prediction:
        """The advisers' forecast of an offer's answer, with the reasons."""
        problem = self.offer_allowed(sender, offer)
        if problem:
            return Prediction(0.0, [], f"Not possible: {problem}.", allowed=False)
        from game.ai import predict_offer

        values = self.to_new_offer(sender, offer)
        values.pop("turns")
        result = predict_offer(self.state, self.rules, values, names=self.catalog.nation_names)
        reasons = [(str(a), float(b)) for a, b in result.reasons if b != 0.0]
        if result.probability <= 0.0 and not reasons:
            rule = result.reasons[0][0] if result.reasons else "the rules forbid it"
            gaps = self.entry_gaps(sender, offer) if offer.kind in ("invite", "apply") else []
            detail = "; ".join(g for g, _ in gaps)
            summary = result.text + (f". {detail[:1].upper()}{detail[1:]}." if gaps else "")
            short = ", ".join(s for _, s in gaps) or str(rule)
            return Prediction(0.0, [], summary, allowed=False, short=short)
        text = result.text
        if offer.kind not in ("invite", "apply"):
            # A deal is between two nations: its affinity term is their relations, not a bloc's.
            other = self.name(offer.target if sender in self.humans else sender)
            reasons = [(deal_words(a, other), b) for a, b in reasons]
            text = deal_words(text, other)
        return Prediction(float(result.probability), reasons, text)

    def entry_gaps(self, sender: int, offer: OfferDraft) -> list[tuple[str, str]]:
        """A bloc's entry conditions the joiner misses, in numbers: (sentence, few words)."""
        r, s = self.rules, self.state
        joiner = offer.target if offer.kind == "invite" else sender
        k = self.bloc_of(sender) if offer.kind == "invite" else offer.bloc
        if k < 0 or joiner < 0:
            return []
        bloc, who = self.bloc_name(k), self.name(joiner)
        from game.engine import law

        gaps = []
        low_tech, far = law.entry_shortfalls(s, r, 0, joiner, k)
        tech, need = float(law.mean_tech(s.tech[0, joiner])), float(r.entry_min_tech[k])
        if low_tech:
            gaps.append(
                (
                    f"{who}'s mean technology is {tech:.2f}; {bloc} admits from {need:.2f} "
                    "(research raises it)",
                    f"technology {tech:.2f}, needs {need:.2f}",
                )
            )
        lead = self.leader(k)
        if lead >= 0:
            rel, need = float(s.relations[0, joiner, lead]), float(r.entry_min_relations[k])
            if far:
                gaps.append(
                    (
                        f"relations between {who} and {self.name(lead)} are {_signed(rel)}; "
                        f"{bloc} admits from {_signed(need)} (diplomacy spending and deals "
                        "raise them)",
                        f"relations with {self.name(lead)} {_signed(rel)}, needs {_signed(need)}",
                    )
                )
        return gaps

    # --------------------------------------------------------------- the turn
    def human_orders(self) -> dict:
        """The people's drafts as the Match's HumanOrders (indices, shares that sum to 1)."""
        from game.ai import OfferDraft as AIOffer
        from game.session.match import HumanOrders

        people = {}
        for i in self.humans:
            d = self.draft(i)
            alloc = np.clip(np.asarray(d.alloc, dtype=np.float64), 0, None)
            research = np.clip(np.asarray(d.research, dtype=np.float64), 0, None)
            offers = []
            for offer in d.offers:
                values = self.to_new_offer(i, offer)
                values.pop("turns")
                values["kind"] = st.OFFER_KINDS[values["kind"]]
                offers.append(AIOffer(**values))
            people[i] = HumanOrders(
                alloc=alloc / alloc.sum() if alloc.sum() > 0 else np.full(alloc.shape, 0.2),
                research=research / research.sum()
                if research.sum() > 0
                else np.full(research.shape, 1 / max(1, research.size)),
                mission=int(d.mission),
                answers=dict(d.answers),
                offers=offers,
                leave=bool(d.leave),
            )
        return people

    def end_turn(self) -> TurnReport:
        """Resolve the turn at once; returns what changed and why."""
        self.match.end_turn(self.human_orders())
        self.drafts = {}
        return TurnReport(self, len(self.states) - 2)

    def report(self, index: int | None = None) -> TurnReport | None:
        if not self.events:
            return None
        return TurnReport(self, len(self.events) - 1 if index is None else index)

    def save(self, path: Path) -> Path:
        return self.match.save(path)


@dataclass(slots=True)
class TurnReport:
    """What happened in turn ``index`` (0-based): events in words and the changes."""

    game: Game
    index: int

    @property
    def before(self) -> st.State:
        return self.game.states[self.index]

    @property
    def after(self) -> st.State:
        return self.game.states[self.index + 1]

    @property
    def events(self) -> st.Events:
        return self.game.events[self.index]

    @property
    def ledger(self):
        """The engine's ledger of the turn (where each figure's change came from)."""
        return self.game.match.ledgers[self.index]


class GameServices:
    """What screens call to start, save and load games (tests give it their own folder).

    ``clock``, when given, stands for the wall clock in save names and file times, so that
    screenshots of the load screen are the same on every run.
    """

    def __init__(
        self, folder: Path | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.folder = folder
        self.clock = clock

    def _stamp(self, path: Path, when: datetime | None) -> Path:
        if when is not None:
            os.utime(path, (when.timestamp(), when.timestamp()))
        return path

    def saves_folder(self) -> Path:
        return self.folder or saves_dir()

    def latest_autosave(self) -> Path | None:
        """The newest autosave; links and pipes named like one sort last (and then show
        their reason when opened), never stop the title screen."""
        from game import safeio
        from game.session.saves import SAVE_SUFFIX

        files, _ = safeio.list_folder(self.saves_folder(), (SAVE_SUFFIX,))
        found = [p for p in files if p.name.startswith(AUTOSAVE_NAME)]
        found.sort(key=safeio.modified, reverse=True)
        return found[0] if found else None

    def autosave(self, game: Game) -> Path:
        from game.session.saves import SAVE_SUFFIX

        name = f"{AUTOSAVE_NAME}-{game.scenario.meta.id}{SAVE_SUFFIX}"
        when = self.clock() if self.clock else None
        return self._stamp(game.save(self.saves_folder() / name), when)

    def save_new(self, game: Game) -> Path:
        from game.session.saves import SAVE_SUFFIX

        when = self.clock() if self.clock else None
        stamp = (when or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        name = f"{game.scenario.meta.id}-turn{game.turn + 1:02d}-{stamp}{SAVE_SUFFIX}"
        return self._stamp(game.save(self.saves_folder() / name), when)

    def read(self, path: Path) -> Game:
        return Game.load(path)

    def open_save(self, app, path: Path) -> None:
        """Load a save and show its game; a broken save only shows a message."""
        try:
            game = self.read(path)
        except GameError as exc:
            app.notify(f"Cannot load: {exc}", error=True, seconds=6)
            return
        self.show(app, game)

    def start_game(self, app, entry, people: list[str], difficulty: str) -> None:
        game = Game(entry.scenario, people, difficulty, scenario_path=entry.path)
        self.show(app, game)

    def show(self, app, game: Game) -> None:
        from game.ui.screens import flow

        flow.show(app, game)
