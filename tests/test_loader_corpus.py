"""The broken scenario corpus: each file says, in `# expect:` lines, what check must report.

Format of a corpus file's header (tests/corpus/broken/*.yaml):
    # expect: [other-file:]LINE:COLUMN [warning: ]text found in the problem's line
    # schema: reject | accept | skip      (read by test_schema.py)
Every expected problem must be reported at exactly that place, and no unexpected error may be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.paths import ROOT
from game.scenario.loader import load

CORPUS = ROOT / "tests" / "corpus" / "broken"
EXPECT = re.compile(
    r"^# expect: (?:(?P<file>[^\s:]+):)?(?P<line>\d+):(?P<column>\d+) "
    r"(?:(?P<severity>error|warning): )?(?P<text>.+)$"
)
BROKEN = sorted(CORPUS.glob("*.yaml"))


def expectations(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = EXPECT.match(line)
        if match:
            found = match.groupdict()
            target = (path.parent / found["file"]) if found["file"] else path
            out.append(
                {
                    "file": target.resolve(),
                    "line": int(found["line"]),
                    "column": int(found["column"]),
                    "severity": found["severity"] or "error",
                    "text": found["text"],
                }
            )
    return out


def test_the_corpus_is_there():
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_file_reports_its_expected_problems_at_their_place(path, monkeypatch):
    monkeypatch.chdir(ROOT)  # messages name files as given: relative to the project
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    problems = load(path.relative_to(ROOT)).problems
    matched = set()
    for want in expected:
        hits = [
            i
            for i, p in enumerate(problems)
            if Path(p.file).resolve() == want["file"]
            and (p.line, p.column, p.severity) == (want["line"], want["column"], want["severity"])
            and want["text"] in str(p)
        ]
        assert hits, f"expected at {want['line']}:{want['column']}: {want['text']}\n" + "\n".join(
            map(str, problems)
        )
        matched.update(hits)
    unexpected = [str(p) for i, p in enumerate(problems) if p.is_error and i not in matched]
    assert not unexpected, "unexpected errors:\n" + "\n".join(unexpected)


def test_five_mistakes_give_five_located_errors():
    problems = load(CORPUS / "five-mistakes.yaml").problems
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 5
    assert len({(p.line, p.column) for p in errors}) == 5
    assert all(p.line > 1 and p.column >= 1 for p in errors)
