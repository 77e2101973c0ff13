"""Sound: a few effects and a quiet ambient loop, through pygame's mixer.

Spec card:
    Reads: the shipped files ``assets/sounds/<name>.ogg`` or ``.wav`` (made by
        ``tools/make_sounds.py``), the player's ``Settings.sound`` (on/off) and
        ``Settings.volume`` (0-100), and for the report's sound a turn's Events.
    Plays: ``end_turn`` when a person ends their turn; when the turn report opens, one of
        ``REPORT_CUES`` (the first the turn's events call for); ``ambient`` looped under
        everything at ``AMBIENT_LEVEL`` of the volume. Effects share one channel, and a
        second effect waits for the first to finish (End Turn's chime, then the report's).
    Silence: sound off or volume 0 plays nothing and never opens the mixer. Headless runs
        (``SDL_AUDIODRIVER=dummy``) never open it either. A mixer that fails to open is
        caught once and sound stays off for the session: ``off`` is the one plain line a
        player is shown, the audio stack's own error text goes to the log (``detail``); a
        sound file that can't be read is told in one line and the others still play.
"""

from __future__ import annotations

import logging
import os

from game.engine.state import EVENT_CODES
from game.paths import ASSETS

SOUNDS_DIR = ASSETS / "sounds"
EFFECTS = ("end_turn", "milestone_success", "milestone_failure", "joined", "offer_answered")
AMBIENT = "ambient"
#: The report's sound, most telling first: one turn plays only the first that applies.
REPORT_CUES = ("milestone_success", "milestone_failure", "joined", "offer_answered")
#: The loop plays this much quieter than the effects, on top of its own quiet mix.
AMBIENT_LEVEL = 0.5
#: A sound file larger than this is refused (the shipped ones are under 200 KB).
MAX_BYTES = 16 * 1024 * 1024
#: What the mixer is opened with. 22,050 Hz is the effects' own rate (the sounds carry
#: nothing above ~5 kHz), so loading converts only the ambient loop: opening at 44,100 Hz
#: made loading 2-8x slower on a busy machine (30-250 ms against 22-45 ms).
MIXER = {"frequency": 22050, "size": -16, "channels": 2, "buffer": 1024}

_FROM_ENVIRONMENT = object()
#: What a player is told when the audio stack cannot open: its own words ("ALSA lib
#: confmisc.c:855: ...", "dsp: No such audio device") mean nothing to them.
NO_DEVICE = "No sound device found; the game plays silently"

log = logging.getLogger(__name__)


def audio_problem() -> str | None:
    """Why this run should stay silent without trying the mixer, or None."""
    if os.environ.get("SDL_AUDIODRIVER", "").strip().lower() == "dummy":
        return "Headless run (SDL_AUDIODRIVER=dummy); the game plays silently"
    return None


def report_cue(game, events, player: int) -> str | None:
    """The sound the turn report of ``events`` plays for ``player``, or None for a quiet turn.

    A milestone counts when it is the player's bloc's; a join when the player joined or a
    nation joined the player's bloc; an answer when the player sent or received the offer.
    """
    own = game.bloc_of(player)
    found = set()
    for r in range(len(events.code)):
        code = EVENT_CODES[int(events.code[r])]
        nation, other, bloc = int(events.nation[r]), int(events.other[r]), int(events.bloc[r])
        if code in ("milestone_success", "milestone_failure"):
            if own >= 0 and bloc == own:
                found.add(code)
        elif code == "joined":
            if nation == player or (own >= 0 and bloc == own):
                found.add("joined")
        elif code in ("offer_accepted", "offer_rejected") and player in (nation, other):
            found.add("offer_answered")
    return next((cue for cue in REPORT_CUES if cue in found), None)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:99] + "…"


class SoundBoard:
    """The game's sounds for one App: opened lazily, the first time something would play."""

    def __init__(self, settings, notify=None, mixer=None, silent_because=_FROM_ENVIRONMENT):
        """Args:
        settings: the player's Settings (read at every call, so changes apply at once).
        notify: ``notify(text, error=...)`` for the one line about unreadable files.
        mixer: ``pygame.mixer`` or a stand-in with the same functions (tests).
        silent_because: why to stay silent without trying; default ``audio_problem()``.
        """
        self.settings = settings
        self.notify = notify
        self._mixer = mixer
        #: Why there is no sound this session, in one plain line (None while it may play).
        self.off: str | None = (
            audio_problem() if silent_because is _FROM_ENVIRONMENT else silent_because
        )
        #: The audio stack's own error when the mixer failed to open (for the log).
        self.detail: str | None = None
        self.sounds: dict = {}
        #: One clause per sound file that could not be read.
        self.problems: list[str] = []
        #: Effects handed to the mixer, in order (what tests and the screenshots tool read).
        self.played: list[str] = []
        self.started = False
        self.ambient_channel = None
        self.effect_channel = None

    @property
    def volume(self) -> float:
        """0..1: the setting's volume, or 0 when sound is switched off."""
        if not self.settings.sound:
            return 0.0
        return min(max(self.settings.volume, 0), 100) / 100

    def _open(self) -> bool:
        """Open the mixer and load the sounds, once; False when there is no sound."""
        if self.started:
            return True
        if self.off:
            return False
        try:
            mixer = self._mixer
            if mixer is None:
                import pygame

                mixer = self._mixer = pygame.mixer
            mixer.init(**MIXER)
            mixer.set_reserved(2)
            self.ambient_channel = mixer.Channel(0)
            self.effect_channel = mixer.Channel(1)
        # Sound is a nicety: whatever a broken audio stack raises (pygame.error is a
        # RuntimeError; a pygame built without its mixer raises NotImplementedError), the
        # game goes on silent, and Settings says why.
        except (RuntimeError, OSError, ValueError, NotImplementedError, ImportError) as exc:
            self.off, self.detail = NO_DEVICE, _one_line(exc)
            log.warning("sound off: the mixer did not open: %s", self.detail)
            return False
        self.started = True
        for name in (*EFFECTS, AMBIENT):
            self._load(mixer, name)
        if self.problems and self.notify is not None:
            self.notify("Some sounds will not play: " + "; ".join(self.problems), error=True)
        return True

    def _load(self, mixer, name: str) -> None:
        paths = [SOUNDS_DIR / f"{name}.{ext}" for ext in ("ogg", "wav")]
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            self.problems.append(f"{name}.wav is missing")
            return
        try:
            if path.stat().st_size > MAX_BYTES:
                self.problems.append(f"{path.name} is larger than {MAX_BYTES // 2**20} MB")
                return
            self.sounds[name] = mixer.Sound(str(path))
        except (RuntimeError, OSError, ValueError) as exc:
            self.problems.append(f"{path.name} could not be read ({_one_line(exc)})")

    def apply(self) -> None:
        """Start, adjust or stop the ambient loop to match the settings (after any change)."""
        volume = self.volume
        if volume <= 0:
            if self.started:
                self.ambient_channel.stop()
                self.effect_channel.stop()
            return
        if not self._open():
            return
        loop = self.sounds.get(AMBIENT)
        if loop is not None and not self.ambient_channel.get_busy():
            self.ambient_channel.play(loop, loops=-1)
        # after play: starting a sound may reset its channel's volume
        self.ambient_channel.set_volume(volume * AMBIENT_LEVEL)
        self.effect_channel.set_volume(volume)

    def play(self, name: str) -> bool:
        """Play one effect (after the one playing, if any); False when nothing plays."""
        volume = self.volume
        if volume <= 0 or not self._open():
            return False
        sound = self.sounds.get(name)
        if sound is None:
            return False
        channel = self.effect_channel
        if channel.get_busy():
            channel.queue(sound)
        else:
            channel.play(sound)
        channel.set_volume(volume)
        self.played.append(name)
        return True

    def report(self, game, player: int) -> str | None:
        """Play the sound of the last turn's report for ``player``; returns its name."""
        last = game.report()
        cue = report_cue(game, last.events, player) if last is not None else None
        if cue is not None:
            self.play(cue)
        return cue
