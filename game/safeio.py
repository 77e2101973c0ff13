"""Files from outside the game: opened, read, written and shown without trusting them.

Spec card:
    What: every reader of a file the game did not just write (scenarios, ``extends:`` targets,
        saves, settings, the folders that hold them) goes through ``read_bytes``; every writer
        of the user's data goes through ``atomic_write``; every text from such a file that a
        person will see goes through ``visible`` (terminal) or ``display_text`` (screens).
    Reading: opened without following into anything but a regular file (``O_NONBLOCK`` so a
        named pipe cannot block the open, then ``fstat`` must say regular file); read with a
        byte cap whatever ``stat`` says (one byte more than the cap is asked for, so a device
        or a file that grows is caught); every OS error becomes ``Unreadable`` whose text is
        one short clause (``why``) a person understands.
    Writing: a temporary file in the same folder (its name carries the writer's process id),
        written, fsynced, renamed over the target, then the folder fsynced, so a crash at any
        instant leaves the old file or the new one, never half of one. ``clean_temp_files``
        removes what writers that died left behind.
    Caps: ``BYTE_CAPS`` (largest file read, by kind) and ``DISPLAY_CAPS`` (longest text shown,
        by kind) are the one table of limits; docs/files.md repeats them for players.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

#: Largest file read, by kind. A shipped scenario is ~80 KB, a 200-turn save a few MB.
BYTE_CAPS = {
    "scenario": 1024 * 1024,
    "save": 64 * 1024 * 1024,
    "settings": 64 * 1024,
}
#: Longest text drawn on a screen or printed, by kind; longer texts are shortened with "…"
#: (the file still loads). Scenario texts have their own limits in the format (models.py),
#: which refuse the file instead, because a designer can fix them.
DISPLAY_CAPS = {
    "save title": 120,
    "save detail": 160,
    "file name": 80,
    "reason": 240,
}
#: Prefix of the temporary files ``atomic_write`` makes (and ``clean_temp_files`` removes).
TEMP_PREFIX = ".tmp-"

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1024 * 1024
#: Characters a terminal or a font would act on instead of showing: C0 and C1 controls, DEL,
#: line and paragraph separators, bidirectional overrides (which reorder what follows), and
#: lone surrogates (which cannot even be encoded to print).
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]"
)
#: The same, minus line feed and tab, which a multi-line text may hold.
_FORBIDDEN_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)

_WHY = {
    errno.ENOENT: "no such file",
    errno.ELOOP: "a symbolic link loop (a link that leads back to itself)",
    errno.ENAMETOOLONG: "the name is too long for this system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EIO: "the disk reported an error",
    errno.ENXIO: "a device that is not there",
}


class Unreadable(Exception):
    """A file or folder that cannot be used; ``str()`` is one clause saying why."""


def why(exc: BaseException, path: str | os.PathLike | None = None) -> str:
    """One short clause for an error met opening or reading ``path``."""
    if isinstance(exc, Unreadable):
        return str(exc)
    if isinstance(exc, ValueError):
        # os functions raise ValueError for a NUL byte in a path; nothing else gets here.
        return "the name contains a NUL character"
    if isinstance(exc, UnicodeError):
        return "the name cannot be encoded for this system"
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOENT and path is not None and _is_link(path):
            return "a link to a file that does not exist"
        known = _WHY.get(exc.errno or 0)
        if known:
            return known
        return visible(exc.strerror or type(exc).__name__).lower()
    return visible(f"{type(exc).__name__}: {exc}")


def _is_link(path: str | os.PathLike) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def read_bytes(path: str | os.PathLike, kind: str) -> bytes:
    """The bytes of a regular file, at most ``BYTE_CAPS[kind]``; Unreadable otherwise."""
    cap = BYTE_CAPS[kind]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError, UnicodeError) as exc:
        raise Unreadable(why(exc, path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(kind_of(info.st_mode))
        if info.st_size > cap:
            raise Unreadable(
                f"too large for a {kind} file ({_megabytes(info.st_size)}; "
                f"the limit is {_megabytes(cap)})"
            )
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(why(exc, path)) from None
    finally:
        os.close(fd)
    if total > cap:
        raise Unreadable(f"too large for a {kind} file (the limit is {_megabytes(cap)})")
    return b"".join(chunks)


def entry_problem(path: Path) -> str | None:
    """Why a listed folder entry cannot be opened as a file, or None when it can be tried."""
    try:
        info = os.stat(path)
    except (OSError, ValueError, UnicodeError) as exc:
        return why(exc, path)
    return None if stat.S_ISREG(info.st_mode) else kind_of(info.st_mode)


def modified(path: Path) -> float:
    """Modification time for sorting a listing; 0 for an entry whose target can't be read."""
    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError, UnicodeError):
        try:
            return os.lstat(path).st_mtime
        except (OSError, ValueError, UnicodeError):
            return 0.0


def list_folder(folder: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], str | None]:
    """Entries of ``folder`` whose names end in one of ``suffixes`` (sorted), and why the
    folder itself could not be read (None when it could, or when it does not exist)."""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return [], None
    except (OSError, ValueError, UnicodeError) as exc:
        return [], why(exc, folder)
    found = []
    for name in names:
        if name.startswith(TEMP_PREFIX) or not name.endswith(suffixes):
            continue
        path = folder / name
        with contextlib.suppress(OSError, ValueError):
            # A real folder named like a file is not an entry; a link to one is reported.
            if stat.S_ISDIR(os.lstat(path).st_mode):
                continue
        found.append(path)
    return found, None


# --------------------------------------------------------------------------- writing


def atomic_write(path: str | os.PathLike, data: bytes) -> Path:
    """Replace ``path`` by ``data`` so that a crash leaves either the old or the new file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=f"-{path.name}", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse to sync a folder; the rename still happened
    finally:
        os.close(fd)


def clean_temp_files(folder: str | os.PathLike) -> int:
    """Remove temporary files left by writers that died; returns how many were removed.

    A temporary file of a writer that is still running (this process, or another game
    saving to the same folder at this moment) is left alone.
    """
    folder = Path(folder)
    try:
        names = os.listdir(folder)
    except (OSError, ValueError):
        return 0
    removed = 0
    for name in names:
        if not name.startswith(TEMP_PREFIX):
            continue
        if _writer_alive(name[len(TEMP_PREFIX) :].split("-", 1)[0]):
            continue
        path = folder / name
        try:
            if stat.S_ISREG(os.lstat(path).st_mode) or _is_link(path):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _writer_alive(pid_text: str) -> bool:
    if not pid_text.isdigit():
        return False  # an older name without a process id: its writer is long gone
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid < 2**31  # exists (another user's) or an impossible number
    return True


# --------------------------------------------------------------------------- showing


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every control character, escape sequence and lone surrogate written as
    an escape (``\\x1b``, ``\\ud800``), so printing it cannot act on the terminal."""
    return _INVISIBLE.sub(lambda m: _escape(m.group()), str(text))


def shorten(text: str, cap: int) -> str:
    """``text`` cut to at most ``cap`` characters, ending in "…" when it was cut."""
    return text if len(text) <= cap else text[: cap - 1].rstrip() + "…"


def display_text(text: object, kind: str) -> str:
    """Text from a file, made safe to draw: visible escapes, one line, at most the cap."""
    cap = DISPLAY_CAPS[kind]
    raw = text if isinstance(text, str) else str(text)
    # Cut before escaping: a 10-million-character title costs no more than a short one.
    return shorten(visible(raw[: cap + 1]), cap)


def display_name(path: str | os.PathLike) -> str:
    """A file's name made safe to show (names can hold any byte but '/' and NUL)."""
    return display_text(os.path.basename(os.fspath(path)), "file name")


def text_problem(text: str) -> str | None:
    """Why a text from a scenario cannot be drawn, or None when it can (line feeds and tabs
    are allowed: long texts have paragraphs)."""
    found = _FORBIDDEN_IN_TEXT.search(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    if code == 0:
        return "contains a NUL character"
    if 0xD800 <= code <= 0xDFFF:
        return f"contains an invalid character (a lone surrogate, U+{code:04X})"
    return f"contains a control character (U+{code:04X})"
