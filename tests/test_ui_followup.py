"""Every playable nation can be played; the turn report says why; lists scroll to their row."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from ui_driver import Driver

from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def test_every_playable_nation_opens_the_main_screen_and_ends_a_turn(tmp_path, default):
    from game.ui.screens.main import MainScreen
    from game.ui.screens.nation_picker import NationPicker
    from game.ui.screens.turn_report import TurnReportScreen

    d = Driver(tmp_path)
    app = d.app
    assert default.playable
    for nation in default.playable:
        picker = NationPicker(app, default)
        app.reset_to(picker)
        picker.people = [nation]
        picker.start_game()
        d.frames(1)
        main = app.top
        assert isinstance(main, MainScreen), nation
        assert main.game.catalog.nation_ids[main.player] == nation
        main.end_turn()
        d.frames(1)
        assert isinstance(app.top, TurnReportScreen), nation
        assert main.game.turn == 1
        assert not app.errors, (nation, app.errors)


def test_the_turn_report_gives_concrete_reasons(tmp_path, default):
    from game.session.match import Match
    from game.ui.report import changes_lines, happened_lines

    game = Match(default.scenario, humans=["IND"])
    for _ in range(3):
        game.end_turn()
    texts = [line.text for line in changes_lines(game, game.people[0])]
    why = texts[texts.index("Why") + 1 : texts.index("The race")]
    assert any(t.startswith("Budget ") and "growth" in t for t in why), why
    assert all("Budgets grow with the scenario" not in t for t in texts)
    assert len(happened_lines(game, game.people[0])) > 1


def test_a_deal_prediction_names_the_partner_not_a_bloc(default):
    from game.session.match import Match
    from game.session.orders import OfferDraft

    game = Match(default.scenario, humans=["IND"])
    japan = game.catalog.nation("JPN")
    seen = game.predict(game.people[0], OfferDraft("tech_transfer", japan, tech=0.2))
    words = [label for label, _ in seen.reasons] + [seen.summary]
    assert all("relations with the bloc" not in w for w in words), words


def test_an_invitation_the_rules_refuse_says_why_on_its_inbox_row(tmp_path, default):
    from game.engine import state as st
    from game.scenario.models import Scenario
    from game.session.match import Match

    # China invites India into the ILRS, whose entry asks for relations India does not have
    data = default.scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data["offers"] = [
        {"id": "ilrs-to-india", "kind": "invite", "sender": "CHN", "to": ["IND"], "bloc": "ilrs"}
    ]
    for bloc in data["blocs"]:
        if bloc["id"] == "ilrs":
            bloc["charter"]["entry"]["min_relations"] = 0.99
    d = Driver(tmp_path)
    game = Match(Scenario.model_validate(data), humans=["IND"])
    d.app.nav.show(game)
    d.frames(1)
    main = d.app.top
    main.show_tab("inbox")
    blocked = [
        slot
        for slot in main.pane.inbox()
        if game.offer_kind(slot) == "invite" and not main.pane.incoming_prediction(slot).allowed
    ]
    assert blocked, "the invitation India cannot accept is in its inbox"
    row = main.pane.inbox_row(blocked[0])
    assert "cannot accept:" in row
    assert int(game.state.offers.kind[0, blocked[0]]) == st.KIND["invite"]


def test_the_scenario_picker_scrolls_to_the_highlighted_row(tmp_path, monkeypatch):
    from game.ui.screens.scenario_picker import ScenarioPicker

    folder = tmp_path / "home"
    monkeypatch.setenv("LUNAR_BLOCS_HOME", str(folder))
    scenarios = folder / "scenarios"
    scenarios.mkdir(parents=True)
    for n in range(30):
        (scenarios / f"broken-{n:02d}.yaml").write_text("nations: 3\n", encoding="utf-8")
    d = Driver(tmp_path / "saves")
    d.app.push(ScenarioPicker(d.app))
    d.frames(2)
    picker = d.app.top
    assert picker.list.scroll_bar is not None
    for _ in range(len(picker.entries) - 1):
        d.key(pygame.K_DOWN, frames=1)
    last = picker.list.item_list[-1]["button_element"]
    assert last is not None and last.visible
    assert picker.list.item_list_container.rect.contains(last.rect)


def test_screenshots_are_the_same_on_every_run(tmp_path):
    from game.ui.gallery import shoot

    names = ("scenario-broken", "load")
    first = shoot(tmp_path / "a", only=names)
    second = shoot(tmp_path / "b", only=names)
    assert [p.name for p in first] == [p.name for p in second] == [f"{n}.png" for n in names]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_modal_hides_the_screen_below_and_gives_it_back_unchanged(tmp_path, default):
    from game.session.match import Match
    from game.ui.screens.help import HelpScreen

    d = Driver(tmp_path)
    game = Match(default.scenario, humans=["IND"])
    d.app.nav.show(game)
    d.frames(1)
    main = d.app.top
    button = main.end_button
    d.app.push(HelpScreen(d.app, main.scopes))
    d.frames(1)
    assert not button.visible
    d.app.pop(None)
    d.frames(1)
    assert main.end_button is button and button.visible and button.alive()
    # One person playing on keeps the same main screen (and its map caches) across turns.
    main.end_turn()
    d.frames(1)
    d.app.pop(None)
    d.frames(1)
    assert d.app.top is main and main.game.turn == 1
    assert main.end_button.visible


def test_the_national_mission_stays_chosen_from_turn_to_turn(default):
    from game.session.match import Match

    game = Match(default.scenario, humans=["IND"])
    me = game.people[0]
    game.draft(me).mission = 0
    game.end_turn()
    assert game.draft(me).mission == 0


def test_answers_to_the_scenarios_opening_offers_are_not_called_the_players_own():
    from game.session.match import Match
    from game.ui.news import news

    # the classroom scenario opens with invitations on the table (the default one has none)
    classroom = scenario_info(DEFAULT_SCENARIO.parent / "classroom.yaml", "shipped")
    game = Match(classroom.scenario, humans=["USA"])
    game.end_turn()
    items = news(game, game.events[-1], game.people[0])
    answered = [item.text for item in items if "your invitation" in item.text]
    assert answered, "the USA's opening Artemis invitations were answered on turn 1"
    assert all("opening offer of the scenario" in text for text in answered), answered


def test_a_turn_with_a_failed_attempt_says_what_the_pool_made_lost_and_gave_back(default):
    """A failed bloc attempt was reported as "+$0.00 B of progress, efficiency 0%" with the
    pool refunded: the report now reads the programmes phase's booking (what the money made,
    at which efficiency, what the failure lost, what the pace limit could not use)."""
    import numpy as np

    from game.engine.state import EV
    from game.scenario.models import Scenario
    from game.session.match import Match
    from game.ui.report import changes_lines
    from game.ui.widgets import money

    data = default.scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    programs = data.setdefault("constants", {}).setdefault("programs", {})
    programs.update(max_success=0.0, min_success=0.0)  # every attempt fails
    game = Match(Scenario.model_validate(data), humans=["USA"])
    usa = game.people[0]
    for _ in range(game.rules.n_turns):
        game.end_turn()
        report = game.report()
        events = report.events
        k = int(report.after.bloc[0, usa])
        failed = (events.code == EV["milestone_failure"]) & (events.bloc == k)
        if failed.any():
            break
    else:
        pytest.fail("no attempt in a whole game")
    book = report.ledger.blocs
    texts = [line.text for line in changes_lines(game, usa)]
    idx = np.asarray(game.rules.ms_of_bloc[k])
    made = money(float(book["worked"][0, idx].sum()))
    line = next(t for t in texts if "programme" in t and "% done" in t)
    assert f"made +{made} of progress" in line, line
    assert "+$0.00 B" not in line and "efficiency 0%" not in line, line
    m = int(events.item[failed][0])
    name = game.catalog.milestone_names[m]
    assert any(
        t.startswith(f"{name} was attempted (") and "and failed: it lost" in t for t in texts
    )


def test_an_objective_met_this_turn_is_said_in_the_reports_why(default):
    """A player saw the score jump +25 with no line saying why (an objective began to hold)."""
    from game.engine.phases.victory import objectives_met, score_breakdown
    from game.session.match import Match
    from game.ui.report import changes_lines

    game = Match(default.scenario, humans=["IND"])
    me = game.people[0]
    game.end_turn()
    r = game.rules
    mine = [int(j) for j in np.flatnonzero(np.asarray(r.obj_nation) == me)]
    landing = game.catalog.domain_ids.index("landing")
    goal = next(j for j in mine if "landing technology" in game.catalog.objective_texts[j])
    after = game.states[-1]
    assert not objectives_met(after, r)[0, goal]
    tech = after.tech.copy()
    tech[0, me, landing] = 0.9
    game.states[-1] = after.replace(tech=tech)
    assert objectives_met(game.states[-1], r)[0, goal]
    texts = [line.text for line in changes_lines(game, me)]
    text = game.catalog.objective_texts[goal]
    assert any(t.startswith(f"Objective met: {text}") for t in texts), texts
    part = float(score_breakdown(game.states[-1], r).parts["objectives"][0, me])
    assert any(t.endswith(f"→ {part:.1f}.") for t in texts), texts
