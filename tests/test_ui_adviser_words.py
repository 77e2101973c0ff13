"""An adviser's figure says what it is and what it was worked out on (issue 10, s6 review):
the inbox adviser for "join Artemis" read "−2.7%" beside nothing a player could place."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_ui_offers_law import drawn_texts, show

from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.session.match import Match
from game.sim.forecast import Comparison
from game.text.words import from_to
from game.ui.screens.main.outlook import WIN_WORDS

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")


def test_the_inbox_adviser_on_an_invitation_names_each_figure_and_its_futures(
    tmp_path, monkeypatch
):
    info = scenario_info(DEFAULT_SCENARIO, "shipped")
    game = Match(info.scenario, humans=["IND"], scenario_path=info.path, seed=0)
    me = game.people[0]
    artemis = game.catalog.bloc_ids.index("artemis")

    def invited() -> bool:
        o = game.state.offers
        mine = o.active[0] & (o.target[0] == me) & (o.kind[0] == st.KIND["invite"])
        return bool((mine & (o.bloc[0] == artemis)).any())

    while not invited():
        game.end_turn()
        assert game.turn < 8, "no invitation to Artemis in India's first turns (seed 0)"
    d = show(tmp_path, game)
    main = d.top
    d.click(main.tab_buttons["inbox"].rect.center)
    assert main.tab == "inbox"
    (slot,) = game.open_offers(target=me)
    accept, reject = (f"answers=(({slot}, {a}),)" for a in (st.ANSWER_ACCEPT, st.ANSWER_REJECT))

    def weighed() -> list[Comparison]:
        # the comparison the inbox asked for: the draft accepting the offer against rejecting it
        return [
            a
            for key, a in main.outlook.advice.items()
            if accept in key and reject in key and isinstance(a, Comparison)
        ]

    assert d.until(weighed, cap=60)
    (c,) = weighed()
    said = " ".join(drawn_texts(d, monkeypatch))
    # what the choice is weighed against
    assert "offer rather than declining it: your final score" in said, said
    # each figure from where to where, then the paired difference and its error, the
    # three at one precision where the sum shown adds up
    (was, _), (now, _) = c.base.seat_score, c.alt.seat_score
    a, b, d = from_to(was, now, c.score_diff)
    assert f"{a} → {b} ({d} ± {c.score_se:.1f})" in said, said
    assert abs(c.score_diff - (now - was)) < 1e-9  # paired futures: the mean difference
    (won_was, _), (won_now, _) = c.base.seat_win, c.alt.seat_win
    a, b, d = from_to(won_was * 100, won_now * 100, c.win_diff * 100)
    assert f"{WIN_WORDS[False]} {a}% → {b}% ({d} ± {c.win_se * 100:.1f})" in said, said
    shown = re.search(r"winning bloc ([\d.]+)% → ([\d.]+)% \(([+−]?[\d.]+)", said)
    assert shown, said
    ends = float(shown[2]) - float(shown[1])
    assert abs(ends - float(shown[3].replace("−", "-"))) < 1e-6, shown[0]
    # and what the futures were
    assert f"({c.futures} paired futures, the same world ids both ways" in said
    assert f"at the {game.difficulty} level" in said
    assert np.isfinite([was, now, won_was, won_now]).all()
