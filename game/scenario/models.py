"""The scenario format, declared once.

Spec card:
    What: typed pydantic v2 models for a Lunar Blocs scenario file (YAML).
    Who reads them: the loader (validation), ``lunar-blocs schema`` (JSON Schema),
        ``docs/scenario-format.md`` (generated reference), the compiler (numpy arrays).
    Rules: every model forbids unknown keys; every tunable has a documented default;
        cross-references (nation, bloc, milestone ids) are checked by the passes in
        ``game.scenario.validate``, not here, so that all problems are reported together.

Conventions used throughout the format:
    * ids are short lowercase-or-uppercase slugs (``USA``, ``artemis``, ``crewed-landing``);
    * money is in billions of US dollars per year (``budget: 23.3``);
    * fractions and probabilities are in 0..1; relations and alignments in -1..1;
    * technology levels are in 0..1 (0 = nothing, 1 = mastered);
    * dates are ``YYYY-MM`` strings.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import Strict as StrictType

from game.engine.rules import CONDITION_KINDS, OBJECTIVE_KINDS

FORMAT_VERSION: Literal[1] = 1

Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$",
        description="An identifier: a letter, then letters, digits, '-' or '_' (at most 40).",
    ),
]
YearMonth = Annotated[
    str,
    Field(
        pattern=r"^(19[5-9][0-9]|2[01][0-9][0-9])-(0[1-9]|1[0-2])$",
        description="A month, written YYYY-MM (1950-01 to 2199-12).",
        examples=["2021-03"],
    ),
]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
# YAML has no tuples: pairs are written as two-item lists, so the pair itself is lax
# while its items stay strict (a quoted "1.5" is still refused).
LatLon = Annotated[
    tuple[
        Annotated[float, StrictType(), Field(ge=-90, le=90)],
        Annotated[float, StrictType(), Field(ge=-180, le=180)],
    ],
    Field(strict=False),
]
SignedPair = Annotated[
    tuple[
        Annotated[float, StrictType(), Field(ge=-1, le=1)],
        Annotated[float, StrictType(), Field(ge=-1, le=1)],
    ],
    Field(strict=False),
]
IdPair = Annotated[
    tuple[Annotated[str, StrictType()], Annotated[str, StrictType()]], Field(strict=False)
]
Text = Annotated[str, Field(max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=120)]
Colour = Annotated[
    str,
    Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="A colour as #RRGGBB.", examples=["#0072B2"]),
]
NationRef = Annotated[str, Field(description="The id of a nation in this scenario.")]
NationSet = Annotated[
    list[NationRef] | Literal["all"],
    Field(description="A list of nation ids, or 'all'."),
]


class Strict(BaseModel):
    """Base for every model of the format: unknown keys are errors, no coercion of strings."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------------- meta


class Meta(Strict):
    """What the scenario is, where it comes from, and the calendar it runs on."""

    id: Id = Field(description="Short id of the scenario, used in saves and reports.")
    title: ShortText = Field(description="Title shown in the scenario picker.")
    description: Text = Field("", description="A paragraph shown in the scenario picker.")
    authors: list[ShortText] = Field(default_factory=list, description="Who wrote it.")
    sources: list[Annotated[str, Field(max_length=400)]] = Field(
        default_factory=list, description="Public sources for the facts and figures used."
    )
    start: YearMonth = Field(description="Date of the first turn.")
    turn_months: int = Field(6, ge=1, le=24, description="Length of a turn in months.")
    end: YearMonth = Field(
        description="Date at which the game ends (the last turn is the one before it)."
    )
    length: int | None = Field(
        None,
        ge=1,
        le=200,
        description="Play in this many turns from the same start: the loader rescales turn "
        "length, per-turn rules and (when the calendar must change) programme costs so the "
        "base stays reachable (docs/scenario-format.md, 'A lesson that fits the clock').",
    )
    seed: int = Field(2021, ge=0, lt=2**63, description="Default random seed.")
    default_nation: NationRef | None = Field(
        None, description="Nation pre-selected in the nation picker."
    )


# --------------------------------------------------------------------------- nations


class Personality(Strict):
    """How a computer player (and the acceptance model) leans."""

    bandwagon: Signed = Field(
        0.0,
        description="+1 joins the leading bloc (bandwagoning), -1 balances against it.",
    )
    risk: Fraction = Field(0.5, description="Appetite for risky, expensive missions.")
    ambition: Fraction = Field(0.5, description="Weight given to prestige and leadership.")
    sovereignty: Fraction = Field(
        0.5, description="Dislike of binding commitments (raises the cost of joining a bloc)."
    )


class Objective(Strict):
    """A scenario objective for one nation, scored at the end of the game."""

    kind: Literal[OBJECTIVE_KINDS] = Field(description="What must hold at the end of the game.")  # type: ignore[valid-type]
    bloc: Id | None = Field(None, description="Bloc id, for bloc-related kinds.")
    milestone: Id | None = Field(None, description="Milestone id, for milestone_done.")
    domain: Id | None = Field(None, description="Technology domain, for tech_at_least.")
    value: float = Field(0.0, ge=0.0, le=1000.0, description="Threshold, where one is needed.")
    points: float = Field(10.0, ge=0.0, le=1000.0, description="Score points when met.")
    text: ShortText = Field(description="The objective in words, shown to the player.")


class Nation(Strict):
    """One nation (or group of nations played as one, e.g. 'ESA members')."""

    id: Id = Field(description="Short id, conventionally the ISO 3166 alpha-3 code.")
    name: ShortText = Field(description="Name shown to players.")
    iso3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="ISO 3166-1 alpha-3 code used to find its outline on the map."
    )
    map_iso3: list[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = Field(
        default_factory=list,
        description="Extra map outlines coloured as this nation (e.g. a group of countries).",
    )
    capital: LatLon = Field(
        description="Capital as [latitude, longitude] in degrees; used for markers and links."
    )
    budget: float = Field(ge=0.0, le=1000.0, description="Annual civil space budget, US$ billions.")
    growth: float = Field(
        0.02, ge=-0.5, le=0.5, description="Annual budget growth rate before support effects."
    )
    support: Fraction = Field(0.5, description="Domestic support for the space programme.")
    prestige: float = Field(0.0, ge=0.0, le=1000.0, description="Starting prestige points.")
    tech: dict[Id, Fraction] = Field(
        default_factory=dict,
        description="Technology level per domain (0..1); missing domains start at 0.",
    )
    alignment: SignedPair = Field(
        (0.0, 0.0),
        description="Political coordinates [x, y] in -1..1; near nations start on good terms "
        "(relation 1 - diplomacy.alignment_scale * distance).",
    )
    personality: Personality = Field(
        default_factory=Personality, description="How a computer player leans."
    )
    playable: bool = Field(True, description="Whether a person may pick this nation.")
    briefing: Text = Field("", description="Briefing shown to a person who plays this nation.")
    objectives: list[Objective] = Field(
        default_factory=list, description="Scenario objectives for a person playing it."
    )


class Relation(Strict):
    """An explicit relation between two nations, overriding the one derived from alignment."""

    between: IdPair = Field(description="The two nation ids.")
    value: Signed = Field(description="-1 hostile .. +1 close partners.")
    note: Annotated[str, Field(max_length=400)] = Field("", description="Why (shown in tooltips).")


# --------------------------------------------------------------------------- blocs and programmes


#: Charter defaults: a fully binding charter answered the turn after the offer (the rules
#: before charters said how binding they are; ``engine.rules.Rules`` reads the same numbers).
DEFAULT_BINDING = 1.0
DEFAULT_ACCESSION_TURNS = 1
#: Charters are exclusive unless they say otherwise: before charters said so, a nation could
#: be in one bloc only.
DEFAULT_EXCLUSIVE = True


class Entry(Strict):
    """Conditions a nation must meet to join a bloc."""

    min_tech: Fraction = Field(0.0, description="Minimum mean technology level.")
    min_relations: Signed = Field(-1.0, description="Minimum relation with the bloc's leader.")
    leader_approval: bool = Field(
        True, description="Applications need the leader's acceptance (otherwise automatic)."
    )


class Charter(Strict):
    """The terms of a bloc: what members share and what they owe."""

    tech_sharing: Fraction = Field(
        0.3,
        description="Share of the technology gap to the best member closed per year by spill-over.",
    )
    contribution: Fraction = Field(
        0.1,
        description="Minimum share of each member's money each turn that goes to the bloc "
        "programme.",
    )
    entry: Entry = Field(default_factory=Entry, description="Conditions to join.")
    binding: Fraction = Field(
        DEFAULT_BINDING,
        description="How binding the charter is: 0 a non-binding declaration, 1 a ratified "
        "treaty. The sovereignty cost of joining and the relations lost by leaving scale "
        "with it.",
    )
    accession_turns: int = Field(
        DEFAULT_ACCESSION_TURNS,
        ge=1,
        le=20,
        description="Turns an invitation or application is weighed before it can be answered "
        "(signing a declaration is quicker than ratifying a treaty).",
    )
    exclusive: bool = Field(
        DEFAULT_EXCLUSIVE,
        description="Whether membership excludes other exclusive blocs: an exclusive bloc "
        "refuses a member of another exclusive bloc; a non-exclusive one (a declaration) can be "
        "joined on top of any other membership.",
    )


class Milestone(Strict):
    """One step of a bloc's lunar programme."""

    id: Id
    name: ShortText = Field(description="Name shown to players.")
    description: Text = Field("", description="What it is, in a sentence or two.")
    cost: float = Field(gt=0.0, le=10000.0, description="Total investment needed, US$ billions.")
    domains: dict[Id, Fraction] = Field(
        default_factory=dict,
        description="Technology required per domain (0..1); efficiency and success depend on it.",
    )
    requires: list[Id] = Field(
        default_factory=list, description="Milestones (same bloc) that must be completed first."
    )
    success: Fraction = Field(0.8, description="Base chance of success when attempted.")
    prestige: float = Field(
        10.0, ge=0.0, le=1000.0, description="Prestige shared among the members on success."
    )
    crewed: bool = Field(False, description="A crewed mission (shown with a crew icon).")
    base: bool = Field(False, description="Completing it wins the game: the permanent crewed base.")


class Bloc(Strict):
    """A lunar alliance: its members, terms and programme."""

    id: Id
    name: ShortText = Field(description="Name shown to players.")
    short: Annotated[str, Field(min_length=1, max_length=12)] | None = Field(
        None, description="Short label for tight places (defaults to the id)."
    )
    colour: Colour = Field(description="Colour on the map (pick colour-blind-safe ones).")
    pattern: Literal["solid", "hatch", "dots", "cross", "grid"] = Field(
        "solid", description="Fill pattern, so that colour is never the only cue."
    )
    leader: NationRef = Field(description="The leading nation: answers applications.")
    founders: list[NationRef] = Field(
        default_factory=list, description="Founding nations (for the record; normally members)."
    )
    members: list[NationRef] = Field(
        default_factory=list, description="Members at the start (the leader is always one)."
    )
    charter: Charter = Field(default_factory=Charter, description="What members share and owe.")
    program: list[Milestone] = Field(
        min_length=1, description="The milestone track, in the order shown."
    )
    description: Text = Field("", description="A paragraph shown in the bloc panel.")


class Mission(Strict):
    """A national mission any eligible nation can fund alone."""

    id: Id
    name: ShortText = Field(description="Name shown to players.")
    cost: float = Field(gt=0.0, le=1000.0, description="US$ billions.")
    domains: dict[Id, Fraction] = Field(
        default_factory=dict, description="Technology required per domain (0..1)."
    )
    success: Fraction = Field(0.8, description="Base chance of success.")
    prestige: float = Field(5.0, ge=0.0, le=1000.0, description="Prestige won on success.")
    tech_gain: float = Field(
        0.02, ge=0.0, le=0.5, description="Added to each of its domains on success."
    )
    open_to: NationSet = Field("all", description="Nations that may fund it.")


# --------------------------------------------------------------------------- offers


OfferKind = Literal["invite", "apply", "tech_transfer", "funding", "launch_seat", "payload_slot"]


class Sweeteners(Strict):
    """What the sender adds to make an offer attractive."""

    funds: float = Field(
        0.0,
        ge=0.0,
        le=100.0,
        description="US$ billions per year, paid by the sender for diplomacy.deal_turns turns.",
    )
    tech: Fraction = Field(
        0.0,
        description="Strength (0..1) of a technology-transfer deal: scales research.deal_transfer.",
    )
    seats: int = Field(0, ge=0, le=10, description="Astronaut seats on the sender's missions.")
    payload: int = Field(0, ge=0, le=10, description="Payload slots on the sender's landers.")


class Offer(Strict):
    """A partnership offer open at the start (or added by an event)."""

    id: Id
    kind: OfferKind = Field(description="What is offered.")
    sender: NationRef
    to: NationSet = Field(description="Recipient(s); one offer per recipient is created.")
    bloc: Id | None = Field(None, description="The bloc concerned, for invite/apply.")
    sweeteners: Sweeteners = Field(default_factory=Sweeteners, description="What the sender adds.")
    turns: int = Field(4, ge=1, le=100, description="How many turns the offer stays open.")
    text: Annotated[str, Field(max_length=400)] = Field("", description="The offer in words.")


# --------------------------------------------------------------------------- constraints


class ForbiddenPair(Strict):
    """Two nations that may not be in the same bloc or make deals (e.g. a law)."""

    id: Id
    nations: IdPair = Field(description="The two nation ids.")
    reason: Annotated[str, Field(min_length=1, max_length=400)] = Field(
        description="Why (shown to players)."
    )
    active: bool = Field(True, description="Whether it holds at the start (events can toggle it).")


class Constraints(Strict):
    """Rules that restrict who may work with whom."""

    forbidden_pairs: list[ForbiddenPair] = Field(
        default_factory=list, description="Pairs of nations that may not work together."
    )


# --------------------------------------------------------------------------- events


class _Effect(Strict):
    text: Annotated[str, Field(max_length=400)] = Field(
        "", description="Optional words for the news."
    )


class BudgetEffect(_Effect):
    """Multiply, then add to, the annual budget of nations."""

    type: Literal["budget"] = Field(description="The kind of effect.")
    nations: NationSet
    factor: float = Field(1.0, ge=0.0, le=5.0, description="Multiply the annual budget.")
    delta: float = Field(0.0, ge=-100.0, le=100.0, description="Then add US$ billions.")


class SupportEffect(_Effect):
    """Change domestic support for the space programme."""

    type: Literal["support"] = Field(description="The kind of effect.")
    nations: NationSet
    delta: Signed = Field(description="Added to support (0..1).")


class PrestigeEffect(_Effect):
    """Give or take prestige points."""

    type: Literal["prestige"] = Field(description="The kind of effect.")
    nations: NationSet
    delta: float = Field(ge=-1000.0, le=1000.0, description="Prestige points added.")


class RelationsEffect(_Effect):
    """Change relations between two sets of nations."""

    type: Literal["relations"] = Field(description="The kind of effect.")
    nations: NationSet
    others: NationSet
    delta: Annotated[float, Field(ge=-2.0, le=2.0)] = Field(
        description="Added to relations between each of nations and each of others."
    )


class TechEffect(_Effect):
    """Change technology levels in a domain (or all domains)."""

    type: Literal["tech"] = Field(description="The kind of effect.")
    nations: NationSet
    domain: Id | Literal["all"] = Field(description="A domain id, or 'all'.")
    delta: Signed = Field(description="Added to the level (0..1).")


class ForbidEffect(_Effect):
    """Make a declared forbidden pair hold (forbid_pair) or lapse (allow_pair)."""

    type: Literal["forbid_pair", "allow_pair"] = Field(description="The kind of effect.")
    pair: Id = Field(description="The id of a forbidden pair declared under constraints.")


class CharterEffect(_Effect):
    """Change a bloc's charter terms."""

    type: Literal["charter"] = Field(description="The kind of effect.")
    bloc: Id
    tech_sharing: Fraction | None = Field(None, description="New technology sharing, if given.")
    contribution: Fraction | None = Field(None, description="New contribution, if given.")


class MembershipEffect(_Effect):
    """Block, allow, force or end membership of a bloc."""

    type: Literal["block_membership", "allow_membership", "force_membership", "expel"] = Field(
        description="The kind of effect."
    )
    nations: NationSet
    bloc: Id


class ProgressEffect(_Effect):
    """Advance or set back a bloc's current milestone."""

    type: Literal["progress"] = Field(description="The kind of effect.")
    bloc: Id
    fraction: Signed = Field(
        description="Change the progress of the bloc's open milestones by this share of their cost."
    )


class AddOfferEffect(_Effect):
    """Open a new offer (as if a nation had made it)."""

    type: Literal["add_offer"] = Field(description="The kind of effect.")
    offer: Offer = Field(description="The offer to open.")


class NewsEffect(_Effect):
    """Only a news item."""

    type: Literal["news"] = Field(description="The kind of effect.")
    text: Annotated[str, Field(min_length=1, max_length=400)] = Field(description="The news item.")


Effect = Annotated[
    BudgetEffect
    | SupportEffect
    | PrestigeEffect
    | RelationsEffect
    | TechEffect
    | ForbidEffect
    | CharterEffect
    | MembershipEffect
    | ProgressEffect
    | AddOfferEffect
    | NewsEffect,
    Field(discriminator="type"),
]


class Condition(Strict):
    """A condition on the state; all given fields must hold."""

    kind: Literal[CONDITION_KINDS] = Field(description="What must hold.")  # type: ignore[valid-type]
    bloc: Id | None = Field(None, description="Bloc id, for bloc-related kinds.")
    milestone: Id | None = Field(None, description="Milestone id, for milestone kinds.")
    nation: NationRef | None = Field(None, description="Nation id, for nation kinds.")
    value: float = Field(0.0, ge=0.0, le=10000.0, description="Threshold, where one is needed.")


class ScriptedEvent(Strict):
    """An event that fires on a date, or when a condition first holds (or both)."""

    id: Id
    title: ShortText = Field(description="Headline shown to players.")
    text: Text = Field("", description="The news item shown to players.")
    date: YearMonth | None = Field(None, description="Fires on the turn that contains this date.")
    condition: Condition | None = Field(None, description="Fires when this first holds.")
    probability: Fraction = Field(1.0, description="Chance it fires when triggered.")
    effects: list[Effect] = Field(default_factory=list, description="What it does, in order.")
    source: Annotated[str, Field(max_length=400)] = Field(
        "", description="Where the fact comes from."
    )

    @model_validator(mode="after")
    def _has_trigger(self) -> ScriptedEvent:
        if self.date is None and self.condition is None:
            raise ValueError("a scripted event needs a 'date' or a 'condition' (or both)")
        return self


class RandomEvent(Strict):
    """An entry in the random event table: each turn, each eligible nation draws it."""

    id: Id
    title: ShortText = Field(description="Headline shown to players.")
    text: Text = Field("", description="The news item shown to players.")
    probability: Annotated[float, Field(ge=0.0, le=0.5)] = Field(
        description="Chance per eligible nation per turn."
    )
    nations: NationSet = "all"
    min_budget: float = Field(0.0, ge=0.0, description="Only nations with at least this budget.")
    effects: list[Effect] = Field(
        default_factory=list,
        description="Effects; nations: 'all' here means the nation that drew the event.",
    )


class Events(Strict):
    """Scripted events and the random event table."""

    scripted: list[ScriptedEvent] = Field(
        default_factory=list, description="Events on a date or a condition."
    )
    random: list[RandomEvent] = Field(default_factory=list, description="The random event table.")


# --------------------------------------------------------------------------- constants


class IncomeRules(Strict):
    """How budgets grow."""

    support_elasticity: float = Field(
        0.3,
        ge=0.0,
        le=2.0,
        description="Budget growth added per year per point of support above 0.5 (taken below).",
    )
    reserve_interest: float = Field(0.0, ge=0.0, le=0.2, description="Yearly interest on reserves.")
    crisis_cover: Fraction = Field(
        1.0,
        description="Share of the price of annulling an event's budget cut that the nation's "
        "reserve may pay (0: reserves never meet a crisis).",
    )
    crisis_years: float = Field(
        1.0,
        ge=0.0,
        le=20.0,
        description="Years of a budget cut (US$ B a year) the reserve pays to annul the whole "
        "cut; a smaller payment annuls the same share of it.",
    )


class DiplomacyRules(Strict):
    """How nations weigh offers and relations (the acceptance utility)."""

    affinity_weight: float = Field(
        1.0, ge=0.0, le=10.0, description="Weight of relations with members (budget-weighted)."
    )
    material_weight: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="Weight of all that is gained: technology, funds, seats, prestige share.",
    )
    landscape_size_exponent: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="A nation's weight in the affinity landscape: budget ** this (concave).",
    )
    opposition_weight: float = Field(
        1.0,
        ge=0.0,
        le=5.0,
        description="Weight of relations with the members of the blocs one would stand "
        "opposite (landscape theory); 0 counts only the bloc one joins.",
    )
    momentum_weight: float = Field(
        0.5, ge=0.0, le=10.0, description="Weight of the bloc's lead (times bandwagon)."
    )
    cost_weight: float = Field(
        1.0, ge=0.0, le=10.0, description="Weight of the charter contribution owed when joining."
    )
    sovereignty_weight: float = Field(
        0.4,
        ge=0.0,
        le=10.0,
        description="Weight of lost freedom (times sovereignty; a quarter of it for deals).",
    )
    switching_cost: float = Field(
        0.5,
        ge=0.0,
        le=10.0,
        description="Cost of a second membership, times the new charter's binding (joining "
        "never leaves a bloc).",
    )
    leave_penalty: float = Field(
        0.2, ge=0.0, le=2.0, description="Relations lost with each partner when leaving a bloc."
    )
    accept_threshold: float = Field(
        0.0, ge=-5.0, le=5.0, description="Utility above which an offer is accepted."
    )
    noise: float = Field(
        0.15,
        ge=0.0,
        le=2.0,
        description="Standard deviation of the random taste term in acceptance.",
    )
    max_offers_per_nation: int = Field(
        3, ge=0, le=20, description="New offers a nation may send per turn."
    )
    deal_turns: int = Field(
        6, ge=1, le=100, description="Turns a funding or technology deal holds once accepted."
    )
    tech_value: float = Field(
        1.2, ge=0.0, le=10.0, description="Utility per unit of mean technology gained."
    )
    funds_value: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="Utility of funds as large as one's own budget (ratios count up to 2).",
    )
    seat_value: float = Field(
        0.08, ge=0.0, le=5.0, description="Utility of one astronaut seat or payload slot offered."
    )
    prestige_value: float = Field(
        0.6,
        ge=0.0,
        le=10.0,
        description="Utility of the whole of a programme's prestige (times share, ambition).",
    )
    coordination_value: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="A leader's dislike of the coordination cost of admitting one more member.",
    )
    diplomacy_effect: float = Field(
        0.2,
        ge=0.0,
        le=5.0,
        description="Relations gained per US$ billion of diplomacy, spread over all others.",
    )
    diplomacy_focus: float = Field(
        4.0,
        ge=0.0,
        le=100.0,
        description="Extra weight of diplomacy on each nation one has an open offer with.",
    )
    alignment_scale: float = Field(
        1.0,
        ge=0.0,
        le=5.0,
        description="Starting relation = 1 - alignment_scale * distance between alignments.",
    )
    max_seats: int = Field(
        3, ge=0, le=10, description="Most astronaut seats one offer may carry (engine and screen)."
    )
    max_payload: int = Field(
        3, ge=0, le=10, description="Most payload slots one offer may carry (engine and screen)."
    )
    max_tech_transfer: Fraction = Field(
        0.5, description="Strongest technology transfer one offer may carry."
    )
    max_funds_share: Fraction = Field(
        0.5, description="Most yearly funds one offer may carry, as a share of the sender's budget."
    )
    max_deal_payments: Fraction = Field(
        0.5,
        description=(
            "Most a nation's funding deals take of its income in all; beyond it every payment "
            "it owes shrinks in proportion."
        ),
    )
    seat_price: float = Field(
        0.3,
        ge=0.0,
        le=100.0,
        description="US$ billions the sender pays, from its reserve, per astronaut seat given.",
    )
    payload_price: float = Field(
        0.05,
        ge=0.0,
        le=100.0,
        description="US$ billions the sender pays, from its reserve, per payload slot given.",
    )
    tech_price: float = Field(
        1.0,
        ge=0.0,
        le=100.0,
        description="US$ billions the sender pays, from its reserve, per unit of transfer strength.",
    )


class ResearchRules(Strict):
    """How technology grows, spreads and decays."""

    efficiency: float = Field(
        0.05,
        ge=0.0,
        le=5.0,
        description="Technology gained per year per sqrt(US$ billion a year) spent in a domain.",
    )
    diminishing: float = Field(
        2.0,
        ge=0.0,
        le=20.0,
        description="Exponent on (1 - level): how fast gains shrink as a level nears 1.",
    )
    deal_transfer: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description="Gap closed per year by a full-strength technology-transfer deal.",
    )
    decay: float = Field(
        0.0,
        ge=0.0,
        le=0.2,
        description="Share of a domain's level lost per year when nothing is spent on it.",
    )
    absorptive_share: Fraction = Field(
        0.15,
        description="Share of its money a bloc member spends on research to take in all of "
        "its bloc's spill-over (tech_sharing); less takes in proportionally less, none takes "
        "in nothing (absorptive capacity). 0: spill-over needs no research.",
    )


class ProgramRules(Strict):
    """How bloc programmes and national missions turn money and technology into milestones."""

    coordination_cost: float = Field(
        0.04,
        ge=0.0,
        le=1.0,
        description="Efficiency lost per effective partner beyond one; partners = "
        "(sum of sqrt(each member's share of this turn's pool))^2, so small payers count less.",
    )
    min_efficiency: float = Field(
        0.2, ge=0.0, le=1.0, description="Floor of the efficiency of programmes and missions."
    )
    tech_success_weight: float = Field(
        1.5, ge=0.0, le=10.0, description="How much a technology shortfall lowers success."
    )
    min_success: Fraction = Field(0.05, description="Floor of any success chance.")
    max_success: Fraction = Field(0.97, description="Cap on any success chance.")
    failure_progress_loss: Fraction = Field(
        0.4, description="Share of a milestone's progress lost on a failed attempt."
    )
    failure_prestige_loss: float = Field(
        3.0,
        ge=0.0,
        le=100.0,
        description="Prestige lost on a failed attempt, shared among members like prestige won.",
    )
    research_synergy: float = Field(
        1.5,
        ge=0.0,
        le=10.0,
        description="Efficiency lift from members' research: x (1 + this x R / (R + pool)), "
        "R the members' research spending beside the pool this turn.",
    )
    diplomacy_relief: Fraction = Field(
        0.6,
        description="Coordination cost lifted by members' diplomacy: x (1 - this x D / "
        "(D + need)), D the members' diplomacy spending this turn, need its "
        "diplomacy_need for the bloc's partners.",
    )
    diplomacy_need: float = Field(
        0.05,
        ge=0.0,
        le=100.0,
        description="US$ B a year of diplomacy per partner beyond the first that lifts half "
        "of diplomacy_relief: need = this x (effective partners - 1) x turn length.",
    )
    in_kind_credit: float = Field(
        1.0,
        ge=0.0,
        le=10.0,
        description="Share of the in-kind value of a member's research and diplomacy counted "
        "as its contribution: the programme money the bloc would have needed without them "
        "to make the progress they bought.",
    )
    reserve_cover: Fraction = Field(
        1.0,
        description="Share of a failed attempt's lost progress that reserves may make good "
        "(members' reserves for a milestone, one's own for a national mission).",
    )
    min_years: float = Field(
        2.0,
        gt=0.0,
        le=50.0,
        description="Fewest years any milestone takes however much money it gets: a turn's "
        "progress is at most cost x turn length / min_years, and money has diminishing "
        "returns on the way (progress = x - x^2 / 4A for effective money x, A that capacity).",
    )
    prework: Fraction = Field(
        0.5,
        description="Share of its cost a milestone may be prepared before it opens, once every "
        "milestone it requires is open or done (it is attempted only once open).",
    )
    participation_share: Fraction = Field(
        0.3,
        description="Part of a milestone's prestige split equally among members (the rest by "
        "contribution).",
    )
    mission_progress_loss: Fraction = Field(
        0.5, description="Share of a national mission's progress lost on a failed attempt."
    )

    @model_validator(mode="after")
    def _success_range(self) -> ProgramRules:
        if self.min_success > self.max_success:
            raise ValueError("min_success must not be above max_success")
        return self


class DriftRules(Strict):
    """How relations, support and held seats change from turn to turn."""

    partner_warming: float = Field(
        0.03, ge=0.0, le=1.0, description="Relations gained per turn between bloc partners."
    )
    rival_cooling: float = Field(
        0.01, ge=0.0, le=1.0, description="Relations lost per turn between rival bloc members."
    )
    reversion: float = Field(
        0.02,
        ge=0.0,
        le=1.0,
        description="Share of the way relations move back toward their starting values per turn.",
    )
    prestige_support: float = Field(
        0.004,
        ge=0.0,
        le=1.0,
        description="Support gained per prestige point won this turn (lost per point lost).",
    )
    support_reversion: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Share of the way support moves back toward its start value per turn.",
    )
    seat_prestige: float = Field(
        0.5, ge=0.0, le=10.0, description="Prestige per year per astronaut seat held."
    )
    payload_prestige: float = Field(
        0.25, ge=0.0, le=10.0, description="Prestige per year per payload slot held."
    )


class ScoringRules(Strict):
    """How each nation's final score is counted."""

    prestige: float = Field(1.0, ge=0.0, le=100.0, description="Points per prestige point.")
    contribution: float = Field(
        50.0,
        ge=0.0,
        le=1000.0,
        description="Points for all of one's bloc's contributions, times its programme done.",
    )
    tech: float = Field(20.0, ge=0.0, le=1000.0, description="Points per unit of mean technology.")
    objectives: float = Field(1.0, ge=0.0, le=100.0, description="Multiplier on objective points.")
    winner_bonus: float = Field(
        25.0, ge=0.0, le=1000.0, description="Points to each member of the winning bloc."
    )


class Constants(Strict):
    """Every tunable number of the rules, with its default (docs/rules.md shows each at work)."""

    income: IncomeRules = Field(default_factory=IncomeRules, description="How budgets grow.")
    diplomacy: DiplomacyRules = Field(
        default_factory=DiplomacyRules, description="How offers are weighed, relations made."
    )
    research: ResearchRules = Field(
        default_factory=ResearchRules, description="How technology grows."
    )
    programs: ProgramRules = Field(
        default_factory=ProgramRules, description="How programmes and missions progress."
    )
    drift: DriftRules = Field(
        default_factory=DriftRules, description="How relations, support and prestige drift."
    )
    scoring: ScoringRules = Field(
        default_factory=ScoringRules, description="How scores are counted."
    )


class Victory(Strict):
    """How the game ends."""

    base_completes: bool = Field(
        True, description="A bloc wins at once by completing its 'base' milestone."
    )
    bloc_score: Literal["progress", "prestige"] = Field(
        "progress",
        description="At the end date, rank blocs by share of programme done, or by prestige.",
    )


# --------------------------------------------------------------------------- the scenario


class Scenario(Strict):
    """A whole scenario file (after ``extends`` has been resolved)."""

    format: Literal[1] = Field(FORMAT_VERSION, description="Format version of this file.")
    meta: Meta = Field(description="What the scenario is and its calendar.")
    domains: list[Id] = Field(
        default_factory=lambda: ["launch", "landing", "life_support", "isru", "robotics"],
        min_length=1,
        max_length=12,
        description="Technology domains.",
    )
    constants: Constants = Field(
        default_factory=Constants,
        description="Tunable numbers of the rules; every one has a default.",
    )
    nations: list[Nation] = Field(
        min_length=2, max_length=250, description="The nations; at least two."
    )
    relations: list[Relation] = Field(
        default_factory=list,
        description="Explicit relations between pairs, overriding those derived from alignment.",
    )
    blocs: list[Bloc] = Field(
        min_length=1,
        max_length=8,
        description="The lunar alliances and their programmes; at least one.",
    )
    missions: list[Mission] = Field(
        default_factory=list,
        max_length=64,
        description="National missions any eligible nation can fund alone.",
    )
    offers: list[Offer] = Field(
        default_factory=list, max_length=500, description="Partnership offers open at the start."
    )
    constraints: Constraints = Field(
        default_factory=Constraints, description="Forbidden pairs and other restrictions."
    )
    events: Events = Field(
        default_factory=Events, description="Scripted events and the random event table."
    )
    victory: Victory = Field(
        default_factory=Victory, description="How the game ends and blocs are ranked."
    )


class ScenarioFile(Scenario):
    """A scenario as written on disk: may name a parent it ``extends``."""

    extends: Annotated[str, Field(max_length=200)] | None = Field(
        None,
        description="Path (relative to this file) of a scenario this one modifies: mappings "
        "merge key by key, lists of objects with ids merge by id and relations by their "
        "'between' pair (an item with 'remove: true' deletes the parent's item), other lists "
        "replace. The parent must be in this file's folder (or below) or be a shipped scenario "
        "named by its file name.",
    )
