"""Save files: versioned, checksummed, written atomically, refused whole when broken.

Spec card:
    Format: one UTF-8 JSON document ``{"magic", "version", "checksum", "payload"}``. The
        checksum is the SHA-256 of the payload's canonical JSON (sorted keys, no spaces), so
        any edit, truncation or bit flip is caught before anything is used.
    Writing: to a temporary file in the same folder, flushed and fsynced, then renamed over
        the target (``os.replace``), so a crash mid-write never leaves a half save behind and
        never touches other saves.
    Reading: size-capped; every failure is a ``SaveError`` with one clear sentence.
    Arrays: ``encode_array``/``decode_array`` keep dtype, shape and exact bytes (base64), so a
        loaded snapshot is bit-identical to the saved one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

SAVE_MAGIC = "lunar-blocs-save"
SAVE_VERSION = 1
SAVE_SUFFIX = ".lbsave"
MAX_SAVE_BYTES = 64 * 1024 * 1024


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
    """Write ``payload`` to ``path`` atomically; returns the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "magic": SAVE_MAGIC,
        "version": SAVE_VERSION,
        "checksum": checksum(payload),
        "payload": payload,
    }
    data = json.dumps(document, separators=(",", ":"), allow_nan=False).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SAVE_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_save(path: str | Path) -> dict[str, Any]:
    """Read and verify a save; returns its payload or raises SaveError."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SaveError(f"cannot open {path.name}: {exc.strerror or exc}") from None
    if size > MAX_SAVE_BYTES:
        raise SaveError(f"{path.name} is too large to be a save ({size // 1_000_000} MB)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SaveError(f"{path.name} is empty")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SaveError(f"{path.name} is not a Lunar Blocs save (not readable JSON)") from None
    if not isinstance(document, dict) or document.get("magic") != SAVE_MAGIC:
        raise SaveError(f"{path.name} is not a Lunar Blocs save")
    version = document.get("version")
    if version != SAVE_VERSION:
        raise SaveError(
            f"{path.name} was written by another version of the game "
            f"(save format {version!r}, this game reads {SAVE_VERSION})"
        )
    payload = document.get("payload")
    if not isinstance(payload, dict):
        raise SaveError(f"{path.name} is damaged (no game data)")
    try:
        ok = checksum(payload) == document.get("checksum")
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise SaveError(f"{path.name} is damaged or was edited (checksum mismatch)")
    return payload


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What the load screen shows about one save file."""

    path: Path
    title: str
    detail: str
    modified: datetime
    error: str | None = None


def list_saves(folder: str | Path) -> list[SaveInfo]:
    """Every save in ``folder``, newest first; broken ones carry their error instead."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    infos = []
    for path in folder.glob(f"*{SAVE_SUFFIX}"):
        if path.name.startswith(".tmp-"):
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        try:
            summary = read_save(path).get("summary", {})
            infos.append(
                SaveInfo(
                    path,
                    str(summary.get("title", path.stem)),
                    str(summary.get("detail", "")),
                    modified,
                )
            )
        except SaveError as exc:
            infos.append(SaveInfo(path, path.stem, "", modified, error=str(exc)))
    infos.sort(key=lambda info: info.modified, reverse=True)
    return infos
