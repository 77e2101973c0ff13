"""A game in progress: the one mutable owner of a game's history.

Spec card:
    What: ``Match`` = scenario + seed + which nations people play + the Orders of every turn.
        It is the only game object: the screens, the commands and the tests all hold one.
        It keeps the people's drafts for the coming turn; End Turn plays the turn through
        ``session.play_turn`` (the computer's orders, the people's merged in, ``engine.step``,
        W = 1) and keeps every state and every turn's ledger, so the screens can draw charts
        and say why each figure changed. It never changes a state except through a step.
    Parts: ``session.reading`` (what a person reads), ``session.offers`` (drafts, offers and
        predictions), ``session.orders`` (the draft types), ``session.library`` (files).
    Saves: ``to_payload``/``from_payload`` (and ``save``/``load``) write the scenario (as
        validated data, so a save does not depend on the file it came from), the seed, the
        seats, the rules version, every turn's Orders and a hash of the state after each
        turn, plus the last State (``session.snapshot``). Loading a save of these rules
        replays the orders and checks every hash, so an edit or a changed release is found
        at the turn where it diverges, and refused.
    Older rules: a save made under older rules is never replayed under these. It continues
        from the last State it stored (checked like any untrusted input) and says so in
        ``notice``; ``first_turn`` is then the turn that State had, the history holds only
        the turns played since, and a save of it keeps that State as its start
        (``"start"``, ``"continued"``), so it replays exactly from there. Undo cannot go back
        before that turn, and a debrief (which needs every turn) is not possible.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from game import __version__, paths, safeio
from game.ai import DEFAULT_DIFFICULTY, Decision, get_difficulty
from game.engine import RULES_VERSION
from game.engine import state as st
from game.engine.ledger import Ledger
from game.scenario.compile import Compiled, compile_scenario
from game.scenario.models import Scenario
from game.session import console as console_codec
from game.session import injected as injected_codec
from game.session.offers import OfferDesk
from game.session.orders import Draft
from game.session.play import Played, play_turn, turn_orders
from game.session.saves import (
    SAVE_SUFFIX,
    SaveError,
    decode_array,
    encode_array,
    read_save,
    write_save,
)
from game.session.snapshot import decode_state, encode_state, stored_hash
from game.text.words import counted


@dataclass(frozen=True)
class TurnOutcome:
    """What one End Turn produced."""

    turn: int  # the turn that was played (1-based count of turns done)
    events: st.Events
    decision: Decision | None


@dataclass(slots=True)
class TurnReport:
    """What happened in turn ``index`` (0-based): the states around it, its events, its ledger."""

    match: Match
    index: int

    @property
    def before(self) -> st.State:
        return self.match.states[self.index]

    @property
    def after(self) -> st.State:
        return self.match.states[self.index + 1]

    @property
    def events(self) -> st.Events:
        return self.match.events[self.index]

    @property
    def ledger(self) -> Ledger:
        """The engine's ledger of the turn (where each figure's change came from)."""
        return self.match.ledgers[self.index]


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
    out: dict[str, Any] = {}
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


class Match(OfferDesk):
    """A game in progress (one world): the only game object, for the screens, the commands
    and the tests alike."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        humans: list[str] | tuple[str, ...] = (),
        difficulty: str = DEFAULT_DIFFICULTY,
        seed: int | None = None,
        scenario_path: str | Path | None = None,
        world: int = 0,
        game_id: str | None = None,
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
        #: The nations people play, by id (as saved), and by index in play order.
        self.humans: tuple[str, ...] = tuple(humans)
        self.people: list[int] = [self.catalog.nation(h) for h in self.humans]
        #: Which game this is: its autosave is its own (see ``session.library``).
        self.game_id = game_id or new_game_id()
        #: Whether this Match has written its autosave (a loaded game has not, yet).
        self.autosaved = False
        self.states: list[st.State] = [self.compiled.state]
        self.events: list[st.Events] = []
        self.orders: list[st.Orders] = []
        self.decisions: list[Decision | None] = []
        # each turn's ledger (where every figure's change came from), for the turn report
        self.ledgers: list[Ledger] = []
        self.hashes: list[str] = [state_hash(self.compiled.state)]
        #: The people's orders for the coming turn, as they edit them.
        self.drafts: dict[int, Draft] = {}
        #: (turn, nation) pairs whose turn report has been shown (hot-seat: once each).
        self.reports_seen: set[tuple[int, int]] = set()
        #: Turns played when the game was last written to a file (None: never).
        self.saved_turns: int | None = None
        #: The turn of ``states[0]``: 0, or the turn of the stored State a save made under
        #: older rules continues from (its earlier turns are not in this history).
        self.first_turn = 0
        #: The rules the game's first state was reached under (older when continued).
        self.made_under = RULES_VERSION
        #: One line for the person about how this game was opened (None: nothing to say).
        self.notice: str | None = None
        #: The facilitator console's PIN and timer, kept in the save.
        self.console = console_codec.ConsoleSettings()
        self._money: tuple[int, np.ndarray] | None = None

    # ------------------------------------------------------------------ reading

    def human_indices(self) -> list[int]:
        return list(self.people)

    @property
    def unsaved(self) -> bool:
        """Whether quitting now would lose something: turns played since the last save, or
        orders a person has changed this turn."""
        if self.orders and self.saved_turns != len(self.orders):
            return True
        return any(draft != self.fresh_draft(i) for i, draft in self.drafts.items())

    # ------------------------------------------------------------------ the turn

    def end_turn(
        self,
        people: dict[int, Draft] | None = None,
        injected: tuple[st.Injected, ...] = (),
    ) -> TurnOutcome:
        """Resolve a turn: the computer's orders, the people's (``people``, else every
        person's draft), then ``engine.step``, through ``session.play_turn``.

        ``injected``: a facilitator's events for this turn; they travel in the turn's Orders,
        so the save records them and a replay applies them again.
        """
        if self.over:
            raise RuntimeError("the game is over")
        if people is None:
            people = {i: self.draft(i) for i in self.people}
        orders, decision = turn_orders(
            self.state, self.rules, self.seed, self.difficulty, ~self.human_mask(), people
        )
        played = play_turn(
            self.state,
            self.rules,
            self.seed,
            orders=orders.replace(injected=tuple(injected)),
            ledger=Ledger(),
        )
        self._record(dataclasses.replace(played, decision=decision))
        self.drafts = {}
        return TurnOutcome(played.state.turn, played.events, played.decision)

    def _record(self, played: Played) -> None:
        self.states.append(played.state)
        self.events.append(played.events)
        self.orders.append(played.orders)
        self.decisions.append(played.decision)
        self.hashes.append(state_hash(played.state))
        self.ledgers.append(played.ledger or Ledger())

    def report_due(self, player: int) -> bool:
        """Whether ``player`` has yet to see the report of the last turn (then marks it
        seen: in hot-seat each person sees it once, at the start of their own turn)."""
        if not self.events or (self.turn, player) in self.reports_seen:
            return False
        self.reports_seen.add((self.turn, player))
        return True

    def report(self, index: int | None = None) -> TurnReport | None:
        """What happened in turn ``index`` (0-based; default the last one played)."""
        if not self.events:
            return None
        return TurnReport(self, len(self.events) - 1 if index is None else index)

    # ------------------------------------------------------------------ saves

    def summary(self) -> dict[str, Any]:
        names = [self.catalog.nation_names[i] for i in self.human_indices()] or ["observer"]
        title = f"{self.scenario.meta.title}: {', '.join(names)}"
        if self.over:
            detail = f"game over after {counted(self.turn, 'turn')}, {self.catalog.date(self.turn)}"
        else:
            detail = f"turn {self.turn + 1} of {self.rules.n_turns}, {self.catalog.date(self.turn)}"
        return {"title": title, "detail": detail, "over": bool(self.over)}

    def to_payload(self) -> dict[str, Any]:
        payload = {
            "summary": self.summary(),
            "game_version": __version__,
            "rules_version": RULES_VERSION,
            "scenario": self.scenario.model_dump(mode="json"),
            "scenario_path": self.scenario_path,
            "seed": self.seed,
            "world": int(self.state.world[0]),
            "humans": list(self.humans),
            "game_id": self.game_id,
            "difficulty": self.difficulty,
            "orders": [_encode_record(o) for o in self.orders],
            "hashes": self.hashes,
            "snapshot": encode_state(self.state),
            "console": console_codec.encode(self.console),
        }
        if self.first_turn or self.made_under != RULES_VERSION:
            # The history starts from a stored State, not from the scenario: keep it.
            payload["start"] = encode_state(self.states[0])
            payload["continued"] = {"rules_version": self.made_under, "turn": self.first_turn}
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Match:
        """Rebuild a match: replay its orders (a save of these rules) or continue from its
        stored State (older rules); SaveError (one clause) if anything is wrong: the
        scenario inside passes the same checks as a file, numbers are in range, a stored
        State is sound."""
        scenario = check_payload(payload)
        made_under = _rules_version(payload.get("rules_version", 1))
        with _damage_is_save_error():
            seed = _ranged(payload["seed"], "seed")
            world = _ranged(payload.get("world", 0), "world")
            match = cls(
                scenario,
                humans=payload["humans"],
                difficulty=payload["difficulty"],
                seed=seed,
                scenario_path=payload.get("scenario_path"),
                world=world,
                game_id=_game_id(payload.get("game_id")),
            )
        match.console, _ = console_codec.decode(payload.get("console"))
        match._open(payload, made_under, world)
        match.notice = save_notice(payload)
        return match

    def _open(self, payload: dict[str, Any], made_under: int, world: int) -> None:
        """Bring the history up to the saved turn: replay it, or continue from the stored
        State of a save made under older rules."""
        if made_under != RULES_VERSION:
            # Its orders would play out differently under these rules: go on from its state.
            blob = payload.get("snapshot")
            self._start_from(decode_state(blob, self.compiled, world))
            hashes = payload.get("hashes")
            if not isinstance(hashes, list) or not hashes or stored_hash(blob) != hashes[-1]:
                raise SaveError(
                    "damaged or edited: its stored state is not the one its last turn recorded"
                )
            self.made_under = made_under
            self.saved_turns = None  # not yet saved under these rules
            return
        if "start" in payload:
            continued = payload.get("continued")
            self._start_from(decode_state(payload["start"], self.compiled, world))
            if not isinstance(continued, dict) or continued.get("turn") != self.first_turn:
                raise SaveError("damaged or edited: it does not say where it was continued from")
            self.made_under = _rules_version(continued.get("rules_version"))
        self._replay(payload)

    def _start_from(self, state: st.State) -> None:
        """Make ``state`` (checked) the first of this game's history."""
        self.states = [state]
        self.hashes = [state_hash(state)]
        self.first_turn = int(state.turn)

    def _replay(self, payload: dict[str, Any]) -> None:
        """Play the saved orders from the first state, checking every recorded hash."""
        with _damage_is_save_error():
            saved_orders = [
                _decode_record(st.Orders, o).replace(
                    injected=injected_codec.decode(o.get("injected"), self.rules, turn)
                )
                for turn, o in enumerate(payload["orders"], start=self.first_turn + 1)
            ]
            hashes = list(payload["hashes"])
        if len(hashes) != len(saved_orders) + 1:
            raise SaveError("damaged: its history is cut short (turn count mismatch)")
        if hashes[0] != self.hashes[0]:
            raise SaveError("damaged or edited: it does not match its scenario's starting position")
        same_game = payload.get("game_version") == __version__
        for index, orders in enumerate(saved_orders, start=1):
            turn = self.first_turn + index
            try:
                played = play_turn(
                    self.state, self.rules, self.seed, orders=orders, ledger=Ledger()
                )
            except Exception as exc:
                raise SaveError(
                    f"damaged or edited: its orders for turn {turn} cannot be played "
                    f"({_shown(exc)})"
                ) from None
            self._record(played)
            if self.hashes[-1] != hashes[index]:
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
        # Decisions are explanations only: a replay has none to show.
        self.saved_turns = len(self.orders)

    @property
    def debrief_problem(self) -> str | None:
        """Why this game has no debrief (None: it has one). A debrief reads every turn from
        the scenario's start, which a game continued from an older-rules save lacks."""
        if not self.first_turn:
            return None
        return (
            f"no debrief: its turns up to turn {self.first_turn} were played under rules "
            f"v{self.made_under} and can't be replayed (a game begun under rules "
            f"v{RULES_VERSION} has one)"
        )

    def rewind(self, turn: int) -> None:
        """Go back to the start of ``turn`` (1-based: the turn about to be played after
        ``turn - 1`` turns), dropping every later turn from the history."""
        if self.first_turn and 1 <= turn <= self.first_turn:
            raise ValueError(
                f"this game went on from a rules v{self.made_under} save at the start of turn "
                f"{self.first_turn + 1}: it cannot go back before that turn"
            )
        if not self.first_turn + 1 <= turn <= self.turn + 1:
            raise ValueError(f"there is no turn {turn} to go back to (now: turn {self.turn + 1})")
        done = turn - 1 - self.first_turn
        del self.states[done + 1 :]
        del self.hashes[done + 1 :]
        del self.events[done:]
        del self.orders[done:]
        del self.ledgers[done:]
        del self.decisions[done:]
        self.drafts = {}

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (default: a new file in the saves folder)."""
        if path is None:
            # the game's id in the name: another game at the same turn keeps its own file
            stamp = f"{self.scenario.meta.id}-{self.game_id}-turn{self.turn:02d}"
            path = paths.saves_dir() / f"{stamp}{SAVE_SUFFIX}"
        written = write_save(path, self.to_payload())
        self.saved_turns = len(self.orders)
        return written

    @classmethod
    def load(cls, path: str | Path) -> Match:
        return cls.from_payload(read_save(path))


def new_game_id() -> str:
    """A fresh game's id: the time it began and a random tail, so two games started in the
    same second still have their own autosave."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def _game_id(value: object) -> str | None:
    """A saved game's id (saves from before ids get a fresh one when loaded)."""
    ok = isinstance(value, str) and 0 < len(value) <= 40
    if ok and all(c.isalnum() or c in "-_" for c in str(value)):
        return str(value)
    return None


def continued_notice(made_under: int, turn: int, fresh: bool) -> str:
    """The one line a game continued from an older-rules save shows when it opens."""
    if fresh:
        return (
            f"Made with rules v{made_under}; continues from its last state under rules "
            f"v{RULES_VERSION} — earlier turns can't be replayed exactly"
        )
    return (
        f"Made with rules v{made_under}; continued after turn {turn} under rules "
        f"v{RULES_VERSION} — turns up to then can't be replayed exactly"
    )


def save_notice(payload: dict[str, Any]) -> str | None:
    """The one line a save shows when listed or opened: whether it continues from a state
    reached under older rules, and any console setting it had to drop (None: nothing).
    Reads the header only (the load screen runs it on every save)."""
    said = []
    made_under = payload.get("rules_version", 1)
    continued = payload.get("continued")
    if isinstance(made_under, int) and 1 <= made_under < RULES_VERSION:
        said.append(continued_notice(made_under, 0, fresh=True))
    elif isinstance(continued, dict) and "start" in payload:
        version, turn = continued.get("rules_version"), continued.get("turn")
        if isinstance(version, int) and isinstance(turn, int):
            said.append(continued_notice(version, turn, fresh=False))
    dropped = console_codec.decode(payload.get("console"))[1]
    if dropped:
        said.append(dropped[0].upper() + dropped[1:] if not said else dropped)
    return "; ".join(said) or None


def _rules_version(value: object) -> int:
    """A save's rules version: 1 to this game's (a newer one is a newer game's save)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SaveError("damaged or edited: its rules version is not a whole number from 1")
    if value > RULES_VERSION:
        raise SaveError(
            f"made with newer rules (v{value}) than this game plays (v{RULES_VERSION}): "
            "open it with a newer release"
        )
    return value


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
    _rules_version(payload.get("rules_version", 1))
    humans = payload.get("humans")
    if not isinstance(humans, list) or not all(isinstance(h, str) for h in humans):
        raise SaveError("damaged or edited: its list of players is not a list of ids")
    return loaded.scenario


@contextlib.contextmanager
def _damage_is_save_error() -> Iterator[None]:
    """A save's missing key or wrong value, raised while reading it, as one SaveError."""
    try:
        yield
    except SaveError:
        raise
    except KeyError as exc:
        raise SaveError(f"damaged: it has no {_shown(exc.args[0])!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise SaveError(f"damaged or edited: {_shown(exc)}") from None


def _shown(value: object) -> str:
    """A value quoted from a save in a message: visible and short."""
    return safeio.display_text(value, "reason")


def _ranged(value: object, what: str) -> int:
    """A seed or world id from a save: an integer in [0, 2**63), like the command line's."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise SaveError(f"damaged or edited: its {what} is not a number from 0 to 2**63 - 1")
    return value
