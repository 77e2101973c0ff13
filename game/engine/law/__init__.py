"""The law: every rule other layers need to ask about, written once, vectorised.

Spec card:
    What: pure functions over numpy arrays (a leading world axis where a State is read) that
        the phases call to resolve a turn and that the computer players, the predictions, the
        screens and ``check`` call to ask the same questions. Nothing outside ``game.engine``
        re-derives one of these formulas.
    Modules: ``offers`` (refusals, entry, sweeteners, answers), ``goals`` (ranges, the
        thresholds objectives and conditions compare, national missions), ``economy``
        (budget growth, crises, research, goodwill) and ``programme`` (a bloc's partners,
        coordination, pace and milestones). Every name is read from here as ``law.<name>``;
        a rule that asks another asks it in its own module (a test that replaces one patches
        that module).
    Refusal codes (``Refusal``, a closed list; 0 means allowed), checked in this order:
        NO_SUCH_NATION   sender or target is not a nation of the scenario
        SELF             an offer to oneself
        FORBIDDEN_PAIR   sender and target are a forbidden pair
        NO_SUCH_BLOC     a membership offer names no bloc of the scenario
        NO_LEADER        the bloc has no member, so nobody can answer for it
        ALREADY_MEMBER   the joining nation is already in the bloc
        NOT_A_MEMBER     an invitation from a nation outside the bloc
        NOT_THE_LEADER   an application answered by someone who no longer leads the bloc
        BARRED_BY_MEMBER the joiner is a forbidden partner of a member of the bloc
        BLOCKED          an event blocked the joiner's membership of this bloc
        TECH_BELOW_ENTRY mean technology below the bloc's ``entry.min_tech``
        RELATIONS_BELOW_ENTRY relation with the leader below ``entry.min_relations``
        CANNOT_AFFORD    the sender's reserve does not cover the price of its sweeteners
        EXCLUSIVE        the bloc is exclusive and the joiner is a member of another exclusive
                         bloc (checked after BLOCKED; a non-exclusive bloc never refuses this)
        The diplomacy phase refuses for five more reasons, none a question of the offer
        alone (``offer_refusal`` never returns them; the events record them):
        OFFER_LIMIT      the sender already sent ``max_offers_per_nation`` offers this turn
        TABLE_FULL       the offer table has no free slot
        MALFORMED        an order's kind is unknown or its term is shorter than a turn
        JOINED_ELSEWHERE the joiner accepted several memberships and took the one it values
                         most
        BARRED_JOINING   a forbidden partner of the joiner joins the same bloc the same turn
    Membership: a nation may be in several blocs (``State.member``); ``main_bloc`` is the
        first it joined (``State.bloc``); ``bloc_payments`` splits its bloc share between them.
    Shapes: ``wi`` (world positions) and the offer columns broadcast together; results have
        their broadcast shape.
    Thresholds: ``STATE_RANGE`` is the range each bounded State field keeps (the invariants
        check it), ``QUANTITY_RANGE`` the range each quantity an objective or an event
        condition compares keeps; ``OBJECTIVE_THRESHOLDS`` and ``CONDITION_THRESHOLDS`` say
        which quantity each kind compares and how, and ``meets`` is the comparison the
        victory and events phases make.
    Opening offers: ``OPENING`` lists the refusals that keep a scenario's opening offer from
        a recipient (compile asks ``offer_refusal`` on the opening state).
    Sweeteners: ``sweetener_limits`` are the most one offer may carry (the engine clamps new
        offers to them, the screen's sliders stop there); ``sweetener_price`` is what the
        sender pays once, from its reserve, when the offer is accepted (seats, slots and
        technology are the sender's own, not free).
    Economy: a milestone makes at most ``milestone_capacity`` of progress a turn, with
        diminishing returns (``paced_progress``); a milestone asks ``top_pace_money`` and is
        finished at ``finish_share`` of the turn (``pace_want``: the money it asks, up to
        ``work_limit``); ``programme_rounds`` works a bloc's milestones through a turn (the
        programmes phase plays it); ``pool_demand`` asks it the most a bloc's pool can use in
        a turn (the computer players fund no more); a bloc's pool is split by ``pace_split``,
        the open milestones first; ``milestone_early`` says what may be prepared before it
        opens;
        ``participation`` shares a success by turns served; ``crisis_cover`` and
        ``crisis_relief`` say how a reserve meets an event's budget cut.
        ``in_kind_value`` is what a member's research and diplomacy bring its bloc (counted
        as its contribution beside its money, ``in_kind_credit`` of it); ``diplomacy_relief``
        what the members' diplomacy lifts of the coordination cost, by what keeping the
        partners in step needs. ``commitment`` is the share of a nation's contributions to
        blocs that went to one bloc (the winner's bonus counts it beside tenure).
    Accession: ``answerable`` says whether an offer may be answered this turn (an invitation
        or application only once it has been weighed ``accession_turns`` of its bloc).
    Deals: an accepted offer's funds or technology make a deal, its seats or payload slots
        are held by the target (``deal_parts``); a non-membership offer with neither changes
        nothing (``offer_is_empty``).
"""

# The rules live in four modules by subject; every name is read here, as ``law.<name>``.
from game.engine.law import economy, goals, offers, programme  # noqa: F401
from game.engine.law.economy import (  # noqa: F401
    absorbed,
    absorption,
    budget_over_turn,
    budget_struck,
    chance_in_turn,
    crisis_cover,
    crisis_relief,
    goodwill_unit,
    growth_rate,
    research_gain,
    spill_rate,
)
from game.engine.law.goals import (  # noqa: F401
    CONDITION_THRESHOLDS,
    OBJECTIVE_THRESHOLDS,
    QUANTITY_RANGE,
    STATE_RANGE,
    MissionClosed,
    meets,
    mission_closed,
    mission_ready,
    quantity_range,
    threshold_reachable,
)
from game.engine.law.offers import (  # noqa: F401
    APPLY,
    INVITE,
    OPENING,
    SENDING,
    Refusal,
    _barred,
    _first,
    _first_of,
    _int_indices,
    accept_probability,
    answerable,
    bloc_payments,
    cannot_pay,
    clamp_sweeteners,
    deal_parts,
    deal_payments_cap,
    entry_refusal,
    entry_shortfalls,
    exclusive_conflict,
    main_bloc,
    mean_tech,
    normal_cdf,
    offer_is_empty,
    offer_refusal,
    share_any,
    sweetener_limits,
    sweetener_price,
)
from game.engine.law.programme import (  # noqa: F401
    FEW_WORLDS,
    _latest_end,
    bloc_factors,
    commitment,
    coordination,
    diplomacy_relief,
    effective_partners,
    efficiency,
    finish_share,
    in_kind_value,
    matched_research,
    milestone_capacity,
    milestone_early,
    milestone_open,
    pace_split,
    pace_want,
    paced_progress,
    participation,
    pool_demand,
    prerequisites_met,
    programme_rounds,
    research_lift,
    success_chance,
    top_pace_money,
    work_limit,
)
