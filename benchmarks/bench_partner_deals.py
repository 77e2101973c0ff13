"""What a member's partners offer it: deals received by one seat after it joined a bloc.

For each seat (default India and Nigeria) played by a lab policy (default ``passive``: the
engine answers its offers by utility), over paired worlds of the default scenario:

* how many offers the seat receives while it is a member of a bloc, by kind, from a partner
  (a member of one of its blocs) or from a rival bloc (a second membership);
* how many it accepts, and the second memberships it takes;
* what the partners' deals are worth to it: the same worlds played again with every partner
  deal to the seat withdrawn before it is sent (nothing else changes in the orders), the
  paired score difference over the worlds in which it accepted one.

    PYTHONPATH=. python benchmarks/bench_partner_deals.py --worlds 200
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import compiled  # noqa: E402

from game.engine import state as st  # noqa: E402
from game.session.play import play_turn  # noqa: E402
from game.sim.driver import last_turn  # noqa: E402
from game.sim.policies import LabContext, get_policy, merge  # noqa: E402

MEMBERSHIP = (st.KIND["invite"], st.KIND["apply"])


def _partner_deal(state, new: st.NewOffers, seat: int) -> np.ndarray:
    """(W, P) bool: a deal to ``seat`` from a member of one of its blocs."""
    sender = new.sender.astype(np.int64)
    w = np.arange(new.active.shape[0])[:, None]
    shared = (state.member[w, sender] & state.member[:, seat][:, None, :]).any(axis=-1)
    deal = (new.kind != MEMBERSHIP[0]) & (new.kind != MEMBERSHIP[1])
    return new.active & (new.target == seat) & deal & shared


def play(comp, seat: int, policy: str, level: str, withdraw: bool):
    """Play every world; count what ``seat`` is offered while a member. Returns
    (final scores of the seat, counters, worlds in which it accepted a partner deal)."""
    state, rules, seed = comp.state, comp.rules, comp.seed
    rule = get_policy(policy)
    mask = np.arange(state.bloc.shape[1]) == seat
    received: Counter = Counter()
    accepted: Counter = Counter()
    took_deal = np.zeros(state.n_worlds, dtype=bool)
    second = np.zeros(state.n_worlds, dtype=bool)
    member_turns = 0
    for _ in range(last_turn(comp) - int(state.turn)):
        if bool(state.ended.all()):
            break

        def overlay(now, computer):
            orders = merge(computer, seat, rule(LabContext(now, rules, seed, seat, computer)))
            if withdraw:
                drop = _partner_deal(now, orders.new, seat)
                orders = orders.replace(new=orders.new.replace(active=orders.new.active & ~drop))
            return orders

        played = play_turn(state, rules, seed, difficulty=level, overlay=overlay, seats=mask)
        new, ev, orders = played.state, played.events, played.orders
        inside = state.member[:, seat].any(axis=1) & ~state.ended
        member_turns += int(inside.sum())
        o = orders.new
        to_me = o.active & (o.target == seat) & inside[:, None]
        partner = _partner_deal(state, o, seat)
        for wpos, p in zip(*np.nonzero(to_me), strict=True):
            kind = st.OFFER_KINDS[int(o.kind[wpos, p])]
            who = "partner" if partner[wpos, p] else "rival/outsider"
            received[(who, kind)] += 1
        # accepted offers to the seat (the table before the step says what each was)
        acc = (ev.code == st.EV["offer_accepted"]) & (ev.other == seat)
        for wid, slot in zip(ev.world[acc], ev.item[acc], strict=True):
            wpos = int(np.searchsorted(state.world, wid))
            kind = st.OFFER_KINDS[int(state.offers.kind[wpos, slot])]
            sender = int(state.offers.sender[wpos, slot])
            shared = bool((state.member[wpos, sender] & state.member[wpos, seat]).any())
            partner = shared and kind not in ("invite", "apply")
            accepted[("partner" if partner else "other", kind)] += 1
            took_deal[wpos] |= partner
        joined = (ev.code == st.EV["joined"]) & (ev.nation == seat)
        for wid in ev.world[joined]:
            wpos = int(np.searchsorted(state.world, wid))
            if state.member[wpos, seat].any():
                second[wpos] = True
        state = new
    return state.score[:, seat].copy(), received, accepted, took_deal, second, member_turns


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worlds", type=int, default=200)
    ap.add_argument("--nations", nargs="+", default=["IND", "NGA"])
    ap.add_argument("--policy", default="passive")
    ap.add_argument("--difficulty", default="normal")
    args = ap.parse_args(argv)
    for code in args.nations:
        comp = compiled(args.worlds)
        seat = comp.catalog.nation(code)
        score, received, accepted, took, second, turns = play(
            comp, seat, args.policy, args.difficulty, withdraw=False
        )
        score_wo, *_ = play(compiled(args.worlds), seat, args.policy, args.difficulty, True)
        w = args.worlds
        print(f"{code} played by '{args.policy}' ({args.difficulty}), {w} worlds:")
        print(f"  turns as a member: {turns} ({turns / w:.1f} a world)")
        for (who, kind), count in sorted(received.items()):
            print(f"  received from a {who}: {kind:13s} {count:6d} ({count / w:.2f} a world)")
        for (who, kind), count in sorted(accepted.items()):
            print(f"  accepted from a {who}: {kind:13s} {count:6d}")
        print(f"  worlds with a second membership: {100 * second.mean():.1f}%")
        diff = score - score_wo
        print(
            f"  worlds that accepted a partner deal: {int(took.sum())} ({100 * took.mean():.1f}%)"
        )
        if took.any():
            d = diff[took]
            se = d.std(ddof=1) / np.sqrt(d.size) if d.size > 1 else float("nan")
            print(
                f"  score with the deals less without, in those worlds: {d.mean():+.2f} "
                f"(se {se:.2f}); higher in {100 * (d > 0).mean():.0f}%, lower in "
                f"{100 * (d < 0).mean():.0f}%"
            )
        print(f"  every world: {diff.mean():+.2f} (se {diff.std(ddof=1) / np.sqrt(w):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
