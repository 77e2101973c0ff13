"""Deals between partners (game.ai.deals): a computer member offers a fellow member seats or
payload slots only where keeping it pays the bloc more than the price, the same for a person's
nation as for a computer's; and a rival may invite a member where the charters allow."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from engine_vocab import make_world, with_exclusive

from game.ai import decide, get_difficulty
from game.ai.budget import crisis_cover_money
from game.ai.deals import member_worth, staying_value
from game.ai.judge import AIContext
from game.engine import law
from game.engine import state as st
from game.sim.driver import slice_worlds

DEALS = (st.KIND["launch_seat"], st.KIND["payload_slot"])


@pytest.fixture(scope="module")
def played():
    """The small world, four worlds, one turn played (so members have paid into a pool)."""
    world = make_world(worlds=4)
    world.run(1)
    return world


def _stay(world, nation: str, state=None) -> float:
    s = world.state if state is None else state
    rows = np.array([0])
    return float(
        staying_value(s, world.rules, AIContext(s, world.rules), rows, np.array([world.n(nation)]))[
            0
        ]
    )


def _level(name: str, **changes):
    return dataclasses.replace(get_difficulty(name), **changes)


def _deals(orders: st.Orders, w: int = 0, to: int = 3) -> list[tuple[int, int, int, int, int]]:
    """(kind, sender, target, seats, payload) of each seat or payload deal sent to nation
    ``to`` (Japan in the small world) in world position ``w``."""
    o = orders.new
    rows = np.flatnonzero(o.active[w] & np.isin(o.kind[w], DEALS) & (o.target[w] == to))
    return [
        (int(o.kind[w, p]), int(o.sender[w, p]), int(o.target[w, p]), int(o.seats[w, p]))
        + (int(o.payload[w, p]),)
        for p in rows
    ]


def _artemis_world(played, w: int = 0) -> int:
    """A world position where Japan is in the Artemis Accords, led by the United States."""
    jpn, art = played.n("JPN"), played.b("artemis")
    assert jpn == 3  # ``_deals`` looks at offers to Japan
    return int(np.flatnonzero(played.state.bloc[:, jpn] == art)[w])


def test_a_wavering_partner_worth_keeping_is_offered_a_slot(played):
    s, rules = played.state, played.rules
    usa, jpn = played.n("USA"), played.n("JPN")
    w = _artemis_world(played)
    one = slice_worlds(s, slice(w, w + 1))
    worth = member_worth(one, rules, played.b("artemis"), np.array([0]), np.array([jpn]))
    assert worth[0] > 0, "Japan's payments are worth something to its bloc"
    # Japan would leave at its review by a hair: one payload slot keeps it
    level = _level("hard", leave_below=_stay(played, "JPN", one) + 0.02)
    # the slot is paid from the reserve beyond the USA's cover against a budget cut
    # (``budget.spare_reserve``): with no more than the cover, no slot is sent
    cover = crisis_cover_money(one, rules, level)
    bare = one.replace(reserve=np.minimum(one.reserve, cover))
    assert _deals(decide(bare, rules, played.seed, level).orders) == []
    one = one.replace(reserve=one.reserve + cover)
    orders = decide(one, rules, played.seed, level).orders
    deals = _deals(orders)
    assert len(deals) == 1
    kind, sender, target, seats, payload = deals[0]
    assert (sender, target) == (usa, jpn)
    assert kind == (st.KIND["launch_seat"] if seats else st.KIND["payload_slot"])
    assert seats + payload >= 1
    price = law.sweetener_price(0.0, seats, payload, rules.constants)
    assert not law.cannot_pay(price, one.reserve[0, usa])
    sent = (orders.new.active[0] & (orders.new.sender[0] == usa)).sum()
    assert sent <= rules.constants.max_offers_per_nation


@pytest.mark.parametrize("gap", [-1.0, 1.0], ids=["in-no-danger", "beyond-saving"])
def test_no_slot_where_it_changes_nothing(played, gap):
    w = _artemis_world(played)
    one = slice_worlds(played.state, slice(w, w + 1))
    level = _level("hard", leave_below=_stay(played, "JPN", one) + gap)
    assert _deals(decide(one, played.rules, played.seed, level).orders) == []


def test_no_slot_for_a_partner_whose_payments_are_worth_less_than_its_price(played):
    w = _artemis_world(played)
    one = slice_worlds(played.state, slice(w, w + 1))
    jpn = played.n("JPN")
    level = _level("hard", leave_below=_stay(played, "JPN", one) + 0.02)
    for scale in (0.0, 1e-4):  # pays nothing, or next to nothing, into the pool
        spent = one.spent.copy()
        spent[0, jpn] *= scale
        poor = one.replace(spent=spent)
        worth = member_worth(poor, played.rules, played.b("artemis"), np.array([0]), [jpn])
        assert worth[0] < played.rules.constants.payload_price
        assert _deals(decide(poor, played.rules, played.seed, level).orders) == []


def test_no_slot_the_senders_reserve_cannot_pay(played):
    w = _artemis_world(played)
    one = slice_worlds(played.state, slice(w, w + 1))
    reserve = one.reserve.copy()
    reserve[0, played.n("USA")] = 0.0
    broke = one.replace(reserve=reserve)
    level = _level("hard", leave_below=_stay(played, "JPN", one) + 0.02)
    assert _deals(decide(broke, played.rules, played.seed, level).orders) == []


def test_a_persons_nation_is_offered_what_a_computers_would_be(played):
    w = _artemis_world(played)
    one = slice_worlds(played.state, slice(w, w + 1))
    level = _level("hard", leave_below=_stay(played, "JPN", one) + 0.02)
    # a reserve beyond the USA's cover against a budget cut pays for the slot
    one = one.replace(reserve=one.reserve + crisis_cover_money(one, played.rules, level))
    person = np.ones(one.bloc.shape, dtype=bool)
    person[:, played.n("JPN")] = False
    by_computer = _deals(decide(one, played.rules, played.seed, level).orders)
    by_person = _deals(decide(one, played.rules, played.seed, level, controlled=person).orders)
    assert by_person == by_computer != []


def test_easy_also_offers_a_wavering_partner_a_slot(played):
    # easy sweetens as normal does, on its noisier reading: a person who is the wavering
    # partner is never offered less at easy than a sharper level would offer
    w = _artemis_world(played)
    one = slice_worlds(played.state, slice(w, w + 1))
    level = _level("easy", leave_below=_stay(played, "JPN", one) + 0.02)
    deals = _deals(decide(one, played.rules, played.seed, level).orders)
    assert [(sender, target) for _, sender, target, _, _ in deals] == [
        (played.n("USA"), played.n("JPN"))
    ]


def test_partner_deals_are_the_same_alone_in_a_batch_and_in_any_split():
    world = make_world(worlds=8)
    world.run(1)
    s, rules, seed = world.state, world.rules, world.seed
    # normal misjudges a partner's mind: near the edge some worlds send and some do not
    level = _level("normal", leave_below=_stay(world, "JPN") + 0.02)
    whole = decide(s, rules, seed, level).orders
    sent = [_deals(whole, w) for w in range(8)]
    assert any(sent) and not all(sent), "the test needs worlds on both sides of the edge"
    assert [_deals(decide(s, rules, seed, level).orders, w) for w in range(8)] == sent
    for a, b in ((0, 3), (3, 8)):
        part = decide(slice_worlds(s, slice(a, b)), rules, seed, level).orders
        assert [_deals(part, w) for w in range(b - a)] == sent[a:b]
    for w in range(8):
        alone = decide(slice_worlds(s, slice(w, w + 1)), rules, seed, level).orders
        assert _deals(alone) == sent[w]


@pytest.mark.parametrize("exclusive", [False, True])
def test_a_rival_invites_a_persons_member_nation_only_where_the_charters_allow(exclusive):
    world = with_exclusive(make_world(), artemis=exclusive, ilrs=exclusive)
    world.run(1)
    s = world.state
    jpn, chn, rus = world.n("JPN"), world.n("CHN"), world.n("RUS")
    assert s.bloc[0, jpn] == world.b("artemis")
    # Japan warms to the ILRS's members: joining it beside the Accords would pay
    rel = s.relations.copy()
    for other in (chn, rus):
        rel[0, jpn, other] = rel[0, other, jpn] = 0.95
    for other in (world.n("USA"),):
        rel[0, jpn, other] = rel[0, other, jpn] = -0.5
    warm = s.replace(relations=rel)
    person = np.ones(s.bloc.shape, dtype=bool)
    person[:, jpn] = False
    o = decide(warm, world.rules, world.seed, "hard", controlled=person).orders.new
    invited = o.active & (o.kind == st.KIND["invite"]) & (o.target == jpn)
    invited &= o.bloc == world.b("ilrs")
    assert bool(invited.any()) == (not exclusive)
