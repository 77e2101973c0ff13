"""Advisers for the budget split and the national mission (issue 10 item 2), and the Budget
tab legible at every size and scale (item 7). Driven as a person would: clicks where the
sliders, the view buttons and the mission rows are drawn; a forecast service that works
each question out here, at once, with few futures, so the tests do not wait."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from ui_driver import Driver

from game.ai import decide
from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.sim import forecast as fc
from game.sim import forecast_service as fs
from game.ui.screens.main import advisers, budget
from game.ui.screens.main.outlook import weighed_line

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

#: Futures per question: enough for a difference with a spread, few enough to be quick.
F = 12


class InProcess:
    """A forecast service (a double) that answers each request here, with ``F`` futures."""

    def __init__(self) -> None:
        self.jobs: list[fs.ForecastRequest] = []
        self.pending: fs.ForecastRequest | None = None
        self.memo = fc.Memo()

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass

    def cancel(self) -> None:
        self.pending = None

    @property
    def busy(self) -> bool:
        return self.pending is not None

    def request(self, state, rules, seed, *, difficulty, seat=-1, base=None, alt=None, **_):
        job = fs.ForecastRequest(
            id=len(self.jobs) + 1,
            turn=int(state.turn),
            rules=rules,
            state=state,
            seed=int(seed),
            difficulty=difficulty,
            futures=F,
            seat=int(seat),
            base=None if base is None else fc.SeatOrders.of(base),
            alt=None if alt is None else fc.SeatOrders.of(alt),
        )
        self.jobs.append(job)
        self.pending = job
        return job.id

    def poll(self):
        job, self.pending = self.pending, None
        return None if job is None else fs.answer(job, memo=self.memo)

    def comparisons(self) -> list[fs.ForecastRequest]:
        return [j for j in self.jobs if j.alt is not None]


@pytest.fixture(scope="module")
def default():
    return scenario_info(DEFAULT_SCENARIO, "shipped")


def playing(tmp_path, default, monkeypatch, size=(1280, 720), scale=1.0):
    service = InProcess()
    d = Driver(tmp_path, size=size, scale=scale)
    d.app.forecasts = lambda: service  # every main screen asks this one
    game = Match(default.scenario, humans=["IND"], scenario_path=default.path, seed=3)
    d.app.nav.show(game)
    d.frames(3)
    d.click(d.top.tab_buttons["budget"].rect.center)
    return d, d.top, service


def arrow(main, category: int) -> tuple[int, int]:
    """Where a slider's right arrow is drawn (a click adds five points)."""
    r = main.pane.sliders[category].rect
    return (r.right - main.s(6), r.centery)


def lines(main) -> list[str]:
    return [text for text, _rect in main.pane.advice_drawn]


# ------------------------------------------------------------------------------ forecast


def test_a_kept_split_and_mission_stay_the_seats_until_the_mission_flies():
    m = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"], seed=3)
    me = m.catalog.nation("IND")
    futures = fc.futures_of(m.state, fc.future_ids(m.seed, m.turn, 4))
    computer = decide(futures, m.rules, m.seed, m.difficulty).orders
    mine = fc.SeatOrders(alloc=(0.1, 0.3, 0.4, 0.1, 0.1), research=(0.2,) * 5, mission=2)
    futures.mission_done[1, me, 2] = True  # flown in one future: the computer chooses there
    out = fc.kept(computer, futures, me, mine)
    assert np.allclose(out.alloc[:, me], mine.alloc) and np.allclose(out.research[:, me], 0.2)
    assert out.mission[0, me] == 2 and out.mission[1, me] == computer.mission[1, me]
    others = np.arange(m.n) != me
    assert np.array_equal(out.alloc[:, others], computer.alloc[:, others])
    theirs = fc.kept(computer, futures, me, dataclasses.replace(mine, own_split=False))
    assert np.array_equal(theirs.alloc, computer.alloc)


def test_a_memo_plays_a_side_once_and_changes_no_figure():
    m = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"], seed=3)
    me = m.catalog.nation("IND")
    base = dataclasses.replace(fc.SeatOrders.of(m.draft(me)), hold=3)
    alt = dataclasses.replace(base, alloc=(0.0, 0.0, 0.5, 0.4, 0.1))
    computer = dataclasses.replace(base, own_split=False)
    plain = fc.compare(m.state, m.rules, m.seed, computer, alt, me, F, m.difficulty)
    memo = fc.Memo()
    fc.compare(m.state, m.rules, m.seed, base, alt, me, F, m.difficulty, memo=memo)
    played = []
    real = fc.forecast

    def counting(*args, **kw):
        played.append(args[6] if len(args) > 6 else kw.get("orders"))
        return real(*args, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fc, "forecast", counting)
        kept = fc.compare(m.state, m.rules, m.seed, computer, alt, me, F, m.difficulty, memo=memo)
    assert played == [computer]  # the split weighed a moment ago is not played again
    assert kept.score_diff == plain.score_diff and kept.win_diff == plain.win_diff
    assert np.array_equal(kept.alt.winners, plain.alt.winners)


# ------------------------------------------------------------------------------ the split


def test_the_split_adviser_waits_for_the_sliders_then_weighs_both_sides(
    tmp_path, default, monkeypatch
):
    d, main, service = playing(tmp_path, default, monkeypatch)
    game, me = main.game, main.player
    assert main.pane.view == "plan"
    d.frames(3)
    # untouched: the split is last turn's, weighed against the computer's split only
    (only,) = service.comparisons()
    assert not only.base.own_split and only.alt.own_split
    assert only.alt.hold == advisers.HOLD_TURNS
    # a drag: no futures are asked for while the sliders move
    monkeypatch.setattr(advisers, "SETTLE_SECONDS", 3600.0)
    asked = len(service.jobs)
    for _ in range(3):
        d.click(arrow(main, st.CAT_DIPLOMACY))
    assert len(service.jobs) == asked
    assert "wait for the sliders" in lines(main)[1]
    assert main.draft.alloc[st.CAT_DIPLOMACY] > only.alt.alloc[st.CAT_DIPLOMACY]
    # still: against the split carried over and against the computer's, the same futures
    monkeypatch.setattr(advisers, "SETTLE_SECONDS", 0.0)
    d.frames(4)
    current, computer = service.comparisons()[-2:]
    mine = current.alt
    assert mine == computer.alt and np.allclose(mine.alloc, main.draft.alloc)
    assert np.allclose(current.base.alloc, game.fresh_draft(me).alloc)
    assert not computer.base.own_split
    for job, against in (
        (current, "vs your current split"),
        (computer, "vs the computer's split for you"),
    ):
        here = fc.compare(
            game.state, game.rules, game.seed, job.base, job.alt, me, F, game.difficulty
        )
        assert job.base.hold == job.alt.hold == advisers.HOLD_TURNS
        text, _tone = weighed_line(game, me, against, here)
        assert text in lines(main), text
    assert f"until {game.catalog.date(game.turn + advisers.HOLD_TURNS)}" in lines(main)[0]


def test_an_answer_for_a_split_no_longer_shown_is_not_shown(tmp_path, default, monkeypatch):
    d, main, service = playing(tmp_path, default, monkeypatch)
    d.frames(3)
    before = lines(main)[1:]
    d.click(arrow(main, st.CAT_RESEARCH))
    d.frames(2)
    # the split moved: the old figures are not shown for the new split
    assert all(line not in before for line in lines(main)[1:])


# ------------------------------------------------------------------------------ the mission


def test_the_mission_adviser_weighs_the_chosen_mission_against_none(tmp_path, default, monkeypatch):
    monkeypatch.setattr(advisers, "SETTLE_SECONDS", 0.0)
    d, main, service = playing(tmp_path, default, monkeypatch)
    game, me = main.game, main.player
    for _ in range(4):  # 20% into national missions
        d.click(arrow(main, st.CAT_MISSIONS))
    d.click(d.button("Missions").rect.center)
    tab = main.pane
    pick = next(line for line in tab.plan.lines[1:] if not line.row.closed)
    d.click(pick.rect.center)
    assert main.draft.mission == pick.index
    d.frames(4)
    job = service.comparisons()[-1]
    assert job.alt.mission == pick.index and job.base.mission == -1
    assert job.alt.hold == job.base.hold == advisers.HOLD_TURNS
    assert job.base.alloc == job.alt.alloc and np.allclose(job.alt.alloc, main.draft.alloc)
    here = fc.compare(game.state, game.rules, game.seed, job.base, job.alt, me, F, game.difficulty)
    text, _tone = weighed_line(game, me, f"{pick.row.name} vs no mission", here)
    assert lines(main)[1] == text
    assert here.score_se > 0  # the mission is paid for: the futures differ


# ------------------------------------------------------------------------------ legible

SIZES = [
    ((1280, 720), 1.0),
    ((1280, 720), 1.25),
    ((1280, 720), 1.5),
    ((1920, 1080), 1.5),
    ((1920, 1080), 2.0),
    ((2560, 1440), 2.0),
]


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_technology_rows_and_the_advisers_are_legible_at_every_size(
    tmp_path, default, monkeypatch, size, scale
):
    d, main, _service = playing(tmp_path, default, monkeypatch, size=size, scale=scale)
    d.click(d.button("Technology").rect.center)
    tab = main.pane
    assert tab.view == "tech"
    d.frames(2)
    rows = tab.tech_drawn
    assert [name for name, _l, _b in rows] == [
        n.replace("_", " ") for n in main.game.catalog.domain_ids
    ]
    assert len({label.x for _n, label, _b in rows}) == 1, "one column"
    face = budget.th.font(main.s(13))
    for (name, label, bar), nxt in zip(rows, rows[1:] + [None], strict=True):
        assert label.w >= face.size(name)[0], f"{name} is cut"
        assert bar.w >= main.s(60) and bar.h >= main.s(8), f"{name}'s bar is tiny"
        assert main.right_rect.contains(bar)
        if nxt is not None:
            assert nxt[1].y - label.y >= main.s(18)
    for text, rect in tab.advice_drawn:
        assert main.left_rect.contains(rect), text
    note_top = main.left_rect.bottom - main.s(26)
    assert tab.advice_drawn[-1][1].bottom <= note_top
    slider_bottom = max(s.rect.bottom for s in tab.sliders)
    assert tab.advice_drawn[0][1].top >= slider_bottom
