"""A game in progress: the one mutable owner of a game's history.

Spec card:
    What: ``Match`` = scenario + seed + which nations people play + the Orders of every turn.
        It asks the computer players for the other nations' orders, merges the people's
        orders in, steps the engine (W = 1) and keeps every state and every turn's ledger,
        so the UI can draw charts and say why each figure changed. It never changes a state except through ``engine.step``.
    Saves: ``to_payload``/``from_payload`` (and ``save``/``load``) write the scenario (as
        validated data, so a save does not depend on the file it came from), the seed, the
        seats, every turn's Orders and a hash of the state after each turn, plus a snapshot of
        the last state. Loading replays the orders and checks every hash, so a save made by
        different rules is found at the turn where it diverges, and refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from game import __version__, paths, safeio
from game.ai import DEFAULT_DIFFICULTY, Decision, OfferDraft, decide, get_difficulty
from game.ai import predict_offer as _predict_offer
from game.engine import state as st
from game.engine import step
from game.engine.ledger import Ledger
from game.engine.orders import default_orders
from game.scenario.compile import Compiled, compile_scenario
from game.scenario.models import Scenario
from game.session import injected as injected_codec
from game.session.saves import (
    SAVE_SUFFIX,
    SaveError,
    decode_array,
    encode_array,
    read_save,
    write_save,
)

#: How many turns an offer a person makes stays open.
DEFAULT_OFFER_TURNS = 2


@dataclass
class HumanOrders:
    """One person's orders for the coming turn (indices, as in the engine).

    Attributes:
        alloc: shares over ``engine.state.CATEGORIES`` (sums to 1).
        research: split of the research share over domains (sums to 1).
        mission: national mission to fund, or -1.
        answers: offer-table slot -> ``ANSWER_ACCEPT`` / ``ANSWER_REJECT``.
        offers: offers to send this turn.
        leave: leave the current bloc.
    """

    alloc: np.ndarray
    research: np.ndarray
    mission: int = -1
    answers: dict[int, int] = field(default_factory=dict)
    offers: list[OfferDraft] = field(default_factory=list)
    leave: bool = False


@dataclass(frozen=True)
class TurnOutcome:
    """What one End Turn produced."""

    turn: int  # the turn that was played (1-based count of turns done)
    events: st.Events
    decision: Decision


def state_hash(state: st.State) -> str:
    """SHA-256 over every array of a State (and the turn), in field order."""
    digest = hashlib.sha256(str(state.turn).encode())
    for f in fields(state):
        value = getattr(state, f.name)
        if isinstance(value, st.Offers):
            for g in fields(value):
                digest.update(np.ascontiguousarray(getattr(value, g.name)).tobytes())
        elif isinstance(value, np.ndarray):
            digest.update(np.ascontiguousarray(value).tobytes())
    return digest.hexdigest()


def _encode_record(record) -> dict[str, Any]:
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "injected":
            out[f.name] = injected_codec.encode(value)
        elif isinstance(value, np.ndarray):
            out[f.name] = encode_array(value)
        elif hasattr(value, "__dataclass_fields__"):
            out[f.name] = _encode_record(value)
        else:
            out[f.name] = value
    return out


def _decode_record(cls, blob: dict[str, Any]):
    values = {}
    for f in fields(cls):
        if f.name == "injected":
            continue  # decoded against the Rules by Match.from_payload
        if f.name not in blob:
            raise SaveError(f"the save is missing '{f.name}'")
        value = blob[f.name]
        sub = {"offers": st.Offers, "new": st.NewOffers}.get(f.name)
        if sub is not None:
            values[f.name] = _decode_record(sub, value)
        elif isinstance(value, dict):
            values[f.name] = decode_array(value)
        else:
            values[f.name] = value
    return cls(**values)


class Match:
    """A game in progress (one world)."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        humans: list[str] | tuple[str, ...] = (),
        difficulty: str = DEFAULT_DIFFICULTY,
        seed: int | None = None,
        scenario_path: str | Path | None = None,
        world: int = 0,
    ):
        self.scenario = scenario
        self.scenario_path = str(scenario_path) if scenario_path else None
        self.difficulty = get_difficulty(difficulty).name
        self.compiled: Compiled = compile_scenario(scenario, seed=seed, world_ids=[world])
        self.seed = self.compiled.seed
        ids = self.catalog.nation_ids
        unknown = [h for h in humans if h not in ids]
        if unknown:
            raise ValueError(f"unknown nation(s): {', '.join(unknown)}")
        self.humans: tuple[str, ...] = tuple(humans)
        self.states: list[st.State] = [self.compiled.state]
        self.events: list[st.Events] = []
        self.orders: list[st.Orders] = []
        self.decisions: list[Decision] = []
        # each turn's ledger (where every figure's change came from), for the turn report
        self.ledgers: list[Ledger] = []
        self.hashes: list[str] = [state_hash(self.compiled.state)]

    # ------------------------------------------------------------------ reading

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
        return self.state.turn

    @property
    def over(self) -> bool:
        return bool(self.state.ended[0])

    def human_indices(self) -> list[int]:
        return [self.catalog.nation(h) for h in self.humans]

    def human_mask(self) -> np.ndarray:
        mask = np.zeros((1, self.rules.n_nations), dtype=bool)
        mask[0, self.human_indices()] = True
        return mask

    def inbox(self, nation: int) -> np.ndarray:
        """Offer-table slots open to ``nation`` (it is their target), in slot order."""
        offers = self.state.offers
        return np.flatnonzero(offers.active[0] & (offers.target[0] == nation))

    def outbox(self, nation: int) -> np.ndarray:
        offers = self.state.offers
        return np.flatnonzero(offers.active[0] & (offers.sender[0] == nation))

    # ------------------------------------------------------------------ orders

    def draft(self, nation: int) -> HumanOrders:
        """Suggested orders for a person: last turn's split, else the passive default."""
        if self.orders:
            last = self.orders[-1]
            mission = int(last.mission[0, nation])
            if mission >= 0 and self.state.mission_done[0, nation, mission]:
                mission = -1  # flown: nothing left to fund
            return HumanOrders(
                last.alloc[0, nation].copy(), last.research[0, nation].copy(), mission=mission
            )
        base = default_orders(self.state, self.rules)
        return HumanOrders(base.alloc[0, nation].copy(), base.research[0, nation].copy())

    def predict(self, offer: OfferDraft):
        """The predicted answer to an offer a person is composing (see ``ai.predict_offer``)."""
        return _predict_offer(self.state, self.rules, offer)

    def _merge(self, decision: Decision, people: dict[int, HumanOrders]) -> st.Orders:
        orders = decision.orders
        alloc = orders.alloc.copy()
        research = orders.research.copy()
        mission = orders.mission.copy()
        answers = orders.answers.copy()
        leave = orders.leave.copy()
        auto = orders.auto.copy()
        new = {f.name: getattr(orders.new, f.name).copy() for f in fields(orders.new)}
        slots = new["active"].shape[1]
        human_offers: list[tuple[int, OfferDraft]] = []
        for nation, h in people.items():
            alloc[0, nation] = np.asarray(h.alloc, dtype=float)
            research[0, nation] = np.asarray(h.research, dtype=float)
            mission[0, nation] = h.mission
            leave[0, nation] = bool(h.leave)
            auto[0, nation] = False
            for slot, answer in h.answers.items():
                if self.state.offers.target[0, slot] == nation:
                    answers[0, slot] = answer
            human_offers.extend((nation, o) for o in h.offers)
        # People's offers take the first slots; the computer's keep their order after them.
        ai_rows = [i for i in range(slots) if new["active"][0, i]]
        if len(human_offers) + len(ai_rows) > slots:
            ai_rows = ai_rows[: max(0, slots - len(human_offers))]
        old = {k: v.copy() for k, v in new.items()}
        for k in new:
            new[k][0] = 0 if k != "bloc" else st.NO_BLOC
        new["turns"][0] = 1
        row = 0
        for nation, o in human_offers[:slots]:
            kind = st.KIND[o.kind] if isinstance(o.kind, str) else int(o.kind)
            target = o.target
            if kind == st.KIND["apply"] and target < 0 and o.bloc >= 0:
                target = int(self.state.leader[0, o.bloc])
            values = {
                "active": True,
                "kind": kind,
                "sender": nation,
                "target": target,
                "bloc": o.bloc,
                "funds": o.funds,
                "tech": o.tech,
                "seats": o.seats,
                "payload": o.payload,
                "turns": DEFAULT_OFFER_TURNS,
            }
            for k, v in values.items():
                new[k][0, row] = v
            row += 1
        for i in ai_rows:
            for k in new:
                new[k][0, row] = old[k][0, i]
            row += 1
        return st.Orders(
            alloc=alloc,
            research=research,
            mission=mission,
            answers=answers,
            new=st.NewOffers(**new),
            leave=leave,
            auto=auto,
        )

    def end_turn(
        self,
        people: dict[int, HumanOrders] | None = None,
        injected: tuple[st.Injected, ...] = (),
    ) -> TurnOutcome:
        """Resolve a turn: the computer's orders, the people's orders, then ``engine.step``.

        ``injected``: a facilitator's events for this turn; they travel in the turn's Orders,
        so the save records them and a replay applies them again.
        """
        if self.over:
            raise RuntimeError("the game is over")
        people = people or {}
        controlled = ~self.human_mask()
        decision = decide(self.state, self.rules, self.seed, self.difficulty, controlled)
        orders = self._merge(decision, people).replace(injected=tuple(injected))
        ledger = Ledger()
        new_state, events = step(self.state, orders, self.rules, self.seed, ledger=ledger)
        self.states.append(new_state)
        self.events.append(events)
        self.ledgers.append(ledger)
        self.orders.append(orders)
        self.decisions.append(decision)
        self.hashes.append(state_hash(new_state))
        return TurnOutcome(new_state.turn, events, decision)

    # ------------------------------------------------------------------ saves

    def summary(self) -> dict[str, str]:
        names = [self.catalog.nation_names[i] for i in self.human_indices()] or ["observer"]
        title = f"{self.scenario.meta.title}: {', '.join(names)}"
        if self.over:
            detail = f"game over after {self.turn} turns, {self.catalog.date(self.turn)}"
        else:
            detail = f"turn {self.turn + 1} of {self.rules.n_turns}, {self.catalog.date(self.turn)}"
        return {"title": title, "detail": detail}

    def to_payload(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "game_version": __version__,
            "scenario": self.scenario.model_dump(mode="json"),
            "scenario_path": self.scenario_path,
            "seed": self.seed,
            "world": int(self.state.world[0]),
            "humans": list(self.humans),
            "difficulty": self.difficulty,
            "orders": [_encode_record(o) for o in self.orders],
            "hashes": self.hashes,
            "snapshot": _encode_record(self.state),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Match:
        """Rebuild a match by replaying its orders; SaveError (one clause) if anything is
        wrong: the scenario inside passes the same checks as a file, numbers are in range."""
        scenario = check_payload(payload)
        try:
            seed = _ranged(payload["seed"], "seed")
            world = _ranged(payload.get("world", 0), "world")
            humans = payload["humans"]
            match = cls(
                scenario,
                humans=humans,
                difficulty=payload["difficulty"],
                seed=seed,
                scenario_path=payload.get("scenario_path"),
                world=world,
            )
            saved_orders = [
                _decode_record(st.Orders, o).replace(
                    injected=injected_codec.decode(o.get("injected"), match.rules, turn)
                )
                for turn, o in enumerate(payload["orders"], start=1)
            ]
            hashes = list(payload["hashes"])
        except SaveError:
            raise
        except KeyError as exc:
            raise SaveError(f"damaged: it has no {_shown(exc.args[0])!r}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise SaveError(f"damaged or edited: {_shown(exc)}") from None
        if len(hashes) != len(saved_orders) + 1:
            raise SaveError("damaged: its history is cut short (turn count mismatch)")
        if hashes[0] != match.hashes[0]:
            raise SaveError("damaged or edited: it does not match its scenario's starting position")
        same_game = payload.get("game_version") == __version__
        for turn, orders in enumerate(saved_orders, start=1):
            try:
                ledger = Ledger()
                new_state, events = step(
                    match.state, orders, match.rules, match.seed, ledger=ledger
                )
            except Exception as exc:
                raise SaveError(
                    f"damaged or edited: its orders for turn {turn} cannot be played "
                    f"({_shown(exc)})"
                ) from None
            match.states.append(new_state)
            match.events.append(events)
            match.ledgers.append(ledger)
            match.orders.append(orders)
            match.hashes.append(state_hash(new_state))
            if match.hashes[-1] != hashes[turn]:
                if same_game:
                    raise SaveError(
                        f"edited: its orders for turn {turn} do not lead to the state it "
                        "recorded (the checksum was recomputed after a change)"
                    )
                made_by = _shown(payload.get("game_version", "an older release"))
                raise SaveError(
                    f"made by a different version of the game ({made_by}): its turn {turn} "
                    f"plays out differently under version {__version__}"
                )
        # Decisions are explanations only; recompute them so reports can say why.
        match.decisions = []
        return match

    def rewind(self, turn: int) -> None:
        """Go back to the start of ``turn`` (1-based: the turn about to be played after
        ``turn - 1`` turns), dropping every later turn from the history."""
        if not 1 <= turn <= self.turn + 1:
            raise ValueError(f"there is no turn {turn} to go back to (now: turn {self.turn + 1})")
        done = turn - 1
        del self.states[done + 1 :]
        del self.hashes[done + 1 :]
        del self.events[done:]
        del self.orders[done:]
        del self.ledgers[done:]
        del self.decisions[done:]

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (default: a new file in the saves folder)."""
        if path is None:
            stamp = f"{self.scenario.meta.id}-turn{self.turn:02d}"
            path = paths.saves_dir() / f"{stamp}{SAVE_SUFFIX}"
        return write_save(path, self.to_payload())

    def autosave(self) -> Path:
        """Write the autosave (one per scenario; 'continue' on the title screen loads it)."""
        return write_save(autosave_path(self.scenario.meta.id), self.to_payload())

    @classmethod
    def load(cls, path: str | Path) -> Match:
        return cls.from_payload(read_save(path))


def check_payload(payload: dict[str, Any]) -> Scenario:
    """The checks of a save short of replaying it (what the load screen runs on every save):
    the scenario inside passes the same checks as a file, numbers are in range, and the
    players are ids. Returns the scenario; raises SaveError with one clause."""
    from game.scenario.loader import load_data

    loaded = load_data(payload.get("scenario"), "the save's scenario")
    if loaded.scenario is None:
        errors = loaded.errors or loaded.problems
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        first = errors[0].message if errors else "it is missing"
        raise SaveError(f"its scenario does not pass the checks: {_shown(first)}{more}")
    for what in ("seed", "world"):
        _ranged(payload.get(what, 0), what)
    humans = payload.get("humans")
    if not isinstance(humans, list) or not all(isinstance(h, str) for h in humans):
        raise SaveError("damaged or edited: its list of players is not a list of ids")
    return loaded.scenario


def _shown(value: object) -> str:
    """A value quoted from a save in a message: visible and short."""
    return safeio.display_text(value, "reason")


def _ranged(value: object, what: str) -> int:
    """A seed or world id from a save: an integer in [0, 2**63), like the command line's."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise SaveError(f"damaged or edited: its {what} is not a number from 0 to 2**63 - 1")
    return value


def autosave_path(scenario_id: str) -> Path:
    return paths.saves_dir() / f"autosave-{scenario_id}{SAVE_SUFFIX}"


def latest_autosave() -> Path | None:
    """The most recent autosave, or None (entries that can't be read sort last)."""
    files, _ = safeio.list_folder(paths.saves_dir(), (SAVE_SUFFIX,))
    found = [p for p in files if p.name.startswith("autosave-")]
    found.sort(key=safeio.modified, reverse=True)
    return found[0] if found else None
