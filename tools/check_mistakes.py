"""A designer's deliberate mistakes: how many does ``lunar-blocs check`` report?

Each mistake is a small variant of the shipped ``ilrs-2021.yaml`` (``extends:`` it and change
one thing). A mistake counts as reported when ``check`` finds more problems in the variant
than in the scenario it extends; the ones it passes silently are listed by name.

Usage: ``python tools/check_mistakes.py [-v]`` (prints each verdict with ``-v``); exit 0 when
every mistake is reported, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.paths import SCENARIOS  # noqa: E402
from game.scenario.loader import load  # noqa: E402

BASE = "ilrs-2021.yaml"


def _offer(**fields: str) -> str:
    body = {"id": "extra", "kind": "invite", "sender": "CHN", "to": "[IND]", "bloc": "ilrs"}
    body.update(fields)
    inner = ", ".join(f"{k}: {v}" for k, v in body.items() if v != "")
    return f"offers:\n  - {{{inner}}}\n"


def _event(effect: str, condition: str = "", date: str = "2023-01") -> str:
    when = f"condition: {condition}" if condition else f"date: {date}"
    return (
        "events:\n  scripted:\n"
        f"    - {{id: extra-event, title: An extra event, {when}, effects: [{effect}]}}\n"
    )


def _objective(objective: str, nation: str = "IND") -> str:
    return f"nations:\n  - id: {nation}\n    objectives: [{{{objective}, text: An aim.}}]\n"


#: (what the designer did wrong, the variant's text after ``extends:``)
MISTAKES: list[tuple[str, str]] = [
    # --- the twelve that passed silently before check asked the law
    ("invitation sent by a nation outside the bloc", _offer(sender="IND", to="[PAK]")),
    ("invitation to a nation already in the bloc", _offer(to="[RUS]")),
    ("invitation to a forbidden partner of the sender", _offer(to="[USA]")),
    ("invitation to a forbidden partner of a member", _offer(sender="RUS", to="[USA]")),
    (
        "add_offer event from a non-member",
        _event(
            "{type: add_offer, offer: {id: x, kind: invite, sender: IND, to: [PAK], bloc: ilrs}}"
        ),
    ),
    (
        "add_offer event inviting a member",
        _event(
            "{type: add_offer, offer: {id: x, kind: invite, sender: CHN, to: [RUS], bloc: ilrs}}"
        ),
    ),
    ("an offer of nothing", _offer(kind="funding", bloc="", to="[IND]")),
    ("objective on the wrong scale", _objective("kind: tech_at_least, domain: launch, value: 75")),
    (
        "objective impossible under a forbidden pair",
        _objective("kind: in_bloc, bloc: ilrs", nation="USA"),
    ),
    (
        "condition that can never hold",
        _event("{type: news, text: Never.}", "{kind: support_below, nation: IND, value: 0}"),
    ),
    (
        "condition bigger than the world",
        _event("{type: news, text: Never.}", "{kind: bloc_size_at_least, bloc: ilrs, value: 99}"),
    ),
    (
        "bloc whose founders miss its entry.min_tech",
        "blocs:\n  - {id: ilrs, charter: {entry: {min_tech: 0.95}}}\n",
    ),
    (
        "application sent to a member, not the leader",
        _offer(kind="apply", sender="IND", to="[RUS]"),
    ),
    ("ISO code the map does not know", "nations:\n  - {id: IND, iso3: INN}\n"),
    # --- mistakes the earlier passes already caught (kept so the count covers them too)
    ("unknown nation in a bloc", "blocs:\n  - {id: ilrs, members: [CHN, RUS, RUSS]}\n"),
    ("leader outside its bloc", "blocs:\n  - {id: ilrs, leader: PAK}\n"),
    ("nation in two blocs", "blocs:\n  - {id: ilrs, members: [CHN, RUS, JPN]}\n"),
    (
        "forbidden pair in one bloc",
        "blocs:\n  - {id: ilrs, members: [CHN, RUS, PAK]}\nconstraints:\n  forbidden_pairs:\n"
        "    - {id: feud, nations: [CHN, PAK], reason: A feud.}\n",
    ),
    ("unknown offer bloc", _offer(bloc="ilrss")),
    ("invitation without a bloc", _offer(bloc="")),
    ("offer to oneself", _offer(to="[CHN, IND]")),
    ("unknown objective bloc", _objective("kind: in_bloc, bloc: artmis")),
    ("objective without its domain", _objective("kind: milestone_done")),
    ("event dated after the end", _event("{type: news, text: Late.}", date="2099-01")),
    ("event effect on an unknown nation", _event("{type: budget, nations: [USAA], factor: 2}")),
    ("support out of range", "nations:\n  - {id: IND, support: 1.5}\n"),
    ("negative budget", "nations:\n  - {id: IND, budget: -2}\n"),
    ("end before the start", "meta:\n  end: 2020-01\n"),
    ("unknown key", "nations:\n  - {id: IND, budjet: 2}\n"),
    (
        "a requirement on another bloc's milestone",
        "blocs:\n  - id: ilrs\n    program:\n      - {id: ilrs-ce7, requires: [art-i]}\n",
    ),
    ("unknown technology domain", "nations:\n  - {id: IND, tech: {lanch: 0.5}}\n"),
]


def count(verbose: bool = False) -> tuple[int, list[str]]:
    """(how many mistakes check reports, the names of those it passes silently)."""
    base = len(load(SCENARIOS / BASE).problems)
    silent = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, text) in enumerate(MISTAKES):
            path = Path(tmp) / f"mistake-{i:02d}.yaml"
            path.write_text(f"extends: {BASE}\n{text}", encoding="utf-8")
            problems = load(path).problems
            reported = len(problems) > base
            if verbose:
                first = str(problems[0]) if reported else "(nothing)"
                print(f"{'reported' if reported else 'SILENT  '}  {name}: {first}")
            if not reported:
                silent.append(name)
    return len(MISTAKES) - len(silent), silent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every verdict")
    args = parser.parse_args(argv)
    found, silent = count(args.verbose)
    print(f"{found} of {len(MISTAKES)} deliberate mistakes reported by check")
    for name in silent:
        print(f"  silent: {name}")
    return 0 if not silent else 1


if __name__ == "__main__":
    sys.exit(main())
