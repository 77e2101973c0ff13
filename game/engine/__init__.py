"""The turn engine: numpy only, no I/O, no global state.

``step(state, orders, rules, seed) -> (state, events)`` resolves one turn for W worlds.
"""

from game.engine.orders import default_orders
from game.engine.step import step

__all__ = ["default_orders", "step"]

#: Bumped whenever a rule changes how a turn plays out. Saves record it; a save made under
#: older rules is never replayed under these (``session.match`` continues it from its stored
#: State, with a notice). 2: sweeteners priced and lapsing with membership, charters' binding and accession
#: turns, the winner's bonus counted by tenure. 3: members' research lifts their bloc's
#: efficiency and counts in part as contribution, members' diplomacy lowers its coordination
#: cost, reserves make good failed attempts, affinity by landscape theory. 4: a nation may be
#: in several blocs (``State.member``; charters say whether they are ``exclusive``). 5: milestones
#: absorb money at a pace (``min_years``, diminishing returns within a turn) and may be prepared
#: early (``prework``); successors are worked in the turn their prerequisite completes;
#: refunded money is no contribution; participation in prestige by turns served; reserves
#: meet budget cuts; bases completed in one turn: the first completed wins. 6: a member's research
#: and diplomacy count in its contribution at the value they bring the bloc
#: (``law.in_kind_value``), and so does what its reserve pays to make good a failure.
#: 7: a milestone finished within a turn is finished when its money allows (x spent over a
#: share tau of the turn makes x - x^2 / 4A tau), not at the top pace whatever it paid; members'
#: diplomacy relieves coordination by what keeping the partners in step needs
#: (``diplomacy_need`` per partner, not beside the pool); the winner's bonus counts commitment,
#: the share of what a nation brought all its blocs that went to the winner (``law.commitment``).
#: 8: an invitation to a member of another bloc weighs the landscape from where it stands
#: (``Context.joining_affinity``): joining keeps its partners, so only the new bloc's members
#: it shares no bloc with cross from opposite it to beside it; a failed attempt is rebuilt with
#: the pool's money in the rest of its turn; the pool pays the open milestones before work
#: prepared early (``law.programme_rounds``); a budget grows at its yearly rate compounded in
#: calendar time and a turn's income is the budget summed over the turn
#: (``law.budget_over_turn``), so the money by a date does not hang on the turn length.
#: 9: an unaligned nation's bloc share is pledged: banked, and paid into the programme of a
#: bloc it joins in the same turn (``diplomacy.pay_pledges``), so a joiner pays from the turn
#: it joins, not the next (at two-year turns that was two years later); within a turn an
#: open milestone's attempt is settled before early work is paid: a failure is rebuilt first,
#: and a milestone the attempt opens is prepared only up to that moment, then worked as open
#: (``law.programme_rounds``), so what a failure or a completion costs no longer grows with
#: the turn's length.
#: 10: a member takes in its bloc's technology spill-over only as far as its own research
#: lets it (absorptive capacity, ``law.absorption``): all at ``research.absorptive_share``
#: of its money spent on research, less in proportion, nothing without research.
RULES_VERSION = 10
