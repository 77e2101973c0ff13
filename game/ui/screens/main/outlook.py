"""The player's outlook: the race forecast and the advisers' paired comparisons, worked out
in the forecast process (``game.sim.forecast_service.ForecastService``) and read once per frame.

Spec card:
    Asks: after every turn, a forecast of the game from the Match's state (its seed, level
        and the player's seat); while a tab shows a pending choice, a comparison of the
        player's orders without it and with it (the same futures, so the difference is the
        choice). One question is in the process at a time: the race first, then the choices
        a tab shows, in the order it asks for them; a comparison no longer shown is dropped
        once another is wanted, or at once when the tab says its choice is still moving
        (``settle``: a slider being dragged).
    Stale answers: an answer computed for another turn than the Match's is dropped.
    Never blocks: ``poll`` looks for an answer and sends the next question; nothing waits.
    Words: every figure shown comes from the ``Forecast`` or ``Comparison`` received.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from game.session.match import Match
from game.sim.forecast import Comparison, Forecast, SeatOrders
from game.sim.forecast_service import ForecastService
from game.text.words import from_to, signed

#: What a figure still being worked out says.
COMPUTING = "computing…"
#: Said after an earlier turn's figure shown while this turn's is worked out (the advisers
#: and the race line went blank for 3-4 s after every End Turn).
UPDATING = "updating…"

#: One decimal, for the differences the advisers show.
ONE = "{:.1f}"


@dataclass(frozen=True)
class Choice:
    """A pending choice: the player's orders without it (``base``) and with it (``alt``)."""

    what: str  # the choice in words, e.g. "accepting Japan's offer"
    base: SeatOrders
    alt: SeatOrders


def orders_of(draft) -> SeatOrders:
    """A frozen copy of a draft (the forecast process gets it later, the draft may change)."""
    copied = SeatOrders.of(draft)
    return dataclasses.replace(copied, offers=tuple(o.copy() for o in draft.offers))


class Outlook:
    """The race forecast and the advisers' comparisons for one player of one Match."""

    def __init__(self, match: Match, seat: int, service: ForecastService | None = None):
        self.match = match
        self.seat = seat
        self.service = service if service is not None else ForecastService()
        self.race: Forecast | None = None
        self.race_error: str | None = None
        self._race_turn = -1  # the turn whose forecast (or error) is held
        self.advice: dict[str, Comparison | str] = {}  # choice key -> comparison or error
        self._wanted: dict[str, Choice] = {}  # the choices shown this frame, by key
        self._settling = False  # the shown choice is still changing: ask nothing yet
        self._inflight: tuple[str, str, int] | None = None  # (kind, key, turn)
        #: The last race forecast of an earlier turn, shown marked while this one is worked out.
        self.last_race: Forecast | None = None
        #: Comparisons received, by their choice whatever the turn (``earlier``).
        self.known: dict[str, Comparison] = {}
        self._inflight_choice = ""

    # --------------------------------------------------------------- the process
    def start(self) -> None:
        """Start the process and ask for this turn's forecast."""
        self.service.start()
        self.poll()

    def close(self) -> None:
        self.service.close()

    def poll(self) -> None:
        """Once per frame: take an answer if one came, then send the next question."""
        turn = self.match.turn
        if self._inflight is not None:
            out = self.service.poll()
            if out is not None:
                kind, key, asked = self._inflight
                self._inflight = None
                if out.turn == turn and asked == turn:
                    if kind == "race":
                        self.race, self.race_error = out.forecast, out.error
                        self._race_turn = turn
                    else:
                        self.advice[key] = out.comparison or out.error or "no answer"
                        if out.comparison is not None:
                            self.known[self._inflight_choice] = out.comparison
                            while len(self.known) > 64:
                                self.known.pop(next(iter(self.known)))
            elif self._inflight[2] != turn:
                self._inflight = None  # asked for a turn gone by: ask again now
            elif self._overtaken():
                self._inflight = None
                self.service.cancel()
        if self._inflight is None:
            self._send_next(turn)

    def _overtaken(self) -> bool:
        """A comparison in the process is no longer shown and something else is wanted."""
        kind, key, _turn = self._inflight
        if kind != "compare" or key in self._wanted:
            return False
        return self._settling or any(k not in self.advice for k in self._wanted)

    def _send_next(self, turn: int) -> None:
        """Ask for this turn's race forecast first, then the first comparison still wanted."""
        base = alt = None
        if self._race_turn != turn:
            self.last_race = self.race or self.last_race
            self.race, self.race_error = None, None
            self.advice = {}
            kind, key = "race", ""
        else:
            waiting = [(k, c) for k, c in self._wanted.items() if k not in self.advice]
            if self._settling or not waiting:
                return
            key, choice = waiting[0]
            kind, base, alt = "compare", choice.base, choice.alt
            self._inflight_choice = repr((base, alt))
        self.service.request(
            self.match.state,
            self.match.rules,
            self.match.seed,
            difficulty=self.match.difficulty,
            seat=self.seat,
            base=base,
            alt=alt,
        )
        self._inflight = (kind, key, turn)

    # --------------------------------------------------------------- what is shown
    def ready(self) -> bool:
        return self._race_turn == self.match.turn

    def race_line(self) -> str:
        """'Artemis finishes first in 62% of futures, median 2031-09', or that it is busy."""
        if not self.ready():
            if self.last_race is not None:
                return f"{leader_line(self.match, self.last_race)} · {UPDATING}"
            return f"Race forecast: {COMPUTING}"
        if self.race is None:
            return f"Race forecast unavailable: {self.race_error}"
        return leader_line(self.match, self.race)

    def compare(self, choice: Choice | None) -> Comparison | str | None:
        """The comparison of ``choice`` (asked for if new), an error line, or None while it is
        being worked out. A frame may ask for several; ``None`` as choice starts a frame
        with nothing pending."""
        if choice is None:
            self._wanted = {}
            self._settling = False
            return None
        key = repr((self.match.turn, choice.base, choice.alt))
        self._wanted[key] = choice
        return self.advice.get(key)

    def earlier(self, choice: Choice) -> Comparison | None:
        """The comparison of the same choice received in an earlier turn (or None): shown
        marked as updating while this turn's is worked out."""
        return self.known.get(repr((choice.base, choice.alt)))

    def settle(self) -> None:
        """The choice a tab shows is still changing (a slider held): drop the comparison in
        the process and ask nothing until the tab asks again."""
        self._settling = True


# ------------------------------------------------------------------------------ words


def month(match: Match, turn: float) -> str:
    """The date a turn count ends at ('2031-09'), or 'never' for NaN."""
    if not math.isfinite(turn):
        return "never"
    return match.catalog.date(int(round(turn)))


def leader_line(match: Match, f: Forecast) -> str:
    """The bloc most often first, its share of futures and its median finish."""
    k = int(f.win.argmax())
    median = month(match, float(f.finish_by_bloc[k][1]))
    return (
        f"{match.bloc_name(k)} finishes first in {f.win[k] * 100:.0f}% of futures, median {median}"
    )


def race_lines(match: Match, f: Forecast) -> list[tuple[str, str]]:
    """Every bloc's chance and median finish, when games end, and the player's outlook,
    as (text, colour key) rows."""
    rows: list[tuple[str, str]] = []
    for k in sorted(range(len(f.win)), key=lambda k: -f.win[k]):
        rows.append(
            (
                f"{match.bloc_name(k)}: first in {f.win[k] * 100:.0f}% ± "
                f"{f.win_se[k] * 100:.0f}%, median {month(match, float(f.finish_by_bloc[k][1]))}",
                "bright",
            )
        )
    lo, mid, hi = f.finish
    rows.append(
        (f"Games end {month(match, lo)} to {month(match, hi)} (median {month(match, mid)})", "text")
    )
    if math.isfinite(f.no_base) and f.no_base > 0:
        rows.append((f"No base built in {f.no_base * 100:.0f}%: the end date decides", "text"))
    if f.seat >= 0:
        mean, se = f.seat_score
        p10, _p50, p90 = f.seat_score_range
        won, won_se = f.seat_win
        rows.append(
            (f"Your final score: {mean:.1f} ± {se:.1f} (most futures {p10:.0f}–{p90:.0f})", "good")
        )
        rows.append(
            (f"Your bloc at the end wins in {won * 100:.0f}% ± {won_se * 100:.0f}%", "good")
        )
    rows.append(
        (
            f"{f.futures} futures with world ids of their own, the computer playing every seat "
            f"(yours too) at the {f.difficulty} level",
            "muted",
        )
    )
    return rows


#: What a Comparison's ``win_diff`` measures (the seat's bloc at the end wins), said to a
#: player in a bloc and to one in none (for whom it is the bloc they would join).
WIN_WORDS = {
    True: "Your bloc's chance of winning",
    False: "Your chance of ending in the winning bloc",
}


def advice_lines(
    what: str,
    answer: Comparison | str | None,
    aligned: bool = True,
    rather: str = "without it",
    earlier=None,
) -> list[tuple[str, str]]:
    """What a choice does to the player's score and bloc's chances, in words: each figure
    named, from where it goes to where (the two sides' futures, ``Comparison.base`` and
    ``.alt``), the paired difference ± its standard error, and what the futures were.
    ``aligned`` says whether the player is in a bloc now (else the bloc is the one they
    would join); ``rather`` names the other side of the choice ("declining it");
    ``earlier``, an earlier turn's comparison of the same choice, stands in, marked, while
    this turn's is worked out."""
    if answer is None and earlier is not None:
        lines = advice_lines(what, earlier, aligned, rather)
        return [(text, "muted") for text, _tone in lines[:2]] + [
            (f"(last turn's futures; this turn's: {UPDATING})", "muted")
        ]
    if answer is None:
        return [
            (f"Your advisers are playing out futures with and without {what}: {COMPUTING}", "muted")
        ]
    if isinstance(answer, str):
        return [(f"Your advisers could not weigh {what}: {answer}", "bad")]
    c = answer
    clear = abs(c.score_diff) > 2 * c.score_se or abs(c.win_diff) > 2 * c.win_se
    # the ends and the difference at one precision, so that the sum shown adds up
    was, now, diff = from_to(c.base.seat_score[0], c.alt.seat_score[0], c.score_diff)
    won_was, won_is, won_diff = from_to(
        c.base.seat_win[0] * 100, c.alt.seat_win[0] * 100, c.win_diff * 100
    )
    return [
        (
            f"{what[0].upper()}{what[1:]} rather than {rather}: your final score "
            f"{was} → {now} ({diff} ± {c.score_se:.1f})",
            _tone(c.score_diff, c.score_se, 1.0),
        ),
        (
            f"{WIN_WORDS[aligned]} {won_was}% → {won_is}% ({won_diff} ± {c.win_se * 100:.1f})",
            _tone(c.win_diff, c.win_se, 100.0),
        ),
        (
            f"({c.futures} paired futures, the same world ids both ways; the computer plays "
            f"you after this turn, at the {c.base.difficulty} level; ± 1 standard error"
            + ("" if clear else "; no clear difference beyond their spread")
            + ")",
            "muted",
        ),
    ]


def _shows_nothing(value: float) -> bool:
    """A difference printed as 0.0: no sign, so no colour either."""
    return signed(value, ONE)[0] not in "+−"


def _tone(diff: float, se: float, unit: float) -> str:
    """Good or bad beyond two errors (what the fine print calls a clear difference: a line
    drawn red beside "no clear difference" contradicted it), else plain; a difference that
    prints as 0.0 is plain (identical futures differ by float noise, and a noise of -4e-15
    against an error of 1e-15 was drawn red as "0.0 ± 0.0")."""
    if _shows_nothing(diff * unit):
        return "text"
    return "good" if diff > 2 * se else "bad" if diff < -2 * se else "text"


def kept_until(match: Match, hold: int) -> str:
    """The date a choice kept for ``hold`` turns from now runs to ('2025-03')."""
    return match.catalog.date(min(match.turn + hold, int(match.rules.n_turns)))


def weighed_line(match: Match, seat: int, against: str, answer: Comparison | str | None):
    """One comparison in a line, as (text, colour key): the seat's final score and its
    bloc's chance of finishing first (the bloc it is in now, else its bloc at the end),
    each ± the standard error of the paired futures; ``against`` names the other side.
    A difference within twice its error is drawn plain, a clear one good or bad."""
    if answer is None:
        return (f"{against}: {COMPUTING}", "muted")
    if isinstance(answer, str):
        return (f"{against}: could not be weighed ({answer})", "bad")
    c = answer
    k = match.bloc_of(seat)
    if k >= 0:
        chance, chance_se = c.bloc_diff(k)
        who = f"{match.bloc_name(k)} first"
    else:
        # no bloc now: the bloc it is in at the end of each future, the one it would join
        chance, chance_se = c.win_diff, c.win_se
        who = "you in the winning bloc"
    text = (
        f"{against}: score {signed(c.score_diff, ONE)} ± {c.score_se:.1f} · "
        f"{who} {signed(chance * 100, ONE)} ± {chance_se * 100:.1f} pt"
    )
    if abs(c.score_diff) > 2 * c.score_se and not _shows_nothing(c.score_diff):
        return (text, "good" if c.score_diff > 0 else "bad")
    if abs(chance) > 2 * chance_se and not _shows_nothing(chance * 100):
        return (text, "good" if chance > 0 else "bad")
    return (text, "text")
