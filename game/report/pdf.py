"""Print an HTML file to PDF with a headless Chromium, when one is installed.

Spec card:
    What: ``find_browser`` looks for Debian's ``chromium`` (or a Chrome) on the PATH;
        ``print_pdf`` runs it headless (``--print-to-pdf``) on a local file and returns the PDF
        path, or raises ``PdfError`` with one sentence. Without a browser the reports stay
        HTML only and ``HOW_TO`` says how to get the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO = (
    "no headless browser found, so HTML only: install one (Debian: apt-get install chromium) "
    "and run this again, or open the HTML in a browser and print it to PDF"
)
#: A browser that has not printed in this long is stuck; its page is never that slow.
TIMEOUT_S = 120


class PdfError(Exception):
    """The browser could not print the page; the message is for a person."""


def find_browser() -> str | None:
    """The path of a headless-capable Chromium, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(browser: str, args: list[str]) -> None:
    # a private profile folder: a browser already open for the user is never disturbed
    with tempfile.TemporaryDirectory(prefix="lunar-blocs-chromium-") as profile:
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"{Path(browser).name} did not finish in {TIMEOUT_S} s") from None
        except OSError as exc:
            raise PdfError(f"cannot run {browser}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise PdfError(f"{Path(browser).name} failed ({done.returncode}): {tail[0]}")


def print_pdf(html_path: Path, pdf_path: Path, browser: str | None = None) -> Path:
    """Print ``html_path`` to ``pdf_path`` (no header or footer lines); returns the PDF."""
    browser = browser or find_browser()
    if browser is None:
        raise PdfError(HOW_TO)
    pdf_path.unlink(missing_ok=True)
    _run(
        browser,
        [
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path.resolve()}",
            html_path.resolve().as_uri(),
        ],
    )
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise PdfError(f"{Path(browser).name} wrote no PDF")
    return pdf_path


def screenshot(html_path: Path, png_path: Path, size=(1000, 1400), browser=None) -> Path:
    """A PNG of the page as the browser shows it on screen (for tests and previews)."""
    browser = browser or find_browser()
    if browser is None:
        raise PdfError(HOW_TO)
    png_path.unlink(missing_ok=True)
    _run(
        browser,
        [
            "--hide-scrollbars",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png_path.resolve()}",
            html_path.resolve().as_uri(),
        ],
    )
    if not png_path.is_file():
        raise PdfError(f"{Path(browser).name} wrote no screenshot")
    return png_path
