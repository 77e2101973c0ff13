"""Save files: versioned, checksummed, written atomically, refused whole when broken.

Spec card:
    Format: one UTF-8 JSON document ``{"magic", "version", "checksum", "payload"}``. The
        checksum is the SHA-256 of the payload's canonical JSON (sorted keys, no spaces), so
        any edit, truncation or bit flip is caught before anything is used.
    Writing: ``safeio.atomic_write`` (temporary file in the same folder, fsync, rename,
        fsync of the folder), so a crash mid-write never leaves a half save behind and never
        touches other saves.
    Reading: through ``safeio`` (regular files only, size-capped); numbers bounded (no NaN,
        no integer of more than 20 digits); every failure is a ``SaveError`` whose text is one
        clause saying why, without the file name (the caller shows the name).
    Arrays: ``encode_array``/``decode_array`` keep dtype, shape and exact bytes (base64), so a
        loaded snapshot is bit-identical to the saved one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from game import safeio

SAVE_MAGIC = "lunar-blocs-save"
SAVE_VERSION = 1
SAVE_SUFFIX = ".lbsave"
#: Largest save read: safeio's table of caps.
MAX_SAVE_BYTES = safeio.BYTE_CAPS["save"]
#: Longest integer a save may hold (2**64 has 20 digits).
MAX_INT_DIGITS = 20


class SaveError(Exception):
    """A save file that cannot be used; the message is for a person."""


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def checksum(payload: Any) -> str:
    """SHA-256 (hex) of a payload's canonical JSON."""
    return hashlib.sha256(_canonical(payload)).hexdigest()


def encode_array(array: np.ndarray) -> dict[str, Any]:
    """An exact, JSON-safe encoding of a numpy array."""
    array = np.ascontiguousarray(array)
    return {
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "data": base64.b64encode(array.tobytes()).decode("ascii"),
    }


def decode_array(blob: Any) -> np.ndarray:
    """The inverse of ``encode_array``; raises SaveError on anything malformed."""
    try:
        dtype = np.dtype(blob["dtype"])
        if dtype.kind not in "biuf":
            raise ValueError(f"unsupported dtype {dtype}")
        shape = tuple(int(n) for n in blob["shape"])
        raw = base64.b64decode(blob["data"].encode("ascii"), validate=True)
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SaveError(f"the save holds a damaged array ({exc})") from None


def write_save(path: str | Path, payload: dict[str, Any]) -> Path:
    """Write ``payload`` to ``path`` atomically (see ``safeio.atomic_write``)."""
    document = {
        "magic": SAVE_MAGIC,
        "version": SAVE_VERSION,
        "checksum": checksum(payload),
        "payload": payload,
    }
    data = json.dumps(document, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return safeio.atomic_write(path, data)


class _OutOfRange(Exception):
    """A number no save of this game holds (raised from inside the JSON parser)."""


def _bounded_int(text: str) -> int:
    # Checked on the digits before int() runs: Python refuses > 4,300 digits with an error
    # of its own, and no save value comes near 2**64.
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _OutOfRange(f"a number of {len(text):,} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _OutOfRange(f"the number {safeio.shorten(text, 24)}, which is too large")
    return value


def _no_constant(text: str) -> float:
    raise _OutOfRange(f"'{text}', which is not a number")


def read_save(path: str | Path) -> dict[str, Any]:
    """Read and verify a save; returns its payload or raises SaveError (one clause why)."""
    try:
        raw = safeio.read_bytes(path, "save")
    except safeio.Unreadable as exc:
        raise SaveError(str(exc)) from None
    if not raw.strip():
        raise SaveError("empty")
    try:
        document = json.loads(
            raw.decode("utf-8"),
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SaveError("not a Lunar Blocs save (not readable JSON)") from None
    except _OutOfRange as exc:
        raise SaveError(f"damaged or edited: it holds {exc}") from None
    if not isinstance(document, dict) or document.get("magic") != SAVE_MAGIC:
        raise SaveError("not a Lunar Blocs save")
    version = document.get("version")
    if version != SAVE_VERSION:
        shown = safeio.display_text(repr(version), "save detail")
        raise SaveError(
            f"written by another version of the game "
            f"(save format {shown}, this game reads {SAVE_VERSION})"
        )
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise SaveError("damaged (no game data)")
    try:
        ok = checksum(payload) == document.get("checksum")
    except (TypeError, ValueError, RecursionError):
        ok = False
    if not ok:
        raise SaveError("damaged or edited (checksum mismatch)")
    return payload


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What the load screen shows about one save file (texts already safe to draw)."""

    path: Path
    title: str
    detail: str
    modified: datetime
    error: str | None = None
    notice: str | None = None  # one line to show beside it (``session.match.save_notice``)
    over: bool = False  # the game in it has ended (its header says so)

    @property
    def name(self) -> str:
        """The file name, safe to draw."""
        return safeio.display_name(self.path)


def save_summary(payload: dict[str, Any], path: Path) -> tuple[str, str]:
    """(title, detail) of a save's header, shortened and made visible for drawing: a
    header is free text from a file, and the save still loads whatever it says."""
    summary = payload.get("summary")
    summary = summary if isinstance(summary, dict) else {}
    title = summary.get("title", path.stem)
    detail = summary.get("detail", "")
    return (
        safeio.display_text(title, "save title"),
        safeio.display_text(detail, "save detail"),
    )


def list_saves(
    folder: str | Path,
    check: Callable[[dict[str, Any]], object] | None = None,
    prefix: str = "",
    notice: Callable[[dict[str, Any]], str | None] | None = None,
) -> list[SaveInfo]:
    """Every save in ``folder``, newest first; broken ones carry their error instead.

    ``check`` (a payload -> anything, raising SaveError) adds the checks of the game data
    that ``read_save`` leaves to the game (``session.match.check_payload``). ``prefix``
    keeps only the files whose names start with it (the autosaves). ``notice`` (a payload
    -> a line or None) gives each save the notice it shows (``session.match.save_notice``).

    Leftover temporary files of interrupted writers are removed first. A folder that can't
    be read is one entry with its reason, never an exception.
    """
    folder = Path(folder)
    safeio.clean_temp_files(folder)
    files, unreadable = safeio.list_folder(folder, (SAVE_SUFFIX,))
    if unreadable:
        when = datetime.fromtimestamp(0, tz=UTC)
        return [SaveInfo(folder, safeio.display_name(folder), "", when, error=unreadable)]
    infos = []
    for path in files:
        if not path.name.startswith(prefix):
            continue
        modified = datetime.fromtimestamp(safeio.modified(path), tz=UTC)
        try:
            payload = read_save(path)
            if check is not None:
                check(payload)
            title, detail = save_summary(payload, path)
            said = notice(payload) if notice is not None else None
            shown = safeio.display_text(said, "reason") if said else None
            summary = payload.get("summary")
            over = isinstance(summary, dict) and summary.get("over") is True
            infos.append(SaveInfo(path, title, detail, modified, notice=shown, over=over))
        except SaveError as exc:
            infos.append(SaveInfo(path, safeio.display_name(path.stem), "", modified, str(exc)))
    infos.sort(key=lambda info: info.modified, reverse=True)
    return infos
