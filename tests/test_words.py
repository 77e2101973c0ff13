"""Words, once: the turn report's "Why", the news and simulate's text read the engine's own
records (the ledger and the Events), so what they say is true by construction."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.text.words import event_sentence, figure_causes, figure_why, money

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

FIGURES = {"budget": "budget", "support": "support", "prestige": "prestige", "reserve": "reserve"}


@pytest.fixture(scope="module")
def india():
    """An India game played 6 turns (the scandal of turn 3, Chandrayaan-3 on turn 5)."""
    from game.session.match import Match

    game = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"])  # meta.seed
    for _ in range(6):
        game.end_turn()
    return game


def _figure(state, quantity: str, i: int) -> float:
    base, _, dom = quantity.partition(".")
    if dom:
        return float(state.tech[0, i, int(dom)])
    return float(getattr(state, FIGURES[base])[0, i])


def test_every_figure_the_turn_report_explains_agrees_with_the_engines_ledger(india):
    from game.ui.report import changes_lines

    me = india.people[0]
    for index in range(len(india.events)):
        report = india.report(index)
        texts = [line.text for line in changes_lines(india, me, index)]
        why = texts[texts.index("Why") + 1 : texts.index("The race")]
        for quantity in report.ledger.quantities(india.rules.n_domains):
            rows = figure_causes(report.ledger, quantity, 0, me)
            change = _figure(report.after, quantity, me) - _figure(report.before, quantity, me)
            assert sum(r.amount for r in rows) == pytest.approx(change, abs=1e-9)
            said = figure_why(india.catalog, report.ledger, quantity, 0, me)
            if said is None:
                continue
            # the amounts named are the ledger's own rows, and with the rest they make the change
            assert [a for _, a in said.shown] == [r.amount for r in rows[: len(said.shown)]]
            assert sum(a for _, a in said.shown) + said.rest == pytest.approx(change, abs=1e-9)
            kinds = {r.kind for r in rows}
            if not (quantity.startswith("tech.") and kinds == {"research"}):
                assert said.text in why, (index, quantity, why)


def test_the_report_names_the_players_own_events_as_the_causes(india):
    me = india.people[0]
    cat = india.catalog
    told = []
    for index in range(len(india.events)):
        ledger = india.report(index).ledger
        for quantity in ("support", "prestige"):
            said = figure_why(cat, ledger, quantity, 0, me)
            if said is not None:
                told.append(said.text)
    landing = cat.scripted_titles[cat.scripted_ids.index("chandrayaan3")]
    assert any(t.startswith("Prestige +") and landing in t for t in told), told
    assert any(t.startswith("Support +") and landing in t for t in told), told
    # the player's own scandal, not other nations' events, is named for its support fall
    scandal = cat.random_titles[cat.random_ids.index("scandal")]
    assert any(t.startswith("Support −") and scandal in t for t in told), told


def test_an_event_is_told_in_the_same_words_by_the_news_and_by_simulate(india):
    from game.sim.account import Namer, event_line
    from game.ui.news import news

    me = india.people[0]
    for index, events in enumerate(india.events):
        before = india.states[index]
        items = {
            item.text.replace(" (an opening offer of the scenario)", "")
            for item in news(india, events, None, before)
        }
        for r in range(events.n_rows):
            line = event_line(events, r, Namer(india.catalog))
            sentence = event_sentence(india.catalog, events, r, None, before)
            if sentence is None:
                continue
            assert sentence in items
            if line is not None:  # the account opens with a mark, then the same words
                assert line[2:].startswith(sentence[:-1]), (line, sentence)
        mine = news(india, events, me, before)
        assert all("India" not in i.text.split(" ")[0] for i in mine if i.mine)


def test_the_budget_tab_shows_what_the_engine_then_spends(india):
    from game.session.match import Match

    game = Match(india.scenario, humans=["IND"], seed=2)
    me = game.people[0]
    for _ in range(4):
        shares = np.asarray(game.draft(me).alloc, dtype=float)
        shares = shares / shares.sum()
        shown = [game.spending(me, s) for s in shares]
        game.end_turn()
        assert shown == pytest.approx(list(game.state.spent[0, me]), abs=1e-12)


def test_computer_reasons_name_their_offer_by_its_row(india):
    seen = 0
    for decision in india.decisions:
        new = decision.orders.new
        for r in decision.reasons(0):
            if r.kind not in ("invite", "apply", "deal"):
                continue
            seen += 1
            assert new.active[0, r.slot]
            assert int(new.sender[0, r.slot]) == r.nation
            kind = st.OFFER_KINDS[int(new.kind[0, r.slot])]
            assert r.kind == (kind if kind in ("invite", "apply") else "deal")
    assert seen, "the computer players made offers in six turns"


def test_every_ledger_cause_has_words():
    """A cause the engine can write but no sentence can say would crash a report."""
    from game.engine.ledger import CAUSES
    from game.text.words import CAUSE_WORDS

    assert set(CAUSES) <= set(CAUSE_WORDS), sorted(set(CAUSES) - set(CAUSE_WORDS))


def test_a_failed_national_mission_reads_as_failed_not_lost(india):
    # "Meridia lost National lunar lander." read as if someone had taken it
    ev = st.EV["mission_failure"]
    for events in india.events:
        rows = np.flatnonzero(events.code == ev)
        for r in rows:
            said = event_sentence(india.catalog, events, int(r), viewer=india.people[0])
            assert said.endswith(" failed.") and " lost " not in said, said
            return
    pytest.skip("no national mission failed in this game")


def test_a_game_won_by_a_base_before_the_end_date_does_not_say_the_end_date_is_reached():
    from game.paths import SCENARIOS
    from game.session.match import Match

    scenario = scenario_info(SCENARIOS / "tutorial.yaml", "shipped").scenario
    game = Match(scenario, humans=[])
    while not game.over:
        game.end_turn()
    assert len(game.events) < game.n_turns, "the base was not built before the end date"
    events = game.events[-1]
    said = [
        event_sentence(game.catalog, events, int(r))
        for r in np.flatnonzero(events.code == st.EV["game_over"])
    ]
    assert said == ["A permanent base is built: the game is over."]


def test_a_turns_length_in_words():
    from game.text.words import turn_length

    assert [turn_length(y) for y in (0.5, 1.0, 2.0, 0.25, 1 / 12)] == [
        "6 months",
        "1 year",
        "2 years",
        "3 months",
        "1 month",
    ]


def test_a_refusal_names_the_side_it_is_about_for_whoever_reads_it():
    """A sender reading of their own refused offer reads "your reserve"; anyone else reads
    the sender's name; only without a catalog is it "the sender"."""
    from game.engine.law import Refusal
    from game.session.match import Match
    from game.text.words import refusal_words

    india = Match(scenario_info(DEFAULT_SCENARIO, "shipped").scenario, humans=["IND"])
    c, ind, jpn = india.catalog, india.catalog.nation("IND"), india.catalog.nation("JPN")
    code = Refusal.CANNOT_AFFORD
    assert refusal_words(code, c, ind, viewer=ind) == (
        "your reserve does not cover the price of your sweeteners"
    )
    assert refusal_words(code, c, ind, viewer=jpn) == (
        "India's reserve does not cover the price of its sweeteners"
    )
    assert refusal_words(code, None, ind).startswith("the sender's reserve")
    assert refusal_words(Refusal.OFFER_LIMIT, c, ind, viewer=ind).startswith("you had already")
    joined = refusal_words(Refusal.JOINED_ELSEWHERE, c, jpn, ind, viewer=ind)
    assert joined == "you joined by another membership offer answered that turn"
    barred = refusal_words(Refusal.BARRED_JOINING, c, ind, jpn, viewer=ind)
    assert barred == "a nation barred from working with Japan joined the bloc that turn"
    assert refusal_words(Refusal.OK, c, ind) is None


def test_a_failure_the_reserves_made_good_is_not_called_a_loss_of_nothing():
    # the engine's value of a milestone failure is the progress lost after the members'
    # reserves paid what they could: all of it paid, the news said "$0.0 B of progress lost"
    import dataclasses

    from engine_vocab import make_world

    from game.engine.step import step

    w = make_world(max_success=0.05, min_success=0.0)
    for _ in range(12):
        w.state, events = step(w.state, w.orders(), w.rules, w.seed)
        rows = np.flatnonzero(events.code == st.EV["milestone_failure"])
        if rows.size:
            break
    else:
        pytest.fail("no failure with a 5% success chance")
    r = int(rows[0])

    def said(value: float) -> str:
        v = events.value.copy()
        v[r] = value
        return event_sentence(w.catalog, dataclasses.replace(events, value=v), r)

    assert said(0.0).endswith("the members' reserves made good the progress it would have lost.")
    assert "$0.0 B" not in said(0.0) and "$0.0 B" not in said(0.04)
    assert said(2.5).endswith(f": {money(2.5)} of progress lost.")
    # a loss the reserves did not cover whole is said, in millions when it is millions (a
    # $30 M loss was "made good" below $50 M)
    assert said(0.03).endswith(": $30 M of progress lost.")


def test_from_and_to_and_their_difference_add_up_as_shown():
    from game.text.words import from_to

    # means rounded apart read "62.7 -> 62.8 (+0.2)": a place is added until the sum agrees
    assert from_to(62.66, 62.84, 0.18) == ("62.66", "62.84", "+0.18")
    assert from_to(58.3, 45.1, -13.2) == ("58.3", "45.1", "−13.2")
    assert from_to(62.749, 62.751, 0.002) == ("62.75", "62.75", "0.00")
    # still apart a place further: the difference of the ends as shown
    assert from_to(100 / 3, 125 / 3, 25 / 3, places=0) == ("33.3", "41.7", "+8.4")
    rng = np.random.default_rng(5)
    for was, now in rng.uniform(0, 300, (500, 2)):
        a, b, d = from_to(was, now, now - was)
        places = len(a.split(".")[1])
        assert abs(float(b) - float(a) - float(d.replace("−", "-"))) < 0.5 * 10.0**-places
