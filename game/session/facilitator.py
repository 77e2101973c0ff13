"""The facilitator's controls for a classroom game on one machine (no pygame).

Spec card:
    What: ``Facilitator`` wraps a ``Match`` played hot-seat by several teams and gives the
        teacher what the room must not see: a turn timer per team, pause and resume, events
        injected into the game, undo to the start of an earlier turn, every team's figures,
        and who has finished. The console screen draws it; the engine still decides
        everything (an injected event goes into the turn's Orders and the events phase
        applies it with the scenario's own effect functions, so the save replays it).
    The turn round: teams play one after another in the order of ``Match.humans``. A team's
        clock starts when its hand-over screen is passed (``pass_handover``) and runs only
        while it plays and the game is not paused. When it runs out (``tick``), the team's
        turn ends with what it has set so far: its sliders, its answers and the offers it
        has sent stand; the offer it was still writing (``Slot.composing``) is dropped, and
        a message says so. When every team is done, ``end_turn`` resolves the turn.
    Clock: any function returning seconds (default ``time.monotonic``), so tests drive it.
    PIN: optional; stored as a salted PBKDF2 hash (``pin_record``), never as the PIN.
    Kept in the save: the PIN record and the timer live in ``Match.console``
        (``session.console``), so a class reopened from its save has both; ``lock`` and
        ``set_timer`` change them there.
"""

from __future__ import annotations

import difflib
import hashlib
import hmac
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from game.engine import state as st
from game.scenario import models as sm
from game.scenario.compile import compile_effects
from game.session.console import timer_ok
from game.session.match import Match, TurnOutcome
from game.session.orders import Draft, OfferDraft
from game.text.words import possessive

#: Effects a facilitator may write on the spot (the issue's list: budget, support,
#: relations, technology, a forbidden pair, news; prestige is as plain as support).
WRITABLE = (
    "budget",
    "support",
    "prestige",
    "relations",
    "tech",
    "forbid_pair",
    "allow_pair",
    "news",
)

#: A team's place in the turn round.
WAITING, PLAYING, DONE, TIMED_OUT = "waiting", "playing", "done", "timed out"
#: The facilitator ended the turn before the team finished (with or without a timer).
ENDED = "ended by the facilitator"

_EFFECTS = TypeAdapter(list[sm.Effect])
_PIN_ROUNDS = 60_000


class FacilitatorError(ValueError):
    """Something the facilitator asked for that cannot be done; the message is one line."""


@dataclass
class Slot:
    """One team's part of the current turn.

    Attributes:
        nation: the team's nation index.
        orders: what the team has set so far: the Match's own draft, which the screens edit.
        composing: an offer being written and not yet sent (dropped if time runs out).
        status: WAITING, PLAYING, DONE, TIMED_OUT or ENDED.
        used: seconds of its clock spent this turn.
    """

    nation: int
    orders: Draft
    composing: OfferDraft | None = None
    status: str = WAITING
    used: float = 0.0
    started: float | None = None  # clock reading when its clock last started running


@dataclass(frozen=True)
class TeamFigures:
    """One nation's figures as the engine has them (the all-seeing view)."""

    nation: str
    name: str
    team: bool  # played by a team (else by the computer)
    status: str  # a team's place in the round; "computer" otherwise
    bloc: str  # bloc name, or "" when unaligned
    budget: float
    reserve: float
    support: float
    prestige: float
    tech: float  # mean over domains
    score: float
    inbox: int
    outbox: int
    seconds_left: float | None


@dataclass
class Facilitator:
    """Timer, pause, injected events, undo and the all-seeing view over one Match.

    Args:
        match: the game, played hot-seat by ``match.humans``.
        seconds: each team's time per turn (None: no timer).
        clock: returns seconds; injectable so tests never wait.
    """

    match: Match
    seconds: float | None = 120.0
    clock: Callable[[], float] = time.monotonic
    slots: dict[int, Slot] = field(default_factory=dict)
    pending: list[st.Injected] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    paused_at: float | None = None

    def __post_init__(self) -> None:
        self.set_timer(self.seconds)
        self._new_round()

    def set_timer(self, seconds: float | None) -> None:
        """Each team's time per turn from now on (None: no timer), kept with the game."""
        if not timer_ok(seconds):
            raise FacilitatorError("a team's time must be between 1 second and a day")
        self.seconds = seconds
        self.match.console.seconds = seconds

    @property
    def locked(self) -> bool:
        """Whether the console asks for a PIN."""
        return self.match.console.pin is not None

    def lock(self, pin: str) -> None:
        """Lock the console with ``pin`` (4 to 12 digits); the game keeps only its hash."""
        self.match.console.pin = pin_record(pin)

    def opens(self, pin: str) -> bool:
        """Whether ``pin`` opens this game's console."""
        return pin_matches(self.match.console.pin, pin)

    # ------------------------------------------------------------------ the round

    def _new_round(self) -> None:
        self.slots = {i: Slot(i, self.match.draft(i)) for i in self.match.human_indices()}
        self.pending = []

    def _name(self, nation: int) -> str:
        return self.match.catalog.nation_names[nation]

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def playing(self) -> int | None:
        """The team whose slot is running, or None."""
        return next((i for i, s in self.slots.items() if s.status == PLAYING), None)

    def next_team(self) -> int | None:
        """The team to call to the machine next (its hand-over screen), or None when all
        have played."""
        if self.playing() is not None:
            return None
        return next((i for i, s in self.slots.items() if s.status == WAITING), None)

    def pass_handover(self, nation: int | None = None) -> Slot:
        """The team's hand-over screen was passed: its slot starts and its clock runs."""
        self.tick()
        nation = self.next_team() if nation is None else nation
        slot = self.slots.get(nation) if nation is not None else None
        if slot is None:
            raise FacilitatorError("no team is waiting for its turn")
        if slot.status != WAITING or self.playing() is not None:
            raise FacilitatorError(f"{self._name(slot.nation)} cannot start now")
        slot.status = PLAYING
        slot.started = None if self.paused else self.clock()
        return slot

    def _spend(self, slot: Slot, now: float) -> None:
        if slot.started is not None:
            slot.used += max(0.0, now - slot.started)
            slot.started = now

    def seconds_left(self, nation: int) -> float | None:
        """Seconds left on a team's clock this turn (None: no timer)."""
        if self.seconds is None:
            return None
        slot = self.slots[nation]
        used = slot.used
        if slot.started is not None:
            used += max(0.0, self.clock() - slot.started)
        return max(0.0, self.seconds - used)

    def tick(self) -> list[str]:
        """Let the clock act (the screen calls this every frame); returns new messages."""
        before = len(self.messages)
        nation = self.playing()
        if nation is not None and not self.paused:
            left = self.seconds_left(nation)
            if left is not None and left <= 0.0:
                self._stop(nation, TIMED_OUT)
        return self.messages[before:]

    def _stop(self, nation: int, status: str) -> None:
        slot = self.slots[nation]
        self._spend(slot, self.clock())
        slot.started = None
        slot.status = status
        if status in (TIMED_OUT, ENDED):
            dropped = slot.composing is not None
            slot.composing = None
            why = "time ran out" if status == TIMED_OUT else "turn was ended by the facilitator"
            self.messages.append(
                f"{possessive(self._name(nation))} {why}: its turn ends with what it had set"
                + (" (the offer it was still writing was not sent)." if dropped else ".")
            )

    def finish(self, nation: int) -> None:
        """The team ends its own turn (its offer still being written is not sent)."""
        self.tick()
        slot = self.slots.get(nation)
        if slot is None or slot.status != PLAYING:
            return  # already out of time, or not its turn: nothing to finish
        slot.composing = None
        self._stop(nation, DONE)

    def finished(self) -> dict[str, str]:
        """Each team's place in the round, by nation id."""
        self.tick()
        ids = self.match.catalog.nation_ids
        return {ids[i]: s.status for i, s in self.slots.items()}

    @property
    def ready(self) -> bool:
        """Every team has finished (or run out of time)."""
        self.tick()
        return all(s.status in (DONE, TIMED_OUT, ENDED) for s in self.slots.values())

    # ------------------------------------------------------------------ pause

    def pause(self) -> None:
        if self.paused:
            return
        now = self.clock()
        for slot in self.slots.values():
            self._spend(slot, now)
            slot.started = None
        self.paused_at = now
        self.messages.append("The game is paused.")

    def resume(self) -> None:
        if not self.paused:
            return
        self.paused_at = None
        nation = self.playing()
        if nation is not None:
            self.slots[nation].started = self.clock()
        self.messages.append("The game goes on.")

    # ------------------------------------------------------------------ the turn

    def end_turn(self, force: bool = False) -> TurnOutcome:
        """Resolve the turn with every team's orders and the injected events.

        Args:
            force: the facilitator ends the turn now; teams that have not finished end
                with what they have set, and the message says the facilitator ended it.
        """
        if self.paused:
            raise FacilitatorError("the game is paused: resume it to end the turn")
        if not self.ready:
            if not force:
                waiting = [
                    self._name(i) for i, s in self.slots.items() if s.status in (WAITING, PLAYING)
                ]
                raise FacilitatorError(f"still playing: {', '.join(waiting)}")
            for nation, slot in self.slots.items():
                if slot.status in (WAITING, PLAYING):
                    self._stop(nation, ENDED)
        people = {i: s.orders for i, s in self.slots.items()}
        outcome = self.match.end_turn(people, injected=tuple(self.pending))
        self._new_round()
        return outcome

    def undo_to(self, turn: int) -> None:
        """Go back to the start of ``turn`` (1-based); later turns leave the game and its
        save. The round starts again, with nothing injected."""
        if self.playing() is not None:
            self._stop(self.playing(), DONE)  # type: ignore[arg-type]
        try:
            self.match.rewind(turn)
        except ValueError as exc:
            raise FacilitatorError(str(exc)) from None
        self._new_round()
        self.messages.append(f"Back to the start of turn {turn}.")

    # ------------------------------------------------------------------ injected events

    def _nations(self, ids: Sequence[str]) -> np.ndarray:
        index = self.match.catalog.index["nation"]
        mask = np.zeros(self.match.rules.n_nations, dtype=bool)
        for nation_id in ids:
            if nation_id not in index:
                raise FacilitatorError(_unknown("nation", nation_id, index))
            mask[index[nation_id]] = True
        return mask

    def inject_random(self, event_id: str, nations: Sequence[str]) -> st.Injected:
        """Add the scenario's random event ``event_id`` to this turn, striking ``nations``."""
        c = self.match.catalog
        index = c.index["random"]
        if event_id not in index:
            raise FacilitatorError(_unknown("random event", event_id, index))
        struck = self._nations(nations)
        if not struck.any():
            raise FacilitatorError("name at least one nation for the event to strike")
        row = index[event_id]
        inj = st.Injected(
            effects=self.match.rules.rn_effects[row],
            struck=struck,
            random=row,
            title=c.random_titles[row],
            text=c.random_texts[row],
        )
        self.pending.append(inj)
        return inj

    def inject_written(self, title: str, text: str, effects: list[dict[str, Any]]) -> st.Injected:
        """Add an event written on the spot: ``effects`` in the scenario format (see
        ``WRITABLE`` for the types allowed)."""
        title, text = title.strip(), text.strip()
        if not title or len(title) > 120 or len(text) > 400:
            raise FacilitatorError("an event needs a title (up to 120 characters, text up to 400)")
        if not effects:
            raise FacilitatorError("an event needs at least one effect (news alone will do)")
        try:
            parsed = _EFFECTS.validate_python(effects)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = first["loc"]
            number = int(loc[0]) + 1 if loc and isinstance(loc[0], int) else 1
            where = ".".join(str(p) for p in loc[1:2])
            raise FacilitatorError(f"effect {number}: {where} {first['msg']}".strip()) from None
        struck = np.zeros(self.match.rules.n_nations, dtype=bool)
        for e in parsed:
            self._check_refs(e)
            if hasattr(e, "nations"):
                struck |= self._mask(e.nations)
        inj = st.Injected(
            effects=compile_effects(self.match.scenario, parsed),
            struck=struck,
            title=title,
            text=text,
        )
        self.pending.append(inj)
        return inj

    def _mask(self, ids) -> np.ndarray:
        if ids == "all":
            return np.ones(self.match.rules.n_nations, dtype=bool)
        return self._nations(ids)

    def _check_refs(self, e) -> None:
        if e.type not in WRITABLE:
            raise FacilitatorError(
                f"a {e.type} effect cannot be written during a game; use one of {', '.join(WRITABLE)}"
            )
        for name in ("nations", "others"):
            if hasattr(e, name):
                self._mask(getattr(e, name))
        index = self.match.catalog.index
        if e.type == "tech" and e.domain != "all" and e.domain not in index["domain"]:
            raise FacilitatorError(_unknown("domain", e.domain, index["domain"]))
        if e.type in ("forbid_pair", "allow_pair") and e.pair not in index["pair"]:
            raise FacilitatorError(_unknown("forbidden pair", e.pair, index["pair"]))

    def cancel_injected(self, position: int) -> None:
        """Take back an event injected this turn (before the turn is resolved)."""
        if not 0 <= position < len(self.pending):
            raise FacilitatorError("there is no such injected event this turn")
        del self.pending[position]

    # ------------------------------------------------------------------ the all-seeing view

    def figures(self) -> list[TeamFigures]:
        """Every nation's figures, teams first, as the current state holds them."""
        self.tick()
        s, c = self.match.state, self.match.catalog
        out = []
        for i, nation_id in enumerate(c.nation_ids):
            slot = self.slots.get(i)
            k = int(s.bloc[0, i])
            out.append(
                TeamFigures(
                    nation=nation_id,
                    name=c.nation_names[i],
                    team=slot is not None,
                    status=slot.status if slot is not None else "computer",
                    bloc=c.bloc_names[k] if k >= 0 else "",
                    budget=float(s.budget[0, i]),
                    reserve=float(s.reserve[0, i]),
                    support=float(s.support[0, i]),
                    prestige=float(s.prestige[0, i]),
                    tech=float(s.tech[0, i].mean()),
                    score=float(s.score[0, i]),
                    inbox=len(self.match.inbox(i)),
                    outbox=len(self.match.outbox(i)),
                    seconds_left=self.seconds_left(i) if slot is not None else None,
                )
            )
        out.sort(key=lambda f: not f.team)
        return out


def _unknown(what: str, name: str, known) -> str:
    close = difflib.get_close_matches(str(name), list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {what} '{name}'{hint}"


# ---------------------------------------------------------------------- PIN


def pin_record(pin: str) -> dict[str, str]:
    """A salted hash of a console PIN (4 to 12 digits), to keep in settings or a save."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise FacilitatorError("a PIN is 4 to 12 digits")
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, _PIN_ROUNDS)
    return {"salt": salt.hex(), "hash": digest.hex()}


def pin_matches(record: dict[str, str] | None, pin: str) -> bool:
    """Whether ``pin`` opens a console locked with ``record`` (no record: no lock)."""
    if not record:
        return True
    try:
        salt = bytes.fromhex(record["salt"])
        want = bytes.fromhex(record["hash"])
    except (KeyError, TypeError, ValueError):
        return False  # a damaged lock opens for nobody; the settings screen can reset it
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, _PIN_ROUNDS)
    return hmac.compare_digest(digest, want)
