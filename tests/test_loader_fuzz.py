"""Whatever a valid scenario is mutated into, loading gives a Scenario or a ScenarioError."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.paths import ROOT
from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario_text
from game.scenario.models import Scenario

BASE_TEXT = (ROOT / "tests" / "corpus" / "valid" / "first.yaml").read_text(encoding="utf-8")
BASE = yaml.safe_load(BASE_TEXT)

GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["all", "USA", "ilrs", "2021-03", "#00FF00", "yes", "", "base"]),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=2),
)
KEYS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["id", "remove", "extends", "budget", "type", "base", "requires", "meta"]),
)


def places(node, path=()):
    """Every path into the document (mappings by key, lists by index)."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from places(value, (*path, i))


def parent_of(doc, path):
    for part in path[:-1]:
        doc = doc[part]
    return doc


def check_outcome(text: str) -> None:
    try:
        scenario = load_scenario_text(text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message and problem.line >= 1 and problem.column >= 1
            assert "\n" not in str(problem)
    else:
        assert isinstance(scenario, Scenario)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_documents_load_or_fail_cleanly(data):
    doc = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        path = data.draw(st.sampled_from(list(places(doc))))
        op = data.draw(st.sampled_from(["delete", "replace", "add-key", "number", "duplicate"]))
        if not path:
            continue
        parent, last = parent_of(doc, path), path[-1]
        value = parent[last]
        if op == "delete":
            del parent[last]
        elif op == "replace":
            parent[last] = data.draw(GARBAGE)
        elif op == "add-key" and isinstance(value, dict):
            value[data.draw(KEYS)] = data.draw(GARBAGE)
        elif op == "number" and isinstance(value, int | float) and not isinstance(value, bool):
            parent[last] = value * data.draw(st.sampled_from([-1, 0, 2, 1000, 0.5, 1e30]))
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(value))
    check_outcome(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(BASE_TEXT)),
    st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t\n ,?~0xyz\x00\x85é")), max_size=8),
)
def test_text_with_garbage_inserted_loads_or_fails_cleanly(position, garbage):
    check_outcome(BASE_TEXT[:position] + garbage + BASE_TEXT[position:])
