"""`check` asks the engine's law: what the engine would refuse, check reports, and nothing more."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from game.engine import law
from game.engine import state as st
from game.engine.orders import default_orders
from game.engine.step import step
from game.paths import ROOT, SCENARIOS
from game.scenario import check_law
from game.scenario.compile import compile_scenario
from game.scenario.loader import load, load_scenario

BASE = ROOT / "tests" / "corpus" / "broken" / "parents" / "base.yaml"


def write_variant(tmp_path, text: str):
    """A variant of the corpus's base scenario, beside a copy of it (extends stays inside)."""
    (tmp_path / "base.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "variant.yaml"
    path.write_text(f"extends: base.yaml\n{text}", encoding="utf-8")
    return path


def variant(tmp_path, text: str):
    return load(write_variant(tmp_path, text))


ADD_OFFER_FROM_JAPAN = """
events:
  scripted:
    - id: japan-recruits
      title: Japan recruits for the ILRS
      {trigger}
      effects:
        - type: add_offer
          offer: {{id: japan-for-ilrs, kind: invite, sender: JPN, to: [IND], bloc: ilrs}}
"""


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_scenario_passes_the_law_without_a_word(path):
    assert load(path).problems == []


def test_an_add_offer_from_a_nation_outside_the_bloc_is_an_error(tmp_path):
    loaded = variant(tmp_path, ADD_OFFER_FROM_JAPAN.format(trigger="date: 2026-01"))
    assert [p.message for p in loaded.errors] == [
        "offer 'japan-for-ilrs' invites to 'ilrs', but its sender 'JPN' is not a member of it"
    ]
    assert "give event 'japan-recruits' the condition 'member_of' JPN ilrs" in loaded.errors[0].hint


def test_an_add_offer_whose_condition_makes_the_sender_a_member_is_fine(tmp_path):
    trigger = "condition: {kind: member_of, nation: JPN, bloc: ilrs}"
    loaded = variant(tmp_path, ADD_OFFER_FROM_JAPAN.format(trigger=trigger))
    assert loaded.problems == []


def test_the_engine_drops_the_add_offer_that_check_reports(tmp_path, monkeypatch):
    # the same law on both sides: the event fires but opens no offer from a non-member
    path = write_variant(tmp_path, ADD_OFFER_FROM_JAPAN.format(trigger="date: 2025-01"))
    monkeypatch.setattr(check_law, "check", lambda *args: [])  # play it despite the error
    compiled = compile_scenario(load_scenario(path), worlds=2)
    orders = default_orders(compiled.state, compiled.rules)
    state, _events = step(compiled.state, orders, compiled.rules, compiled.seed)
    assert state.event_fired[:, compiled.catalog.index["scripted"]["japan-recruits"]].all()
    assert not (state.offers.active & (state.offers.origin == st.ORIGIN_EVENT)).any()


def test_check_asks_the_law_for_offers(tmp_path, monkeypatch):
    # a law that refuses every offer as coming from outside its bloc: check says so
    def refuse_all(s, rules, wi, kind, sender, target, bloc):
        shape = np.broadcast_shapes(np.shape(wi), np.shape(kind), np.shape(target))
        return np.full(shape, law.Refusal.NOT_A_MEMBER, np.int8)

    monkeypatch.setattr(law, "offer_refusal", refuse_all)
    loaded = variant(tmp_path, "")
    assert [p.message for p in loaded.errors] == [
        "offer 'ilrs-open' invites to 'ilrs', but its sender 'CHN' is not a member of it"
    ]


def test_check_asks_the_law_for_thresholds(tmp_path, monkeypatch):
    objective = (
        "nations:\n  - id: IND\n    objectives:\n"
        "      - {kind: support_at_least, value: 0.9, text: Be loved.}\n"
    )
    assert variant(tmp_path, objective).problems == []
    monkeypatch.setitem(law.QUANTITY_RANGE, "support", (0.0, 0.8))
    (problem,) = variant(tmp_path, objective).problems
    assert "support runs from 0 to 0.8" in problem.message


def test_a_forbidden_pair_some_event_lifts_does_not_make_an_objective_impossible(tmp_path):
    objective = (
        "nations:\n  - id: USA\n    objectives: [{kind: in_bloc, bloc: ilrs, text: Join.}]\n"
    )
    assert [p.severity for p in variant(tmp_path, objective).problems] == ["warning"]
    lifted = objective + (
        "events:\n  scripted:\n    - id: thaw\n      title: A thaw\n      date: 2027-01\n"
        "      effects: [{type: allow_pair, pair: wolf}]\n"
    )
    assert variant(tmp_path, lifted).problems == []


def test_an_invitation_to_all_skips_members_and_forbidden_partners_silently(tmp_path):
    # 'to: all' means everyone the law lets in: the skipped nations are no mistake
    text = "offers:\n  - {id: ilrs-open, kind: invite, sender: CHN, to: all, bloc: ilrs}\n"
    assert variant(tmp_path, text).problems == []


def test_an_invitation_to_all_from_an_outsider_is_still_an_error(tmp_path):
    text = "offers:\n  - {id: ilrs-open, kind: invite, sender: JPN, to: all, bloc: ilrs}\n"
    assert [p.message for p in variant(tmp_path, text).errors] == [
        "offer 'ilrs-open' invites to 'ilrs', but its sender 'JPN' is not a member of it"
    ]


def test_a_real_iso_code_too_small_for_the_map_is_no_mistake(tmp_path):
    text = "nations:\n  - {id: IND, iso3: IND, map_iso3: [MLT, SGP, LKA]}\n"
    assert variant(tmp_path, text).problems == []


def test_the_thresholds_of_every_objective_and_condition_kind_are_known():
    from game.engine.rules import CONDITION_KINDS, OBJECTIVE_KINDS

    assert set(law.OBJECTIVE_THRESHOLDS) <= set(OBJECTIVE_KINDS)
    assert set(law.CONDITION_THRESHOLDS) <= set(CONDITION_KINDS)
    quantities = {
        q for q, _ in [*law.OBJECTIVE_THRESHOLDS.values(), *law.CONDITION_THRESHOLDS.values()]
    }
    assert quantities <= set(law.QUANTITY_RANGE)


def test_an_offer_of_nothing_is_the_only_empty_offer():
    kinds = np.array([st.KIND[k] for k in st.OFFER_KINDS])
    empty = law.offer_is_empty(kinds, 0.0, 0.0, 0, 0)
    assert empty.tolist() == [k not in ("invite", "apply") for k in st.OFFER_KINDS]
    assert not law.offer_is_empty(st.KIND["funding"], 0.0, 0.0, 0, 1)


def test_the_designer_mistakes_corpus_is_all_reported():
    spec = importlib.util.spec_from_file_location(
        "check_mistakes", ROOT / "tools" / "check_mistakes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found, silent = module.count()
    assert silent == []
    assert found == len(module.MISTAKES)


def test_a_shipped_scenario_still_loads_for_play():
    load_scenario(SCENARIOS / "ilrs-2021.yaml")
