"""The offer screens say exactly why (issue 10, last play-through's findings 1-5), driven as a
person would: clicks at the pixel where a control is drawn, keys, then what the screen drew
checked against the law and the engine's record. ``LUNAR_BLOCS_SHOTS=DIR`` keeps the shots."""

from __future__ import annotations

import os

import numpy as np
import pygame
import pytest
from test_ui_budget_advice import InProcess
from ui_driver import Driver

from game.engine import law
from game.engine import state as st
from game.engine.state import EV
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.session.offers import KIND_WORDS
from game.session.orders import OfferDraft
from game.text.words import refusal_words
from game.ui import panels, sides, widgets
from game.ui.report import changes_lines, happened_lines
from game.ui.screens import base
from game.ui.screens.main.outlook import WIN_WORDS
from game.ui.widgets import money

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def show(tmp_path, game: Match, size=(1280, 720)) -> Driver:
    d = Driver(tmp_path, size=size)
    service = InProcess()
    d.app.forecasts = lambda: service  # the advisers answer here, at once
    d.app.nav.show(game)
    d.frames(3)
    return d


def playing(tmp_path, default, nation: str, seed: int = 3) -> Driver:
    return show(
        tmp_path, Match(default.scenario, humans=[nation], scenario_path=default.path, seed=seed)
    )


def shot(d: Driver, name: str) -> None:
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


def offers_tab(d: Driver):
    d.click(d.top.tab_buttons["offers"].rect.center)
    assert d.top.tab == "offers"
    return d.top.tabs["offers"]


def options(menu) -> list[str]:
    return [o[0] if isinstance(o, tuple) else o for o in menu.options_list]


def drawn_texts(d: Driver, monkeypatch) -> list[str]:
    """Every line drawn in one frame by the screens, the panels, the sides and the wrapped
    texts (``widgets.draw_lines``)."""
    seen: list[str] = []
    for module in (base, panels, sides, widgets):  # widgets: draw_lines
        real = module.draw_text

        def spy(surface, text, *args, real=real, **kwargs):
            seen.append(str(text))
            return real(surface, text, *args, **kwargs)

        monkeypatch.setattr(module, "draw_text", spy)
    d.frames(1)
    monkeypatch.undo()
    return seen


def choose(d: Driver, dropdown, option: str) -> None:
    """Open a drop-down, turn the mouse wheel over its list until ``option`` is drawn (a long
    list opens scrolled to its current option), then click where it is drawn."""
    d.open_menu(dropdown)
    shown = dropdown.current_state.options_selection_list
    names = options(dropdown)

    def drawn() -> dict[str, pygame.Rect]:
        view = shown.item_list_container.get_abs_rect().clip(d.app.window.get_rect())
        return {
            item.text: item.rect.copy()
            for item in shown.item_list_container.elements
            if item.visible and view.contains(item.rect)
        }

    for _ in range(40):
        seen = drawn()
        if option in seen:
            break
        first = min(seen, key=lambda text: seen[text].y)
        up = names.index(option) < names.index(first)
        d.move(shown.item_list_container.get_abs_rect().center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1 if up else -1))
        d.frames(2)
    d.frames(4)  # the list settles where the wheel left it
    seen = drawn()
    assert option in seen, f"{option!r} never came into view"
    d.click(seen[option].center, frames=6)
    chosen = dropdown.selected_option
    assert (chosen[0] if isinstance(chosen, tuple) else chosen) == option


def map_pixel(d: Driver, nation_id: str) -> tuple[int, int]:
    """A pixel of the map where a click picks ``nation_id`` (the map's own hit test)."""
    r = d.top.map_rect
    for y in range(r.top + 2, r.bottom - 2, 3):
        for x in range(r.left + 2, r.right - 2, 3):
            if d.top.map.pick((x, y)) == nation_id:
                return (x, y)
    raise AssertionError(f"{nation_id} is not drawn on the map")


def legal_by_law(game: Match, me: int, kind: str) -> set[int]:
    """Whom the law's sending checks let an offer of ``kind`` go to, asked here directly."""
    s, r = game.state, game.rules
    out = set()
    for j in range(game.n):
        offer = OfferDraft(kind, target=j)
        bloc = int(s.bloc[0, me]) if kind == "invite" else -1
        code = int(law.offer_refusal(s, r, 0, st.KIND[kind], me, j, bloc))
        if code not in law.SENDING:
            out.add(j)
        assert offer.kind == kind
    return out


# ------------------------------------------------------------------ finding 2: the Invite form


def test_the_invite_list_is_what_the_law_allows_and_a_barred_map_choice_is_not_kept(
    tmp_path, default
):
    d = playing(tmp_path, default, "USA")
    game, me = d.top.game, d.top.player
    japan = game.catalog.nation("JPN")
    assert game.state.member[0, japan, game.bloc_of(me)]  # a partner already
    # the person clicks Japan on the map, then composes an invitation
    d.click(map_pixel(d, "JPN"))
    assert d.top.selected == japan
    tab = offers_tab(d)
    d.choose(tab.kind_menu, KIND_WORDS["invite"])
    tab = d.top.tabs["offers"]
    assert tab.compose.kind == "invite"
    legal = legal_by_law(game, me, "invite")
    assert set(options(tab.target_menu)) == {game.name(j) for j in legal}
    members = np.flatnonzero(game.state.member[0, :, game.bloc_of(me)])
    assert not {game.name(int(j)) for j in members} & set(options(tab.target_menu))
    # the map's choice is a member: the form takes an allowed nation instead
    assert tab.compose.target in legal and tab.compose.target != japan
    chosen = tab.target_menu.selected_option
    assert (chosen[0] if isinstance(chosen, tuple) else chosen) == game.name(tab.compose.target)
    shot(d, "offers-invite-list")
    # a deal may go to a partner: Japan is on the list for funding
    d.choose(tab.kind_menu, KIND_WORDS["funding"])
    tab = d.top.tabs["offers"]
    assert "Japan" in options(tab.target_menu)


def test_no_kind_is_offered_that_the_law_lets_go_to_nobody(tmp_path, default):
    d = playing(tmp_path, default, "USA")
    tab = offers_tab(d)
    game, me = d.top.game, d.top.player
    # the United States may not apply anywhere (its own bloc; a ban on the other's leader)
    assert game.legal_choices(me, "apply") == []
    assert KIND_WORDS["apply"] not in options(tab.kind_menu)
    assert KIND_WORDS["invite"] in options(tab.kind_menu)


# ------------------------------------------------ finding 3: the reserve, and Enter's send


def test_an_offer_the_reserve_cannot_pay_shows_why_and_cannot_be_sent(
    tmp_path, default, monkeypatch
):
    d = playing(tmp_path, default, "IND")
    game, me = d.top.game, d.top.player
    tab = offers_tab(d)
    d.choose(tab.kind_menu, KIND_WORDS["launch_seat"])
    tab = d.top.tabs["offers"]
    choose(d, tab.target_menu, "Japan")
    d.click(tab.sweeteners["seats"].right_button.rect.center, frames=6)
    assert tab.compose.seats == 1
    step = tab.prediction.steps[0]
    # the engine, playing the coming turns in every future, refuses it: the reserve is short
    assert step.refusal == law.Refusal.CANNOT_AFFORD and step.refused == step.futures
    price = float(law.sweetener_price(0.0, 1, 0, game.rules.constants))
    assert step.reserve < price
    assert not tab.send_button.is_enabled
    texts = drawn_texts(d, monkeypatch)
    said = " ".join(texts)
    # told to the person who sent it: their reserve is "your reserve", not "the sender's"
    rule = refusal_words(law.Refusal.CANNOT_AFFORD, game.catalog, me, viewer=me)
    assert rule.startswith("your reserve") and rule in said and "sender" not in said
    assert f"({money(step.reserve)}, the mean of {step.futures} futures) cannot pay" in said
    assert f"cannot pay the {money(price)} price" in said
    assert not any(t.startswith("You gain") for t in texts)
    shot(d, "offers-cannot-pay")
    d.key(pygame.K_RETURN, frames=4)
    d.click(tab.send_button.rect.center)
    assert game.draft(me).offers == []


def test_enter_sends_an_offer_the_rules_allow(tmp_path, default, monkeypatch):
    d = playing(tmp_path, default, "IND")
    game, me = d.top.game, d.top.player
    tab = offers_tab(d)
    d.choose(tab.kind_menu, KIND_WORDS["funding"])
    tab = d.top.tabs["offers"]
    choose(d, tab.target_menu, "Japan")
    d.click(tab.sweeteners["funds"].right_button.rect.center, frames=6)
    assert tab.compose.funds > 0 and tab.prediction.allowed
    if tab.views_left is not None:
        # a short right panel shows the answer or the player's side: its button shows this
        d.click_button("Your side")
        tab = d.top.tabs["offers"]
    said = " ".join(drawn_texts(d, monkeypatch))
    assert "You give:" in said
    d.key(pygame.K_RETURN, frames=4)
    assert [o.kind for o in game.draft(me).offers] == ["funding"]


def test_the_funds_slider_stops_where_the_engine_clamps_for_a_small_budget(tmp_path, default):
    d = playing(tmp_path, default, "NZL")
    game, me = d.top.game, d.top.player
    tab = offers_tab(d)
    slider = tab.sweeteners["funds"]
    for _ in range(25):
        d.click(slider.right_button.rect.center, frames=1)
    d.frames(4)
    budget = float(game.state.budget[0, me])
    clamped = float(law.clamp_sweeteners(99.0, 0.0, 0, 0, budget, game.rules.constants)[0])
    assert tab.compose.funds == pytest.approx(clamped, abs=5e-4)
    assert tab.compose.funds > 0


# ------------------------------------------- finding 1: a refusal says its rule, everywhere


def test_a_refused_offer_says_its_rule_in_the_report_the_news_and_the_inbox(tmp_path, default):
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path, seed=3)
    me, japan = game.people[0], game.catalog.nation("JPN")
    # an offer queued as a hot-seat or scripted player could (the screen would refuse it)
    game.draft(me).offers.append(OfferDraft("launch_seat", target=japan, seats=2))
    game.end_turn()
    d = show(tmp_path, game)
    d.click_button("End turn")
    d.frames(5)
    events = game.events[-1]
    rows = np.flatnonzero((events.code == EV["offer_refused"]) & (events.nation == me))
    assert len(rows) == 1 and events.reason[rows[0]] == law.Refusal.CANNOT_AFFORD
    rule = refusal_words(law.Refusal.CANNOT_AFFORD, game.catalog, me, viewer=me)
    assert rule == "your reserve does not cover the price of your sweeteners"
    assert any(rule in line.text for line in happened_lines(game, me))
    assert any(rule in line.text for line in changes_lines(game, me))
    shot(d, "report-refused-rule")
    while getattr(d.top, "tabs", None) is None:
        d.key(pygame.K_ESCAPE)
    d.click(d.top.tab_buttons["inbox"].rect.center)
    inbox = d.top.tabs["inbox"]
    assert any(rule in text for text, _ in inbox.last_answers())
    shot(d, "inbox-refused-rule")


# ------------------------------------------ finding 4: a failed national mission's loss


def test_a_failed_national_missions_lost_progress_is_in_the_reports_why(tmp_path, default):
    # seed 1: India's cubesat, fully paid in the first turn, fails (found by playing it)
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path, seed=1)
    me = game.people[0]
    cubesat = int(np.argmin(np.where(game.rules.mis_open[me], game.rules.mis_success, 9)))
    draft = game.draft(me)
    draft.mission = cubesat
    # a little more than the cubesat costs: the refund is a small reserve, which makes good
    # part of the loss, not all of it
    draft.alloc = [0.0, 0.022, 0.978, 0.0, 0.0]
    d = show(tmp_path, game)
    d.click_button("End turn")
    d.frames(5)
    events, book = game.events[-1], game.ledgers[-1]
    rows = np.flatnonzero((events.code == EV["mission_failure"]) & (events.nation == me))
    if not len(rows):
        pytest.skip("the mission flew this time")
    lost = float(events.value[rows[0]])
    saved = -float(book.rows[("reserve", "mission_absorbed", cubesat)][0, me])
    assert saved > 0 and lost > 0  # the reserve made good part of the loss
    lines = [line.text for line in changes_lines(game, me)]
    name = game.catalog.mission_names[cubesat]
    line = next(t for t in lines if t.startswith(f"{name} failed"))
    assert f"{money(lost)} of its progress was lost" in line
    assert f"your reserve paid {money(saved)}" in line
    paid = float(game.state.mission_progress[0, me, cubesat])
    assert f"{money(paid)} of {money(game.rules.mis_cost[cubesat])} stays paid" in line
    shot(d, "report-mission-failed")


# ------------------------------------------------- finding 5: advice to an unaligned player


def test_advice_to_an_unaligned_player_does_not_speak_of_their_bloc(tmp_path, default, monkeypatch):
    d = playing(tmp_path, default, "IND")
    game, me = d.top.game, d.top.player
    assert game.bloc_of(me) < 0
    tab = offers_tab(d)
    d.choose(tab.kind_menu, KIND_WORDS["funding"])
    tab = d.top.tabs["offers"]
    d.click(tab.sweeteners["funds"].right_button.rect.center, frames=6)
    texts = drawn_texts(d, monkeypatch)
    d.frames(3)  # the advisers' futures are played here, at once
    texts = drawn_texts(d, monkeypatch)
    said = " ".join(texts)
    assert WIN_WORDS[False] in said, said
    assert "your bloc" not in said.lower()
    shot(d, "offers-advice-unaligned")


# ------------------------------------------------------------- finding 6: a re-sent offer


def test_one_enter_too_many_never_sends_an_offer_again(tmp_path, default):
    # found by playing: after End Turn, the Enter that closes the report and one more sent
    # last turn's offer again, a duplicate of the one still waiting for its answer
    d = playing(tmp_path, default, "IND")
    game, me = d.top.game, d.top.player
    japan = game.catalog.nation("JPN")
    tab = offers_tab(d)
    d.choose(tab.kind_menu, KIND_WORDS["funding"])
    tab = d.top.tabs["offers"]
    choose(d, tab.target_menu, "Japan")
    d.click(tab.sweeteners["funds"].right_button.rect.center, frames=6)
    d.key(pygame.K_RETURN, frames=4)
    d.key(pygame.K_RETURN, frames=4)  # twice on the same offer: queued once
    assert [(o.kind, o.target) for o in game.draft(me).offers] == [("funding", japan)]
    d.key(pygame.K_e, frames=6)
    assert game.turn == 1
    d.key(pygame.K_RETURN, frames=4)  # closes the report
    assert getattr(d.top, "tabs", None) is not None and d.top.tab == "offers"
    d.key(pygame.K_RETURN, frames=4)  # one more
    assert game.draft(me).offers == []
    o = game.state.offers
    mine = o.active[0] & (o.sender[0] == me)
    assert int(mine.sum()) == 1 and int(o.target[0][mine][0]) == japan
    shot(d, "offers-after-extra-enter")
