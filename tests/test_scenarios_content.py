"""What the shipped scenarios promise players and teachers (issue 2, item 5).

These check content, not format: the loader's own tests check that every file validates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.loader import load_scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=./scenario.schema.json"
ARTEMIS_2021 = {"USA", "AUS", "CAN", "ITA", "JPN", "LUX", "ARE", "GBR", "UKR"}


@pytest.fixture(scope="module")
def default():
    return load_scenario(SCENARIOS / "ilrs-2021.yaml")


def _blocs(scenario):
    return {bloc.id: bloc for bloc in scenario.blocs}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_points_editors_at_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_playable_nation_has_a_briefing_and_two_to_four_objectives(path):
    scenario = load_scenario(path)
    for nation in scenario.nations:
        if nation.playable:
            assert nation.briefing.strip(), nation.id
            assert 2 <= len(nation.objectives) <= 4, nation.id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_scripted_event_forces_a_nation_into_a_bloc(path):
    scenario = load_scenario(path)
    kinds = {effect.type for event in scenario.events.scripted for effect in event.effects}
    assert "force_membership" not in kinds


def test_the_default_runs_thirty_half_year_turns_from_march_2021(default):
    meta = default.meta
    assert (meta.start, meta.turn_months, meta.end) == ("2021-03", 6, "2036-03")


def test_the_default_has_at_least_thirty_nations_and_fifteen_scripted_events(default):
    assert len(default.nations) >= 30
    assert len(default.events.scripted) >= 15
    assert default.events.random


def test_the_blocs_start_with_their_real_2021_members(default):
    blocs = _blocs(default)
    assert set(blocs["artemis"].members) == ARTEMIS_2021
    assert blocs["artemis"].leader == "USA"
    assert set(blocs["ilrs"].members) == {"CHN", "RUS"}
    assert blocs["ilrs"].leader == "CHN"


def test_the_us_china_ban_holds_at_the_start(default):
    pairs = {pair.id: pair for pair in default.constraints.forbidden_pairs}
    assert set(pairs["wolf"].nations) == {"USA", "CHN"}
    assert pairs["wolf"].active


def test_no_opening_invitation_picks_its_nations_with_hindsight(default):
    # in March 2021 no invitation to a particular nation was on the table: an opening
    # invitation, if a scenario of that date has one, goes to every unaligned nation
    aligned = {n for bloc in default.blocs for n in bloc.members}
    unaligned = {n.id for n in default.nations} - aligned
    for offer in default.offers:
        if offer.kind == "invite":
            assert set(offer.to) == unaligned - {"USA", "CHN"}


#: The tutorial scripts its lessons (an offer to a named nation is the lesson); the races don't.
RACES = [p for p in SHIPPED if p.name != "tutorial.yaml"]


@pytest.mark.parametrize("path", RACES, ids=lambda p: p.name)
def test_no_membership_invitation_in_a_race_picks_its_nations(path):
    # issue 9: who is courted after the start is the computer's or a player's outreach; an
    # invitation the scenario writes (at the start or through an event) is an open call to
    # all, and the law drops members and forbidden partners when it is sent
    scenario = load_scenario(path)
    events = scenario.events.scripted + scenario.events.random
    added = [e.offer for event in events for e in event.effects if e.type == "add_offer"]
    for offer in [*scenario.offers, *added]:
        if offer.kind == "invite":
            assert offer.to == "all", offer.id


def test_the_ilrs_charter_follows_the_facts(default):
    # facts.md A3: ILRS principles are "broadly consistent" with the Accords and joining both
    # is allowed; partners sign memoranda with CNSA, only Russia's is a ratified agreement
    charter = _blocs(default)["ilrs"].charter
    assert not charter.exclusive
    assert _blocs(default)["artemis"].charter.binding < charter.binding < 0.7


def test_the_variant_lifts_only_the_ban(default):
    variant = load_scenario(SCENARIOS / "ilrs-2021-no-wolf.yaml")
    pairs = {pair.id: pair.active for pair in variant.constraints.forbidden_pairs}
    assert pairs["wolf"] is False
    assert [n.id for n in variant.nations] == [n.id for n in default.nations]
    assert _blocs(variant)["artemis"].members == _blocs(default)["artemis"].members


def test_the_variant_changes_one_relation_in_about_ten_lines(default):
    path = SCENARIOS / "ilrs-2021-no-wolf.yaml"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 12
    variant = load_scenario(path)

    def by_pair(scenario):
        return {frozenset(r.between): r.value for r in scenario.relations}

    before, after = by_pair(default), by_pair(variant)
    us_china = frozenset({"USA", "CHN"})
    assert after[us_china] > before[us_china]
    assert {k: v for k, v in after.items() if k != us_china} == {
        k: v for k, v in before.items() if k != us_china
    }


def test_the_tutorial_is_short_and_teaches_on_its_first_turns():
    tutorial = load_scenario(SCENARIOS / "tutorial.yaml")
    assert 4 <= len(tutorial.nations) <= 6
    lessons = [event.date for event in tutorial.events.scripted if event.date]
    assert {"2030-01", "2031-01", "2032-01"} <= set(lessons)


def test_every_classroom_briefing_states_a_learning_objective():
    classroom = load_scenario(SCENARIOS / "classroom.yaml")
    playable = [n for n in classroom.nations if n.playable]
    assert 5 <= len(playable) <= 8
    assert classroom.meta.turn_months == 12
    for nation in playable:
        assert "By the end you should be able to explain" in nation.briefing, nation.id
