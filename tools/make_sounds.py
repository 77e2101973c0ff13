"""Render the game's sounds to ``assets/sounds/*.wav`` with numpy (dev-only).

Spec card:
    What: five short effects (``end_turn``, ``milestone_success``, ``milestone_failure``,
        ``offer_answered``, ``joined``) and a quiet ambient loop (``ambient``), each built
        from sines, decaying partials and shaped noise; 16-bit mono PCM WAV.
    Who reads them: ``game.ui.sound`` (the game never needs this script).
    Why files and not synthesis at start-up: an artist can replace any one of them with a
        recording of the same name, and the game starts without rendering anything.
    Determinism: the noise comes from a fixed seed, so rendering twice gives the same
        samples; ``tests/test_sound.py`` renders again and compares with the shipped files.
    Run by hand, and commit the output::

        /work/venv/bin/python tools/make_sounds.py            # writes assets/sounds/*.wav
        /work/venv/bin/python tools/make_sounds.py --measure  # prints the table only
"""

from __future__ import annotations

import argparse
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "sounds"
#: Effects carry detail up to a few kHz; the ambient loop is a low drone and needs less.
EFFECT_RATE = 22050
AMBIENT_RATE = 11025
#: Peaks leave headroom below full scale: effects -3 dBFS, the loop much lower (it sits
#: under everything for the whole game).
EFFECT_PEAK = 0.7
AMBIENT_PEAK = 0.12
AMBIENT_SECONDS = 8.0
SEED = 2026


def _time(seconds: float, rate: int) -> np.ndarray:
    return np.arange(round(seconds * rate)) / rate


def _fade(x: np.ndarray, rate: int, attack: float = 0.005, release: float = 0.03) -> np.ndarray:
    """Short raised-cosine ramps at both ends, so no effect starts or stops with a click."""
    n = len(x)
    env = np.ones(n)
    a, r = max(1, round(attack * rate)), max(1, round(release * rate))
    env[:a] = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, a))
    env[n - r :] *= 0.5 + 0.5 * np.cos(np.linspace(0, np.pi, r))
    return x * env


def _bell(freq: float, seconds: float, rate: int, decay: float) -> np.ndarray:
    """A struck tone: a few inharmonic partials, the higher ones dying faster (a soft bell)."""
    t = _time(seconds, rate)
    tone = np.zeros_like(t)
    for ratio, gain in ((1.0, 1.0), (2.0, 0.35), (2.76, 0.18), (5.4, 0.06)):
        tone += gain * np.sin(2 * np.pi * freq * ratio * t) * np.exp(-t * ratio / decay)
    return tone


def _pad(freq: float, seconds: float, rate: int, attack: float, decay: float) -> np.ndarray:
    """A held tone: two slightly detuned sines (a slow beat) swelling in, then dying away."""
    t = _time(seconds, rate)
    tone = np.sin(2 * np.pi * freq * t) + 0.7 * np.sin(2 * np.pi * freq * 1.003 * t)
    tone += 0.2 * np.sin(2 * np.pi * 2 * freq * t)
    swell = 1 - np.exp(-t / attack)
    return tone * swell * np.exp(-t / decay)


def _band_noise(n: int, rate: int, low: float, high: float, rng: np.random.Generator):
    """White noise kept between ``low`` and ``high`` Hz (circular, so it also loops)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    # smooth band edges: a hard brick wall rings
    gain = 1 / (1 + (low / np.maximum(freqs, 1e-9)) ** 4) / (1 + (freqs / high) ** 4)
    noise = np.fft.irfft(spectrum * gain, n)
    return noise / np.max(np.abs(noise))


def _place(out: np.ndarray, sound: np.ndarray, at: float, rate: int, gain: float = 1.0) -> None:
    start = round(at * rate)
    end = min(len(out), start + len(sound))
    out[start:end] += gain * sound[: end - start]


def _normal(x: np.ndarray, peak: float) -> np.ndarray:
    return x * (peak / np.max(np.abs(x)))


def end_turn(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A soft rising whoosh into a single high chime: the turn is sent off."""
    out = np.zeros(round(0.62 * rate))
    whoosh_n = round(0.22 * rate)
    t = np.arange(whoosh_n) / whoosh_n
    whoosh = _band_noise(whoosh_n, rate, 500, 2500, rng) * np.sin(np.pi * t) ** 2
    _place(out, whoosh, 0.0, rate, 0.35)
    _place(out, _bell(880.0, 0.5, rate, 0.16), 0.1, rate)
    return _normal(_fade(out, rate), EFFECT_PEAK)


def milestone_success(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A rising major arpeggio (C E G C), the last note ringing longest."""
    out = np.zeros(round(1.25 * rate))
    notes = (523.25, 659.25, 783.99, 1046.5)
    for i, freq in enumerate(notes):
        last = i == len(notes) - 1
        _place(out, _bell(freq, 0.95 if last else 0.6, rate, 0.4 if last else 0.2), 0.09 * i, rate)
    return _normal(_fade(out, rate), EFFECT_PEAK)


def milestone_failure(rate: int, rng: np.random.Generator) -> np.ndarray:
    """Two low, dull tones falling a minor third, muffled: an attempt that fell short."""
    out = np.zeros(round(1.1 * rate))
    _place(out, _pad(220.0, 0.6, rate, 0.02, 0.22), 0.0, rate)
    _place(out, _pad(185.0, 0.85, rate, 0.02, 0.3), 0.24, rate)
    # muffle: a gentle low-pass keeps it from sounding like an alarm
    spectrum = np.fft.rfft(out)
    freqs = np.fft.rfftfreq(len(out), 1 / rate)
    out = np.fft.irfft(spectrum / (1 + (freqs / 700.0) ** 2), len(out))
    return _normal(_fade(out, rate), EFFECT_PEAK)


def offer_answered(rate: int, rng: np.random.Generator) -> np.ndarray:
    """Two quick plucks, high then a fourth lower: a letter has come back."""
    out = np.zeros(round(0.5 * rate))
    _place(out, _bell(1174.66, 0.3, rate, 0.07), 0.0, rate)
    _place(out, _bell(880.0, 0.36, rate, 0.09), 0.11, rate)
    return _normal(_fade(out, rate), EFFECT_PEAK)


def joined(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A warm major chord swelling in and fading: someone is in the bloc."""
    out = np.zeros(round(1.35 * rate))
    for i, freq in enumerate((293.66, 369.99, 440.0, 587.33)):
        _place(out, _pad(freq, 1.3 - 0.04 * i, rate, 0.09, 0.45), 0.04 * i, rate, 1 - 0.12 * i)
    return _normal(_fade(out, rate, attack=0.02, release=0.12), EFFECT_PEAK)


def ambient(rate: int, rng: np.random.Generator) -> np.ndarray:
    """A low drone of fifths with slow swells and a breath of filtered noise, loopable.

    Every frequency and swell makes a whole number of cycles in the loop, and the noise is
    filtered circularly, so the last sample runs into the first without a click.
    """
    n = round(AMBIENT_SECONDS * rate)
    t = np.arange(n) / rate
    loop = AMBIENT_SECONDS

    def whole(freq: float) -> float:
        return round(freq * loop) / loop

    out = np.zeros(n)
    # pitched from A2 up: small speakers reproduce nothing much below ~100 Hz
    voices = ((110.0, 1.0, 1, 0.0), (165.0, 0.6, 2, 1.3), (220.0, 0.45, 1, 2.6), (330.0, 0.2, 3, 4))
    for freq, gain, swells, phase in voices:
        swell = 0.6 + 0.4 * np.sin(2 * np.pi * swells * t / loop + phase)
        out += gain * swell * np.sin(2 * np.pi * whole(freq) * t)
    shimmer = 0.5 - 0.5 * np.cos(2 * np.pi * 2 * t / loop)
    out += 0.1 * shimmer * np.sin(2 * np.pi * whole(660.0) * t)
    out += 0.12 * _band_noise(n, rate, 150, 800, rng)
    return _normal(out, AMBIENT_PEAK)


#: name -> (renderer, sample rate)
SOUNDS: dict[str, tuple[Callable[[int, np.random.Generator], np.ndarray], int]] = {
    "end_turn": (end_turn, EFFECT_RATE),
    "milestone_success": (milestone_success, EFFECT_RATE),
    "milestone_failure": (milestone_failure, EFFECT_RATE),
    "offer_answered": (offer_answered, EFFECT_RATE),
    "joined": (joined, EFFECT_RATE),
    "ambient": (ambient, AMBIENT_RATE),
}


def render(name: str) -> tuple[np.ndarray, int]:
    """The 16-bit samples of one sound and its rate (each sound has its own seeded noise)."""
    make, rate = SOUNDS[name]
    rng = np.random.default_rng([SEED, list(SOUNDS).index(name)])
    samples = make(rate, rng)
    return np.round(samples * 32767).astype(np.int16), rate


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono 16-bit samples and rate of a WAV file (what this script writes)."""
    with wave.open(str(path), "rb") as src:
        if src.getsampwidth() != 2:
            raise ValueError(f"{path.name}: not 16-bit")
        frames = src.readframes(src.getnframes())
        samples = np.frombuffer(frames, "<i2").reshape(-1, src.getnchannels())
        return samples.mean(axis=1).astype(np.int16), src.getframerate()


def measure(samples: np.ndarray, rate: int) -> dict[str, float]:
    """Duration (s), peak and RMS (dBFS), spectral centroid (Hz) of 16-bit samples."""
    x = samples.astype(np.float64) / 32768
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / rate)
    return {
        "seconds": len(x) / rate,
        "peak_dbfs": 20 * np.log10(np.max(np.abs(x))),
        "rms_dbfs": 10 * np.log10(np.mean(x**2)),
        "centroid_hz": float(np.sum(freqs * power) / np.sum(power)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the .wav files")
    parser.add_argument("--measure", action="store_true", help="print the table, write nothing")
    args = parser.parse_args(argv)
    if not args.measure:
        args.out.mkdir(parents=True, exist_ok=True)
    print(f"{'sound':18} {'s':>6} {'peak dB':>8} {'rms dB':>7} {'centroid':>9} {'KB':>5}")
    for name in SOUNDS:
        samples, rate = render(name)
        m = measure(samples, rate)
        if not args.measure:
            write_wav(args.out / f"{name}.wav", samples, rate)
        print(
            f"{name:18} {m['seconds']:6.2f} {m['peak_dbfs']:8.1f} {m['rms_dbfs']:7.1f} "
            f"{m['centroid_hz']:7.0f}Hz {samples.nbytes / 1024:5.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
