"""The tutorial played headless by following its coach: every click lands where the coach
points, as drawn on screen, and the coach never makes a choice for the person."""

from __future__ import annotations

import copy

import numpy as np
import pygame
import pytest
from ui_driver import Driver

from game.engine import state as st
from game.paths import SCENARIOS

TUTORIAL = SCENARIOS / "tutorial.yaml"
pytestmark = pytest.mark.skipif(not TUTORIAL.exists(), reason="no tutorial scenario")


def start_tutorial(d: Driver):
    from game.ui.screens.main import MainScreen

    d.click_button("New game")
    rows = [e.path for e in d.top.entries]
    for _ in range(rows.index(TUTORIAL)):
        d.key(pygame.K_DOWN, frames=1)
    d.key(pygame.K_RETURN)
    d.click_button("Start game")
    assert isinstance(d.top, MainScreen)
    return d.top


def ring_is_drawn(d: Driver, rect: pygame.Rect) -> bool:
    """The coach's ring shows on screen just outside the control it points at."""
    main = d.top
    ring = rect.inflate(main.s(10), main.s(10))
    x, y = ring.centerx, ring.top + 1
    return tuple(d.app.window.get_at((x, y)))[:3] == main.colours.warn


def do_as_the_card_says(d: Driver, main, shown) -> None:
    """One click (or a drop-down's two) where the coach's card points, as a person would."""
    game = main.game
    at_tab = any(b.rect == shown.rect for b in main.tab_buttons.values())
    slider = any(x.rect == shown.rect for x in getattr(main.pane, "sliders", []))
    if slider and shown.lesson == "mission_next":
        # every mission flown: the slider's left arrow takes its share back
        d.click((shown.rect.left + main.s(6), shown.rect.centery))
    elif slider:
        # the slider's own arrow, at the right end of the rect the coach rings
        d.click((shown.rect.right - main.s(6), shown.rect.centery))
    elif shown.lesson == "answer" and not at_tab:
        d.click((shown.rect.x + main.s(20), shown.rect.centery))  # Accept, leftmost
    elif shown.choice is not None:
        # a drop-down the card names an option of: open it, click that option
        menus = [getattr(main.pane, a, None) for a in ("kind_menu", "target_menu")]
        menu = next(m for m in menus if m is not None and m.rect == shown.rect)
        d.click(d.open_menu(menu)[shown.choice].center, frames=6)
    elif shown.lesson in ("mission", "mission_next") and not at_tab:
        menu = main.pane.mission_menu
        assert menu.rect == shown.rect
        drawn = d.open_menu(menu)
        flown = game.state.mission_done[0, main.player]
        first = next(m for q, m in enumerate(game.catalog.mission_names) if not flown[q])
        d.click(drawn[first].center, frames=6)
    else:
        d.click(shown.rect.center, frames=4)


def each_card(d, cap: int = 60, to_the_end: bool = False):
    """The tutorial played as a person from where it stands: Enter closes each report; for
    each card the main screen shows, yields (the screen, the lesson shown, the ring round its
    control, the card's rect and lines), then does as the card says. With no card shown it
    stops, or (``to_the_end``) ends the turn until the game's end screen."""
    from game.ui.screens.end import EndScreen
    from game.ui.screens.main import MainScreen

    for _ in range(cap):
        if isinstance(d.top, EndScreen):
            return
        if not isinstance(d.top, MainScreen):
            # the turn report after End Turn: read, then go back to the map
            d.key(pygame.K_RETURN, frames=3)
            continue
        main = d.top
        shown = main.coach.pointer()
        if shown is None:
            if not to_the_end:
                return
            # nothing to teach this year (the course is over, or a reminder may come later)
            assert not main.coach.remaining()
            d.click(main.end_button.rect.center, frames=3)
            continue
        d.frames(1)
        ring = shown.rect.inflate(main.s(10), main.s(10))
        card, _face, lines = main.coach.card(shown.text, ring)
        yield main, shown, ring, card, lines
        do_as_the_card_says(d, main, shown)


def test_the_coach_leads_a_person_through_the_tutorial_to_its_end(tmp_path):
    from game.ui.screens.end import EndScreen
    from game.ui.screens.main.coach import LESSONS

    d = Driver(tmp_path)
    main = start_tutorial(d)
    game = main.game
    assert main.coach.active
    followed: list[str] = []
    for main, shown, _ring, _card, _lines in each_card(d, 80, to_the_end=True):
        assert ring_is_drawn(d, shown.rect), shown.lesson
        draft = copy.deepcopy(main.draft)
        d.frames(3)
        assert main.draft == draft, "the coach changed the person's orders"
        followed.append(shown.lesson)
    if not isinstance(d.top, EndScreen):
        pytest.fail(f"the game did not end; followed {followed}")
    # every lesson came, the reminder too (the first mission flies in this game's seed)
    for lesson in LESSONS:
        assert lesson.key in followed, f"lesson {lesson.key} was never shown"
    # the course ends with a word, once, and never points again after that year
    assert followed.count("finished") == 1
    assert game.over
    assert not d.app.errors
    # what the person chose went into the orders: a split, an answer, an offer and missions,
    # the second chosen when the reminder said the first had flown
    p = main.player
    funded = {
        int(o.mission[0, p])
        for o in game.orders
        if int(o.mission[0, p]) >= 0 and o.alloc[0, p, st.CAT_MISSIONS] > 0
    }
    assert len(funded) == 2
    # the offer the card led to: Meridia, in no bloc, invited into Horizon
    sent = [(o.new, k) for o in game.orders for k in np.flatnonzero(o.new.active[0])]
    assert any(
        int(new.sender[0, k]) == p
        and int(new.kind[0, k]) == st.KIND["invite"]
        and int(new.target[0, k]) == MERIDIA
        for new, k in sent
    )


@pytest.mark.parametrize(
    ("size", "scale"),
    [
        ((1280, 720), 1.0),
        ((1280, 720), 1.25),
        ((1280, 720), 1.5),
        ((1920, 1080), 2.0),
        ((2560, 1440), 2.0),
    ],
)
def test_every_card_leaves_most_of_the_map_in_view_and_never_covers_its_control(
    tmp_path, size, scale
):
    # At 150% on 1280x720 the card covered 79% of the map. Now it covers at most 45% of it at
    # every scale, stays in the map and Moon panel's row (clear of the tabs and panels it
    # points at), and says every word: whole, or ending in "…" with the whole on hover.

    d = Driver(tmp_path, size=size, scale=scale)
    start_tutorial(d)
    seen = []
    for main, shown, ring, card, lines in each_card(d):
        seen.append(shown.lesson)
        area = main.map_rect
        covered = card.clip(area)
        assert covered.w * covered.h <= 0.45 * area.w * area.h, (shown.lesson, card, area)
        assert main.map_rect.union(main.moon_rect).contains(card), (shown.lesson, card)
        assert not card.colliderect(ring), shown.lesson
        # the card is drawn there (its yellow frame), and the ring round the control
        edge = d.app.window.get_at((card.centerx, card.y + main.s(1)))
        assert tuple(edge)[:3] == main.colours.warn, shown.lesson
        assert ring_is_drawn(d, shown.rect), shown.lesson
        said = " ".join(lines)
        if said.endswith("…"):
            assert (card, shown.text) in d.app.cuts, "a shortened card shows whole on hover"
            assert shown.text.startswith(said.rstrip("… ").rsplit(" ", 1)[0])
        else:
            assert said.split() == shown.text.split(), shown.lesson
    assert "finished" in seen, seen


def test_a_card_too_long_for_its_share_of_the_map_ends_in_an_ellipsis_and_shows_whole_on_hover(
    tmp_path, monkeypatch
):
    import dataclasses

    from game.ui.screens.main import coach

    long = " ".join([coach.LESSONS[0].text] * 3)
    lessons = (dataclasses.replace(coach.LESSONS[0], text=long), *coach.LESSONS[1:])
    monkeypatch.setattr(coach, "LESSONS", lessons)
    d = Driver(tmp_path, scale=1.5)
    main = start_tutorial(d)
    d.frames(2)
    shown = main.coach.pointer()
    assert shown.text == long
    card, _face, lines = main.coach.card(shown.text, shown.rect.inflate(main.s(10), main.s(10)))
    covered = card.clip(main.map_rect)
    assert covered.w * covered.h <= 0.45 * main.map_rect.w * main.map_rect.h
    assert lines[-1].endswith("…") and (card, long) in d.app.cuts
    # where the whole text's card is drawn: below and right of the pointer (the card now
    # covers the map alone, so the whole text's card no longer reaches back to its centre)
    spot = (card.centerx + main.s(40), card.bottom + main.s(40))
    before = tuple(d.app.window.get_at(spot))
    d.move((card.centerx, card.centery))
    d.frames(2)
    assert tuple(d.app.window.get_at(spot)) != before, "hovering the card shows it whole"


def test_the_reminder_asks_for_the_missions_share_back_once_every_mission_has_flown(tmp_path):
    import dataclasses

    d = Driver(tmp_path)
    main = start_tutorial(d)
    game, p = main.game, main.player
    # a year in which every national mission open to Aurora has flown
    flown = game.state.mission_done.copy()
    flown[0, p, :] = True
    game.states[-1] = dataclasses.replace(game.state, mission_done=flown)
    slider = main.pane.sliders[st.CAT_MISSIONS]
    d.click((slider.rect.right - main.s(6), slider.rect.centery))
    assert main.draft.alloc[st.CAT_MISSIONS] > 0
    shown = main.coach.pointer()
    assert shown.lesson == "mission_next" and shown.rect == slider.rect
    assert "back to 0" in shown.text and "list" not in shown.text
    d.frames(1)
    assert ring_is_drawn(d, shown.rect)
    d.click((slider.rect.left + main.s(6), slider.rect.centery))
    assert main.draft.alloc[st.CAT_MISSIONS] == 0
    assert main.coach.pointer().lesson != "mission_next"


def test_the_coach_stays_out_of_other_scenarios(tmp_path):
    d = Driver(tmp_path)
    d.click_button("New game")
    d.key(pygame.K_RETURN)
    d.click_button("Start game")
    main = d.top
    if main.game.scenario.meta.id == "tutorial":
        pytest.skip("the default scenario is the tutorial")
    assert main.coach.pointer() is None


@pytest.mark.parametrize(
    ("size", "scale"), [((1920, 1080), 2.0), ((1280, 720), 1.5), ((2560, 1440), 2.0)]
)
def test_the_nation_pickers_difficulty_menu_stays_clear_of_start(tmp_path, size, scale):
    from game.ui.screens.nation_picker import NationPicker

    d = Driver(tmp_path, size=size, scale=scale)
    d.click_button("New game")
    d.key(pygame.K_RETURN)
    picker = d.top
    assert isinstance(picker, NationPicker)
    drawn = d.open_menu(picker.diff_menu)
    assert set(drawn) == {"easy", "normal", "hard"}
    for rect in [picker.diff_menu.rect, *drawn.values()]:
        assert not rect.colliderect(picker.start.rect)
    d.click(drawn["hard"].center, frames=6)
    assert d.top.difficulty == "hard"


def test_a_click_zooms_the_moon_panel_over_the_map_and_another_shrinks_it(tmp_path):
    d = Driver(tmp_path, size=(1280, 720), scale=1.5)
    main = start_tutorial(d)
    small = main.race_rect.copy()
    d.click(small.center)
    assert main.moon_zoom and main.race_rect.contains(main.map_rect)
    d.click(main.race_rect.center)
    assert not main.moon_zoom and main.race_rect == small


#: Meridia's index in the tutorial (its third nation): the swing nation the offer lesson names.
MERIDIA = 2


#: The sliders' click increment on the Budget tab: one click on a slider's arrow, in percent.
STEP = 5


def _follow_the_coach(ctx):
    """Aurora played as the coach asks, with the Budget tab's own slider arithmetic: the Bloc
    programme slider one click up (lesson 1), Monsoon's application accepted (2), Meridia
    invited (4), from the third year the first national mission not yet flown with the
    National missions slider one click up to pay for it (5), and that slider back to 0 once
    every mission has flown (the coach's reminder)."""
    import dataclasses

    import numpy as np

    from game.engine.orders import MEMBER_ALLOC, empty_new_offers
    from game.sim.policies import passive
    from game.ui.screens.main.budget import rebalance

    s, i, w, t = ctx.state, ctx.seat, ctx.state.n_worlds, int(ctx.state.turn)
    start = [round(100 * x) for x in MEMBER_ALLOC]
    split = rebalance(start, st.CAT_BLOC, start[st.CAT_BLOC] + STEP)
    paying = rebalance(split, st.CAT_MISSIONS, STEP)
    left = ~s.mission_done[:, i, :]
    flying = left.any(axis=1) & (t >= 2)
    alloc = np.where(flying[:, None], np.array(paying), np.array(split)) / 100
    mission = np.where(flying, np.argmax(left, axis=1), -1).astype(np.int16)
    to_me = s.offers.active & (s.offers.target == i)
    new = empty_new_offers(w, 1)
    mer = MERIDIA
    if t == 1:
        act = (s.bloc[:, mer] < 0) & (s.bloc[:, i] >= 0)
        new = new.replace(
            active=act[:, None],
            kind=np.full((w, 1), st.KIND["invite"], dtype=np.int8),
            sender=np.full((w, 1), i, dtype=np.int16),
            target=np.full((w, 1), mer, dtype=np.int16),
            bloc=np.where(act, s.bloc[:, i], -1).astype(np.int16)[:, None],
            turns=np.full((w, 1), 2, dtype=np.int16),
        )
    return dataclasses.replace(
        passive(ctx),
        alloc=alloc,
        mission=mission,
        auto=np.zeros(w, dtype=bool),
        answers=np.where(to_me, st.ANSWER_ACCEPT, 0).astype(np.int8),
        new=new,
    )


def test_following_the_coach_wins_the_tutorial_clearly_more_often_than_passive_play():
    """What the tutorial teaches is what wins it: the same 300 worlds played by Aurora passively
    (the default orders, offers answered for it) and as the coach asks."""
    import numpy as np

    from game.session.play import play_turn
    from game.sim.driver import last_turn
    from game.sim.load import compile_for, load
    from game.sim.policies import LabContext, merge, passive

    scenario = load(str(TUTORIAL))
    compiled = compile_for(scenario, worlds=300)
    ids = [n.id for n in scenario.nations]
    aur = ids.index(scenario.meta.default_nation)
    assert ids[MERIDIA] == "MER"
    # Aurora is a person's seat, as in the game: the computer knows whose bloc to beat
    person = np.zeros(compiled.state.budget.shape, dtype=bool)
    person[:, aur] = True
    results = {}
    for name, policy in (("passive", passive), ("coach", _follow_the_coach)):
        state, rules, seed = compiled.state, compiled.rules, compiled.seed

        def overlay(now, computer, policy=policy, rules=rules, seed=seed):
            return merge(computer, aur, policy(LabContext(now, rules, seed, aur, computer)))

        for _ in range(last_turn(compiled)):
            if bool(state.ended.all()):
                break
            state = play_turn(state, rules, seed, overlay=overlay, seats=person).state
        assert bool(state.ended.all()), "the tutorial does not fit its turns"
        won = (state.bloc[:, aur] >= 0) & (state.bloc[:, aur] == state.winner)
        results[name] = (won, state.score[:, aur])
    (won_p, score_p), (won_c, score_c) = results["passive"], results["coach"]
    gain = score_c - score_p
    assert gain.mean() > 4 * gain.std(ddof=1) / np.sqrt(len(gain))
    # "clearly": the paired gain in wins is more than 3 of its standard errors, the same
    # worlds played both ways (measured at 300 worlds, rules 6: 40% passive, 59% coached, 8
    # standard errors; 1,000 worlds: 43% and 60%. Before the coached player moved its sliders
    # as the Budget tab does: 40% and 49%, 3.6 standard errors)
    wins = won_c.astype(float) - won_p.astype(float)
    se = wins.std(ddof=1) / np.sqrt(len(wins))
    assert wins.mean() > 3 * se, (won_p.mean(), won_c.mean(), se)


def test_the_mission_lesson_points_at_the_missions_view_rows_too(tmp_path):
    # in the Budget tab's Missions view there is no mission menu, and the coach's card vanished
    from game.ui.screens.main import MainScreen

    d = Driver(tmp_path)
    main = start_tutorial(d)
    for _ in range(40):
        if not isinstance(d.top, MainScreen):
            d.key(pygame.K_RETURN, frames=3)
            continue
        main = d.top
        shown = main.coach.pointer()
        assert shown is not None
        if shown.lesson == "mission" and main.tab == "budget":
            break
        do_as_the_card_says(d, main, shown)
    else:
        pytest.fail("the mission lesson never came")
    d.click(d.button("Missions").rect.center, frames=4)
    assert main.pane.view == "missions"
    shown = main.coach.pointer()
    assert shown is not None and shown.lesson == "mission"
    rows = [line for line in main.pane.plan.lines if line.row is not None]
    assert shown.rect.contains(rows[0].rect)
    d.frames(1)
    assert ring_is_drawn(d, shown.rect)
    d.click(rows[0].rect.center, frames=4)
    assert main.draft.mission == rows[0].row.index
    # then the slider that pays for it
    assert main.coach.pointer().rect == main.pane.sliders[st.CAT_MISSIONS].rect


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.5), ((1920, 1080), 2.0)]
)
def test_no_card_covers_the_moon_panels_first_milestone_row(tmp_path, size, scale):
    # At 150% on 1280x720 the compact card ran across the Moon panel too and hid its first
    # row (the player's bloc's milestones, which the first lesson talks about).
    import os

    d = Driver(tmp_path, size=size, scale=scale)
    start_tutorial(d)
    seen = []
    for main, shown, ring, card, _lines in each_card(d):
        # the Moon panel's rows, the first at its top, and the forecast line under it
        assert not card.colliderect(main.moon_rect), (shown.lesson, card, main.moon_rect)
        assert not card.colliderect(main.forecast_rect), shown.lesson
        assert not card.colliderect(ring), shown.lesson
        if not seen:
            folder = os.environ.get("LUNAR_BLOCS_SHOTS", "/tmp/s8-polish")
            os.makedirs(folder, exist_ok=True)
            pygame.image.save(d.app.window, f"{folder}/coach-card-{size[0]}-{scale}.png")
        seen.append(shown.lesson)
    assert "finished" in seen, seen


def test_choosing_a_mission_already_paid_in_full_counts_as_funding_one(tmp_path):
    import dataclasses

    from game.ui.screens.main import coach

    d = Driver(tmp_path)
    main = start_tutorial(d)
    game, p = main.game, main.player
    q = int(np.flatnonzero(~game.state.mission_done[0, p])[0])
    main.draft.mission = q
    main.draft.alloc[st.CAT_MISSIONS] = 0.0
    assert not coach._mission(game, p)  # chosen, but nothing pays for it
    # a failure its reserve made good in full: the progress covers the cost, it flies as is
    progress = game.state.mission_progress.copy()
    progress[0, p, q] = game.rules.mis_cost[q]
    game.states[-1] = dataclasses.replace(game.state, mission_progress=progress)
    assert coach._mission(game, p)
