"""The core's last rule copies are gone: compile, the invariants and check read the law."""

from __future__ import annotations

import json

import numpy as np
import pytest
from engine_vocab import DEFAULT, make_world, scenario

from game import geo, paths
from game.engine import law
from game.engine.invariants import InvariantError, check_invariants
from game.scenario import check_law
from game.scenario.compile import compile_scenario
from game.scenario.models import Scenario


def _opening(compiled) -> set[tuple[str, str, str]]:
    """(sender, kind index, recipient) of every opening offer of world 0."""
    o, cat = compiled.state.offers, compiled.catalog
    rows = np.flatnonzero(o.active[0])
    return {
        (cat.nation_ids[o.sender[0, r]], int(o.kind[0, r]), cat.nation_ids[o.target[0, r]])
        for r in rows
    }


def test_opening_offers_are_the_rows_the_law_lets_through(monkeypatch):
    # the classroom scenario opens with invitations (the default one now has none: its
    # outreach is the computer's, not a list made with hindsight)
    sc = scenario(paths.SCENARIOS / "classroom.yaml")
    assert compile_scenario(sc).state.offers.active.any()
    # a law that refuses every offer at sending leaves the opening table empty ...
    monkeypatch.setattr(
        law,
        "offer_refusal",
        lambda s, rules, wi, kind, sender, target, bloc: np.full(
            np.shape(target), law.Refusal.FORBIDDEN_PAIR, np.int8
        ),
    )
    assert not compile_scenario(sc).state.offers.active.any()
    # ... and one that refuses nothing opens a row for every recipient the file names
    # ('all': every nation but the sender)
    monkeypatch.setattr(
        law,
        "offer_refusal",
        lambda s, rules, wi, kind, sender, target, bloc: np.zeros(np.shape(target), np.int8),
    )
    everyone = len(sc.nations) - 1
    named = sum(everyone if offer.to == "all" else len(offer.to) for offer in sc.offers)
    assert compile_scenario(sc).state.offers.active[0].sum() == named


def test_an_opening_invitation_to_all_skips_a_forbidden_partner_and_members():
    sc = scenario(DEFAULT)
    data = sc.model_dump(mode="json", by_alias=True, exclude_unset=True)
    # March 2021's real open call: the ILRS "open to all interested countries"
    data["offers"] = [
        {"id": "ilrs-open", "kind": "invite", "sender": "CHN", "to": "all", "bloc": "ilrs"}
    ]
    compiled = compile_scenario(Scenario.model_validate(data))
    cat, s = compiled.catalog, compiled.state
    invite = law.INVITE
    sent = _opening(compiled)
    china_invites = {r for sender, kind, r in sent if sender == "CHN" and kind == invite}
    # the USA is China's forbidden partner (the Wolf Amendment): never invited to the ILRS
    assert "USA" not in china_invites
    ilrs = cat.bloc("ilrs")
    members = {cat.nation_ids[i] for i in np.flatnonzero(s.bloc[0] == ilrs)}
    assert china_invites and not china_invites & members
    # every nation left out is one the law refuses at the opening
    for r in set(cat.nation_ids) - china_invites - {"CHN"}:
        code = law.offer_refusal(
            s, compiled.rules, 0, invite, cat.nation("CHN"), cat.nation(r), ilrs
        )
        assert np.isin(code, law.OPENING), r


def test_the_invariants_hold_states_to_the_law_s_ranges(monkeypatch):
    w = make_world()
    support = w.state.support.copy()
    support[0, 0] = 0.6
    state = w.state.replace(support=support)
    check_invariants(state, w.rules)
    monkeypatch.setitem(law.STATE_RANGE, "support", (0.0, 0.5))
    with pytest.raises(InvariantError, match="support has values outside 0..0.5"):
        check_invariants(state, w.rules)


def test_a_compared_quantity_keeps_the_range_of_its_state_field():
    for name, bounds in law.QUANTITY_RANGE.items():
        if name in law.STATE_RANGE:
            assert bounds == law.STATE_RANGE[name], name


def test_codes_off_the_map_come_from_the_map_folder_and_are_not_on_the_map():
    assert check_law.OFF_MAP_FILE.parent == paths.ASSETS / "map"
    written = json.loads(check_law.OFF_MAP_FILE.read_text(encoding="utf-8"))["codes"]
    off = check_law.off_the_map()
    assert off == set(written) and len(written) == len(off)
    assert {"SGP", "MLT", "VAT", "ATA"} <= off
    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in off)
    drawn = check_law.map_codes()
    assert drawn and not drawn & off
    assert check_law.MAP_FILE == geo.MAP_PATH


def test_an_empty_batch_still_compiles():
    compiled = compile_scenario(scenario(DEFAULT), world_ids=np.zeros(0, np.int64))
    assert compiled.state.offers.active.shape[0] == 0
