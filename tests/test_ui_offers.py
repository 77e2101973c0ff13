"""Two-sided offers and plannable missions (issue 10 items 4 and 5), driven as a person would:
clicks where the controls are drawn, then what the screen shows checked against the law."""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pygame
import pytest
from ui_driver import Driver

from game.engine import law
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.session.orders import OfferDraft
from game.session.terms import offer_sides
from game.text.words import money

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def playing(tmp_path, default, nation="IND", size=(1280, 720), scale=1.0) -> Driver:
    d = Driver(tmp_path, size=size, scale=scale)
    game = Match(default.scenario, humans=[nation], scenario_path=default.path, seed=3)
    d.app.nav.show(game)
    d.frames(3)
    return d


def shot(d: Driver, name: str) -> None:
    """Keep a screenshot to look at when LUNAR_BLOCS_SHOTS names a folder."""
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


def open_tab(d: Driver, key: str):
    host = d.top
    d.click(host.tab_buttons[key].rect.center)
    assert host.tab == key
    return host.tabs[key]


def click_right_arrow(d: Driver, slider, times: int) -> None:
    for _ in range(times):
        d.click(slider.right_button.rect.center, frames=2)
    d.frames(4)  # the slider reports its move a frame or two after the click


@pytest.mark.parametrize("size,scale", [((1280, 720), 1.0), ((1280, 720), 1.5)])
def test_sweetener_sliders_stop_at_the_laws_limits(tmp_path, default, size, scale):
    d = playing(tmp_path, default, size=size, scale=scale)
    tab = open_tab(d, "offers")
    game = d.top.game
    most = law.sweetener_limits(game.rules.constants)
    click_right_arrow(d, tab.sweeteners["seats"], int(most["seats"]) + 2)
    click_right_arrow(d, tab.sweeteners["payload"], int(most["payload"]) + 2)
    assert tab.compose.seats == most["seats"]
    assert tab.compose.payload == most["payload"]
    budget = float(game.state.budget[0, d.top.player])
    # the engine's own clamp, never rounded up past it
    top = float(law.clamp_sweeteners(np.inf, 0.0, 0, 0, budget, game.rules.constants)[0])
    assert tab.sweeteners["funds"].value_range[1] == pytest.approx(top)
    assert top == pytest.approx(most["funds_share"] * budget)
    assert tab.sweeteners["tech"].value_range[1] == round(most["tech"] * 100)
    # the seats' price, from the law, is written beside the slider
    price = float(law.sweetener_price(0.0, tab.compose.seats, 0, game.rules.constants))
    assert money(price) in tab.sweetener_labels["seats"].text
    shot(d, f"offers-limits-{scale}")


def test_composer_shows_my_side_and_warns_when_the_reserve_cannot_pay(tmp_path, default):
    d = playing(tmp_path, default)
    tab = open_tab(d, "offers")
    game = d.top.game
    me = d.top.player
    assert float(game.state.reserve[0, me]) == 0.0  # India starts with nothing banked
    click_right_arrow(d, tab.sweeteners["seats"], 1)
    lines = [text for text, _ in tab.sides.lines()]
    price = float(law.sweetener_price(0.0, 1, 0, game.rules.constants))
    # the reserve the engine will check: the one the sender has when the answer comes
    step = tab.prediction.steps[0]
    assert step.reserve < price
    said = (
        f"({money(step.reserve)}, the mean of {step.futures} futures) cannot pay the {money(price)}"
    )
    assert any(said in t for t in lines)
    if step.outcome != "refused":  # declined first: the terms are still shown
        assert any("You give: 1 astronaut seat" in t for t in lines)
        assert any(f"{money(price)} once" in t for t in lines)
    shot(d, "offers-my-side")


def test_funds_show_their_share_of_my_budget_and_the_deal_term(default):
    game = Match(default.scenario, humans=["IND"], seed=3)
    me, usa = game.people[0], game.catalog.nation("USA")
    budget = float(game.state.budget[0, me])
    offer = OfferDraft("funding", target=usa, funds=0.9)
    mine = offer_sides(game, me, me, offer)
    assert mine.budget_share == pytest.approx(0.9 / budget)
    assert any(f"{0.9 / budget * 100:.0f}% of your budget" in t for t in mine.cost)
    assert str(game.rules.constants.deal_turns) in mine.term
    theirs = offer_sides(game, usa, me, offer)
    assert theirs.gain and not theirs.cost  # the same funds are the other side's gain


def test_technology_transfer_says_which_way_it_flows(default):
    game = Match(default.scenario, humans=["IND"], seed=3)
    me, usa = game.people[0], game.catalog.nation("USA")
    offer = OfferDraft("tech_transfer", target=usa, tech=0.2)
    assert "flowing from you" in " ".join(offer_sides(game, me, me, offer).cost)
    assert "flowing from India" in " ".join(offer_sides(game, usa, me, offer).gain)


def test_funds_beyond_the_laws_share_of_my_budget_are_warned(default):
    game = Match(default.scenario, humans=["IND"], seed=3)
    me, usa = game.people[0], game.catalog.nation("USA")
    share = law.sweetener_limits(game.rules.constants)["funds_share"]
    over = share * float(game.state.budget[0, me]) * 1.2
    warned = offer_sides(game, me, me, OfferDraft("funding", target=usa, funds=over)).warnings
    assert any(w.startswith("Over budget") for w in warned)


def test_membership_states_the_charter_minimum_and_how_long_it_is_weighed(default):
    game = Match(default.scenario, humans=["IND"], seed=3)
    me = game.people[0]
    for k in range(game.rules.n_blocs):
        sides = offer_sides(game, me, me, OfferDraft("apply", bloc=k))
        need = float(game.state.contribution[0, k]) * 100
        assert any(f"at least {need:.0f}% of your money" in t for t in sides.cost)
        assert f"{int(game.rules.accession_turns[k])} turn" in sides.term


def applied_rows(d: Driver, bloc: int) -> list[str]:
    """The player applies to ``bloc``, ends the turn, closes the report: the inbox rows of
    the player's own offers still open."""
    game = d.top.game
    game.draft(d.top.player).offers.append(OfferDraft("apply", bloc=bloc))
    d.click_button("End turn")
    d.frames(5)
    while d.top is not None and getattr(d.top, "tabs", None) is None:
        d.key(pygame.K_ESCAPE)  # the turn report
    tab = open_tab(d, "inbox")
    return [tab.inbox_row(slot) for slot in game.open_offers(sender=d.top.player)]


def test_an_application_being_weighed_says_when_the_answer_comes(tmp_path, default):
    d = playing(tmp_path, default)
    game = d.top.game
    slow = int(np.argmax(game.rules.accession_turns))
    if int(game.rules.accession_turns[slow]) < 2:
        pytest.skip("no bloc weighs an application over several turns")
    rows = applied_rows(d, slow)
    assert any("being weighed, answer expected in" in r for r in rows), rows
    shot(d, "inbox-weighed")


def test_the_players_own_application_names_the_bloc_on_its_inbox_row(tmp_path, default):
    # "You -> United States: apply to join a bloc" did not say which bloc
    d = playing(tmp_path, default)
    game = d.top.game
    for k in range(game.rules.n_blocs):
        if not game.state.member[0, d.top.player, k]:
            break
    rows = applied_rows(d, k)
    leader = game.name(game.leader(k))
    assert any(r.startswith(f"You → {leader}: apply to join {game.bloc_name(k)}") for r in rows)


def test_report_reads_the_blocs_coordination_and_research_lift_from_the_ledger(default):
    from game.ui.report import changes_lines

    game = Match(default.scenario, humans=["USA"], seed=3)
    me = game.people[0]
    draft = game.draft(me)
    draft.alloc = [0.5, 0.0, 0.3, 0.2, 0.0]
    game.end_turn({me: draft})
    book = game.report().ledger
    k = int(game.state.bloc[0, me])
    coord = float(book.blocs["coordination"][0, k])
    lift = float(book.blocs["research_lift"][0, k])
    assert lift > 1.0  # members' research lifted the programme this turn
    text = " ".join(line.text for line in changes_lines(game, me))
    assert f"coordination {coord * 100:.0f}%" in text
    assert f"×{lift:.2f}" in text


def test_names_ending_in_s_take_an_apostrophe_only(default):
    game = Match(default.scenario, humans=["IND"], seed=3)
    usa = game.catalog.nation("USA")
    ilrs = next(k for k in range(game.rules.n_blocs) if game.leader(k) != usa)
    # an entry level above the United States' technology: the gap sentence names it
    strict = np.full(game.rules.n_blocs, 0.99)
    rules = dataclasses.replace(game.rules, entry_min_tech=strict)
    game.compiled = dataclasses.replace(game.compiled, rules=rules)
    gaps = [sentence for sentence, _ in game.entry_gaps(usa, OfferDraft("apply", bloc=ilrs))]
    assert any(s.startswith("United States' mean technology") for s in gaps), gaps


def test_nation_picker_says_what_the_difficulty_does(tmp_path, default):
    from game.ai.difficulty import DESCRIPTIONS

    d = Driver(tmp_path)
    d.app.nav.push("nation_picker", default)
    d.frames(3)
    screen = d.top
    d.choose(screen.diff_menu, "hard")
    assert screen.difficulty == "hard"
    # the pointer resting on the closed menu: what the chosen level does, whole, on screen
    tip = d.rest(screen.diff_menu.rect.center)
    assert tip is not None, "no tooltip opened over the level's menu"
    assert tip.text_block.html_text == DESCRIPTIONS["hard"]
    assert d.app.window.get_rect().contains(tip.rect)
    shot(d, "nations-hard")
    # the open list: each other level says what it does, beside the list, not over it
    # (pygame_gui does not hover the chosen option; the menu's own button says it)
    drawn = d.open_menu(screen.diff_menu)
    listed = screen.diff_menu.current_state.options_selection_list.rect
    assert sorted(drawn) == ["easy", "hard", "normal"]
    for level, rect in drawn.items():
        if level == "hard":
            continue
        d.move((0, 0))
        d.until(lambda: not d.tooltips())
        tip = d.rest(rect.center)
        assert tip is not None, f"no tooltip over {level}"
        assert tip.text_block.html_text == DESCRIPTIONS[level]
        d.frames(2)
        assert not tip.rect.colliderect(listed), (level, tip.rect, listed)
        assert d.app.window.get_rect().contains(tip.rect)
    shot(d, "nations-levels-open")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_levels_line_fits_whole_under_the_picker(tmp_path, default, size):
    # the whole description ran past the window's edge at 1280x720; one line now fits
    from game.ai.difficulty import DIFFICULTIES
    from game.ui import theme as th

    d = Driver(tmp_path, size=size)
    d.app.nav.push("nation_picker", default)
    d.frames(3)
    screen = d.top
    room = d.app.size[0] - screen.person_button.rect.x - screen.s(20)
    face = th.font(screen.s(12))
    for level in DIFFICULTIES:
        assert face.size(screen.level_line(level))[0] <= room, level


def test_applying_again_while_an_application_is_weighed_says_where_it_stands(default):
    """In a real window the Offers tab said "It would not be sent: already a member" for an
    unaligned India whose application to Artemis was being weighed (the forecast played the
    first application's yes before the second)."""
    game = Match(default.scenario, humans=["IND"], seed=3)
    me = game.people[0]
    art = next(k for k in range(game.rules.n_blocs) if game.leader(k) == game.catalog.nation("USA"))
    assert game.offer_allowed(me, OfferDraft("apply", bloc=art)) is None
    game.draft(me).offers.append(OfferDraft("apply", bloc=art))
    game.end_turn()
    assert int(game.state.bloc[0, me]) < 0  # still being weighed
    why = game.offer_allowed(me, OfferDraft("apply", bloc=art))
    assert why is not None and why.startswith("your application to Artemis is being weighed"), why
    seen = game.predict(me, OfferDraft("apply", bloc=art))
    assert "already a member" not in seen.summary and not seen.allowed, seen.summary
