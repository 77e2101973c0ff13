"""A bloc has one name (issue 10, s6 finding): the scenario's ``name``, or its documented
``short`` form; every line the game writes about a bloc uses one of the two. The turn report
said "Artemis Accords completed ..." and, on the next line, "Artemis programme 12% done", as
if the programme were a bloc of another name. The designer's own prose (scripted and random
events, milestone and mission names) may say what it likes and is left out of the check."""

from __future__ import annotations

import re

import pytest

from game.paths import DEFAULT_SCENARIO, SCENARIOS
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.ui.report import changes_lines, happened_lines

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

PROSE = "⟨scenario⟩"


def designer_words(catalog) -> list[str]:
    """What the scenario's author wrote, longest first: events' titles and texts, milestone
    and mission names (a milestone may be called "Artemis I")."""
    texts = [
        *catalog.scripted_titles,
        *catalog.scripted_texts,
        *catalog.random_titles,
        *catalog.random_texts,
        *catalog.milestone_names,
        *catalog.mission_names,
    ]
    return sorted({t.strip() for t in texts if t.strip()}, key=len, reverse=True)


def misnamed(catalog, text: str) -> list[str]:
    """The places in ``text`` where a bloc is called something other than its name or short
    form: its short form run on into a longer name ("Artemis programme", "ILRS Station")."""
    for words in designer_words(catalog):
        text = text.replace(words, PROSE)
    for name in sorted(catalog.bloc_names, key=len, reverse=True):
        text = text.replace(name, "⟨bloc⟩")
    found = []
    for short in catalog.bloc_short:
        for m in re.finditer(rf"\b{re.escape(short)}\b", text):
            after = text[m.end() :]
            if re.match(r" (programme|[A-Z])", after):
                found.append(text[max(0, m.start() - 30) : m.end() + 30])
    return found


def played_lines(match: Match, viewers: list[int], turns: int) -> list[str]:
    lines = []
    for _ in range(turns):
        match.end_turn()
        for viewer in viewers:
            lines += [line.text for line in happened_lines(match, viewer)]
            lines += [line.text for line in changes_lines(match, viewer)]
    return lines


@pytest.fixture(scope="module", params=["ilrs-2021.yaml", "tutorial.yaml"])
def played(request):
    """A scenario played 6 turns by the computer; every leader's report and news."""
    path = SCENARIOS / request.param
    if not path.exists():
        pytest.skip(f"no {request.param}")
    info = scenario_info(path, "shipped")
    match = Match(info.scenario, humans=[], scenario_path=info.path, seed=0)
    leaders = sorted({match.leader(k) for k in range(len(match.catalog.bloc_ids))})
    return match, played_lines(match, leaders, turns=6)


def test_every_generated_line_names_a_bloc_by_the_scenarios_name(played):
    match, lines = played
    cat = match.catalog
    # the lines are about the blocs: each bloc is named, and its programme is reported
    for k, name in enumerate(cat.bloc_names):
        assert any(name in t or cat.bloc_short[k] in t for t in lines), name
    assert any("programme" in t and "% done" in t for t in lines)
    wrong = [bad for t in lines for bad in misnamed(cat, t)]
    assert wrong == [], wrong


def test_an_offers_seats_and_payload_slots_are_counted_in_the_plural(played):
    # "United States invites Indonesia to Artemis Accords, adding 2 payload slot"
    _match, lines = played
    said = " ".join(lines)
    assert re.search(r"\d+ (payload slot|astronaut seat)", said)  # such offers were made
    wrong = re.findall(r"\b(?!1 )\d+ (?:payload slot|astronaut seat)\b(?!s)", said)
    assert wrong == [], wrong


def test_the_check_sees_a_bloc_called_by_another_name():
    info = scenario_info(DEFAULT_SCENARIO, "shipped")
    cat = Match(info.scenario, humans=[], seed=0).catalog
    assert misnamed(cat, "Artemis programme 12% done: the pool of $8.00 B")
    assert misnamed(cat, "ILRS Station completed a milestone")
    first = cat.milestone_names[0]  # "Artemis I: uncrewed test flight", the designer's name
    assert not misnamed(cat, f"Artemis' programme 12% done; Artemis Accords completed {first}.")
    assert not misnamed(cat, "Artemis: 0% → 3% of the programme · 9 members")
