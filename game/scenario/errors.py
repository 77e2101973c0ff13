"""Problems found in scenario files, and the one exception the loader raises.

Spec card:
    What: ``Problem`` (a located message with a severity and an optional hint) and
        ``ScenarioError`` (raised when a file has at least one error; carries every problem).
    Format: ``str(problem)`` is ``file:line:column: error: message (hint: ...)``, one line,
        with 1-based line and column, the shape editors and compilers use.
    Rule: errors block play; warnings are shown but never fail a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.safeio import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a scenario file, at a place in it.

    Attributes:
        file: The path as the person gave it (or as reached through ``extends``).
        line: 1-based line.
        column: 1-based column.
        severity: "error" blocks loading; "warning" does not.
        message: What is wrong, in the words of the format (no Python jargon).
        hint: How to fix it, or "" when there is nothing useful to add.
    """

    file: str
    line: int
    column: int
    severity: Severity = "error"
    message: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return _one_line(f"{text} (hint: {self.hint})" if self.hint else text)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ScenarioError(Exception):
    """A scenario could not be loaded; ``problems`` lists everything found, in reading order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_order)
        errors = [p for p in self.problems if p.is_error]
        first = str(errors[0] if errors else self.problems[0]) if self.problems else "invalid"
        more = len(errors) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def _one_line(text: str) -> str:
    """Show control characters (quoted from a file) as escapes: a problem is one line."""
    return visible(text)


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.column, problem.severity, problem.message)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line and column."""
    return sorted(problems, key=_order)
