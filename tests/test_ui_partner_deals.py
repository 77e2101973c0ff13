"""A partner's deal to a person's nation (game.ai.deals), driven as a person would: it arrives
in the Inbox, says what it gives and how long it is held, and Accept applies it."""

from __future__ import annotations

import os

import numpy as np
import pygame
import pytest
from ui_driver import Driver

from game.ai.deals import staying_value
from game.ai.judge import AIContext
from game.engine import law
from game.engine import state as st
from game.paths import DEFAULT_SCENARIO
from game.scenario.catalog_files import scenario_info
from game.scenario.models import Scenario
from game.session.match import Match

pytestmark = pytest.mark.skipif(not DEFAULT_SCENARIO.exists(), reason="no default scenario")

DEALS = (st.KIND["launch_seat"], st.KIND["payload_slot"])


def shot(d: Driver, name: str) -> None:
    folder = os.environ.get("LUNAR_BLOCS_SHOTS")
    if folder:
        pygame.image.save(d.app.window, os.path.join(folder, f"{name}.png"))


def end_turn(d: Driver) -> None:
    d.click_button("End turn")
    d.frames(5)
    while d.top is not None and getattr(d.top, "tabs", None) is None:
        d.key(pygame.K_ESCAPE)  # the turn report


def drift_towards_the_rivals(game: Match, me: int, want: float) -> None:
    """Japan falls out with its partners (but the leader) and warms to the rival bloc's
    members until its value of staying is ``want`` (landscape theory: standing beside rivals
    and opposite friends costs): the turn's state gets those relations, as an event's
    ``relations`` effects make. Its relation with the leader stays: a deal from a nation it
    quarrels with would be turned down."""
    s = game.states[-1]
    k = int(s.bloc[0, me])
    aligned = s.member[0].any(axis=1)
    mates = np.flatnonzero(s.member[0, :, k])
    mates = mates[(mates != me) & (mates != s.leader[0, k])]
    rivals = np.flatnonzero(aligned & ~s.member[0, :, k])

    def stay(x) -> float:
        ctx = AIContext(x, game.rules)
        return float(staying_value(x, game.rules, ctx, np.array([0]), np.array([me]))[0])

    def drifted(by: float):
        rel = s.relations.copy()
        for who, sign in ((mates, -1.0), (rivals, 1.0)):
            rel[0, me, who] = np.clip(rel[0, me, who] + sign * by, -1, 1)
            rel[0, who, me] = rel[0, me, who]
        return s.replace(relations=rel)

    lo, hi = 0.0, 2.0
    assert stay(drifted(hi)) < want < stay(drifted(lo))
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if stay(drifted(mid)) > want else (lo, mid)
    game.states[-1] = drifted(hi)


def test_a_partners_deal_shows_in_the_inbox_and_accept_applies_it(tmp_path):
    default = scenario_info(DEFAULT_SCENARIO, "shipped")
    # relations weigh twice as much as in the shipped file, so that a quarrel can bring a
    # member to the point of leaving (the shipped charter keeps Japan well inside it)
    data = default.scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    data.setdefault("constants", {}).setdefault("diplomacy", {})["affinity_weight"] = 2.0
    scenario = Scenario.model_validate(data)
    d = Driver(tmp_path)
    game = Match(scenario, humans=["JPN"], scenario_path=default.path, difficulty="hard")
    d.app.nav.show(game)
    d.frames(3)
    me = game.people[0]
    k = int(game.state.bloc[0, me])
    assert k >= 0, "Japan starts in a bloc"
    end_turn(d)  # a turn paid into the programme: Japan is worth keeping
    # Japan would leave by a hair at hard's rule (below leave_below -0.3): a slot keeps it
    drift_towards_the_rivals(game, me, -0.32)
    end_turn(d)
    inbox = game.open_offers(target=me)
    deals = [q for q in inbox if int(game.state.offers.kind[0, q]) in DEALS]
    assert deals, "a partner offers Japan seats or payload slots to keep it"
    q = deals[0]
    o = game.state.offers
    sender = int(o.sender[0, q])
    assert game.state.member[0, sender, k], "the deal comes from a partner in Japan's bloc"
    seats, payload = int(o.seats[0, q]), int(o.payload[0, q])

    d.click(d.top.tab_buttons["inbox"].rect.center)
    tab = d.top.tabs["inbox"]
    rows = [tab.inbox_row(slot) for slot in tab.mail()]
    row = tab.inbox_row(q)
    assert game.name(sender) in row and ("payload slot" in row or "astronaut seat" in row)
    assert f"(partner in {game.bloc_name(k)})" in row, row
    tab.inbox_index = tab.mail().index(q)
    d.top.rebuild()
    d.frames(3)
    words = " ".join(text for text, _ in tab.sides_lines())
    assert "prestige/yr" in words
    assert "while you stay" in words, words
    shot(d, "partner-deal-inbox")

    before = (game.state.seats[0, me], game.state.payload[0, me])
    d.click_button("Accept")
    assert tab.inbox_row(q).startswith("You accept"), rows
    end_turn(d)
    s = game.state
    assert s.seats[0, me] == before[0] + seats
    assert s.payload[0, me] == before[1] + payload
    accepted = game.events[-1]
    took = (accepted.code == st.EV["offer_accepted"]) & (accepted.other == me)
    assert took.any()
    # the sender paid the price from its reserve (the ledger's row for it)
    price = float(law.sweetener_price(0.0, seats, payload, game.rules.constants))
    assert price > 0
    d.click(d.top.tab_buttons["inbox"].rect.center)
    shot(d, "partner-deal-accepted")
