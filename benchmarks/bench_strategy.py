"""The strategy lab over paired worlds: the figures of issue 9 (run by hand).

    PYTHONPATH=. python benchmarks/bench_strategy.py [--worlds 1000] [--workers 2]
        [--policies computer,steady,tilt-research,...] [--no-ladder] [--no-seats]
        [--only ilrs-2021.yaml] [--windows 1-4,5-10,11-] [--categories research,...]
        [--no-windows] [--no-policies] [--level hard]

For the default scenario and the three classroom ones, from all-computer worlds at normal:
each bloc's win share (the balance), how often and when the base is built, how well the
turn-3 leader predicts the winner, first-year joins, leaves per game and each bloc's mean
size at the end of each year 2021-2025. Then, for a great power, a mid power and a small swing
state of the default scenario (and Europe in the classroom one): every policy's mean score
and paired difference against the computer's own play, flagged beyond 2 standard errors (the
``tilt-*`` rows are each budget category's marginal value), the timing tricks against the
``steady`` policy, the spread against seed noise, and the difficulty ladder (the seat played
by ``computer`` at normal, the others at easy / normal / hard). Last, each budget category's
marginal value at each point of the game: ``tilt-CATEGORY`` / ``cut-CATEGORY`` all game and
``@A-B`` on each of ``--windows``, against the computer's play of the seat.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from game.scenario.compile import compile_scenario
from game.scenario.loader import load_scenario
from game.sim.lab import compare, play_lab, seat_summary
from game.sim.policies import POLICIES

SEATS = (
    ("scenarios/ilrs-2021.yaml", ("USA", "IND", "NGA")),
    ("scenarios/classroom.yaml", ("EUR",)),
    ("scenarios/classroom-50min.yaml", ()),
    ("scenarios/classroom-90min.yaml", ()),
)
#: Policies that try a timing or membership trick: none may beat steady play by 2 SE.
EXPLOITS = ("join-first-open", "churn", "charter-minimum", "hedger")


def seat_study(
    compiled, nation: str, workers: int, policies, ladder: bool, level: str = "normal"
) -> None:
    """Every policy for ``nation``'s seat, the others computer played at ``level``."""
    seat = compiled.catalog.nation(nation)
    rules = compiled.rules
    runs = {p: play_lab(compiled, seat, p, level, workers=workers) for p in policies}
    base = runs["computer"]
    noise = seat_summary(base, rules)["score"]["sd"]
    print(f"\n{nation}, others at {level}: policy  score (se)  win%  paired diff vs computer (se)")
    means = {}
    for p, r in runs.items():
        s = seat_summary(r, rules)
        d = compare(r, base)
        means[p] = s["score"]["mean"]
        # a tilt worth more than 2 SE is a lever; an exploit gaining more than 2 SE is a leak
        flag = ""
        if p != "computer" and abs(d["mean"]) > 2 * d["se"]:
            flag = "  > 2 SE" if d["mean"] > 0 else "  < -2 SE"
            if p in EXPLOITS and d["mean"] > 0:
                flag += " (exploit pays)"
        print(
            f"  {p:<16}{s['score']['mean']:7.1f} ({s['score']['se']:.2f}) "
            f"{100 * s['win_rate']['share']:5.1f}   {d['mean']:+7.2f} ({d['se']:.2f}){flag}"
        )
    if "steady" in runs:
        for p in EXPLOITS:
            if p in runs:
                d = compare(runs[p], runs["steady"])
                verdict = "exploit pays" if d["mean"] > 2 * d["se"] else "no gain beyond 2 SE"
                print(f"  {p} vs steady: {d['mean']:+.2f} ({d['se']:.2f}) {verdict}")
    best, worst = max(means, key=means.get), min(means, key=means.get)
    print(
        f"  spread best ({best}) - worst ({worst}) = {means[best] - means[worst]:.1f} points; "
        f"seed noise (sd of the computer's score) {noise:.1f}"
    )
    if not ladder:
        return
    ladder_study(compiled, seat, workers)


def ladder_study(compiled, seat: int, workers: int) -> None:
    """The difficulty ladder and the seat's own play at each level, over the same worlds.

    Ladder: the seat played by ``computer`` at normal, the others at easy / normal / hard
    (issue 9: its bloc's win rate must fall by 10 points or more from easy to hard, and its
    score must not rise). Own play: the seat at each level, the others at normal (hard must
    score at least as much as normal and easy).
    """
    rules = compiled.rules
    print("  difficulty ladder (seat: computer at normal)")
    ladder = {}
    for level in ("easy", "normal", "hard"):
        r = ladder[level] = play_lab(compiled, seat, "computer", level, "normal", workers=workers)
        s = seat_summary(r, rules)
        print(
            f"    others {level:<7} score {s['score']['mean']:6.1f} ({s['score']['se']:.2f})"
            f"  bloc win {100 * s['win_rate']['share']:5.1f}%"
        )
    print("    " + _paired("hard - easy", ladder["hard"], ladder["easy"]))
    print("  the seat's own play at each level (others at normal)")
    own = {"normal": ladder["normal"]}
    for level in ("easy", "hard"):
        own[level] = play_lab(compiled, seat, "computer", "normal", level, workers=workers)
    for level in ("easy", "normal", "hard"):
        s = seat_summary(own[level], rules)
        print(f"    seat {level:<7} score {s['score']['mean']:6.1f} ({s['score']['se']:.2f})")
    for level in ("easy", "normal"):
        print("    " + _paired(f"hard - {level}", own["hard"], own[level]))


def _paired(label: str, a, b) -> str:
    """Paired differences of the seat's score and its bloc's win over the same worlds."""
    d = compare(a, b)
    won = a.seat_won.astype(float) - b.seat_won.astype(float)
    se = won.std(ddof=1) / np.sqrt(won.size) if won.size > 1 else 0.0
    return (
        f"{label}: score {d['mean']:+.2f} ({d['se']:.2f}), "
        f"bloc win {100 * won.mean():+.1f} ({100 * se:.1f}) points"
    )


#: The budget categories whose marginal value the window study measures.
CATEGORIES = ("bloc", "missions", "research", "diplomacy", "reserve")


def window_study(compiled, nation: str, workers: int, windows, categories, best: dict) -> None:
    """Each category's marginal value held all game and on each window of turns: the paired
    difference against the computer's own play of the seat of ``tilt-CATEGORY@WINDOW`` (20%
    of the budget moved in: worth more there than where it came from, if it gains) and of
    ``cut-CATEGORY@WINDOW`` (moved out: worth more where it was, if it loses). ``best``
    (category -> (worth, se, where)) keeps each category's best showing, the worth being the
    tilt's gain or the cut's loss."""
    seat = compiled.catalog.nation(nation)
    base = play_lab(compiled, seat, "computer", workers=workers)
    spans = ["all", *windows]
    print(f"\n{nation}: 20% of the budget moved into (tilt) or out of (cut) a category")
    print("  paired difference against the computer's play (se); +/-: beyond 2 SE")
    head = "".join(f"{'turns ' + w if w != 'all' else 'all game':>19}" for w in spans)
    print(f"  {'':<16}{head}")
    for cat in categories:
        for way, sign in (("tilt", 1.0), ("cut", -1.0)):
            cells = []
            for w in spans:
                name = f"{way}-{cat}" if w == "all" else f"{way}-{cat}@{w}"
                d = compare(play_lab(compiled, seat, name, workers=workers), base)
                mark = "+" if d["mean"] > 2 * d["se"] else "-" if d["mean"] < -2 * d["se"] else " "
                cells.append(f"{d['mean']:+8.2f} ({d['se']:5.2f}){mark}")
                worth = sign * d["mean"]
                z = worth / max(d["se"], 1e-12)
                if cat not in best or z > best[cat][0] / max(best[cat][1], 1e-12):
                    best[cat] = (worth, d["se"], f"{nation} {way} {w}")
            print(f"  {way + '-' + cat:<16}" + "".join(f"{c:>19}" for c in cells))


def world_study(compiled, workers: int) -> None:
    cat, rules = compiled.catalog, compiled.rules
    r = play_lab(compiled, -1, "computer", workers=workers)
    w = len(r.world)
    wins = [(r.winner == k).mean() for k in range(rules.n_blocs)]
    print(f"\nall-computer worlds at normal ({w}):")
    print(
        "  win share: "
        + ", ".join(f"{b} {100 * x:.1f}%" for b, x in zip(cat.bloc_ids, wins, strict=True))
    )
    print(f"  base built in {100 * r.base_built.mean():.1f}% of worlds")
    built = r.end_turn[r.base_built]
    if built.size:
        print(f"  base built, median date {cat.date(int(np.median(built)))}")
    print(f"  turn-{3} bloc-score leader wins {100 * (r.leading_at == r.winner).mean():.1f}%")
    joiners = r.first_join >= 0
    first_year = (
        np.array(
            [
                (int(cat.date(int(t))[:4]) * 12 + int(cat.date(int(t))[5:]))
                - (int(cat.date(0)[:4]) * 12 + int(cat.date(0)[5:]))
                <= 12
                for t in range(r.size.shape[1])
            ]
        )[np.maximum(r.first_join, 0)]
        & joiners
    )
    print(
        f"  eventual joiners per world {joiners.sum(axis=1).mean():.1f}; in the first year "
        f"{first_year.sum(axis=1).mean():.1f} ({100 * first_year.sum() / max(joiners.sum(), 1):.0f}%)"
    )
    print(f"  leaves per game {r.leaves.mean():.2f}")
    dates = [cat.date(t) for t in range(r.size.shape[1])]
    for y in range(2021, 2026):
        t = max((i for i, d in enumerate(dates) if d <= f"{y}-12"), default=None)
        if t is None:
            continue
        sizes = ", ".join(f"{b} {r.size[:, t, k].mean():.1f}" for k, b in enumerate(cat.bloc_ids))
        print(f"  end of {y} (state of {dates[t]}): {sizes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worlds", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--policies", default="", help="comma-separated (default: all)")
    parser.add_argument("--no-ladder", action="store_true", help="skip the difficulty ladder")
    parser.add_argument("--no-seats", action="store_true", help="only the all-computer worlds")
    parser.add_argument("--only", default="", help="only this scenario file (a path ending)")
    parser.add_argument(
        "--windows",
        default="1-4,5-10,11-",
        help="turn windows of the marginal-value study, tilt-CATEGORY@A-B (default: %(default)s)",
    )
    parser.add_argument("--no-windows", action="store_true", help="skip the window study")
    parser.add_argument(
        "--categories",
        default=",".join(CATEGORIES),
        help="categories of the window study (default: %(default)s)",
    )
    parser.add_argument("--no-policies", action="store_true", help="skip the policy table")
    parser.add_argument(
        "--level",
        default="normal",
        choices=("easy", "normal", "hard"),
        help="the other seats' level in the policy table (default: %(default)s)",
    )
    args = parser.parse_args()
    policies = [p for p in args.policies.split(",") if p] or list(POLICIES)
    if "computer" not in policies:
        policies.insert(0, "computer")
    for path, nations in SEATS:
        if args.only and not path.endswith(args.only):
            continue
        t0 = time.perf_counter()
        compiled = compile_scenario(load_scenario(path), worlds=args.worlds)
        print(f"== {path}, {args.worlds} paired worlds")
        world_study(compiled, args.workers)
        best: dict = {}
        for nation in () if args.no_seats else nations:
            if not args.no_policies:
                seat_study(compiled, nation, args.workers, policies, not args.no_ladder, args.level)
            if not args.no_windows:
                windows = [w for w in args.windows.split(",") if w]
                cats = [c for c in args.categories.split(",") if c]
                window_study(compiled, nation, args.workers, windows, cats, best)
        if best:
            print("\neach category's best showing (tilt's gain or cut's loss > 2 SE somewhere?)")
            for cat, (mean, se, where) in best.items():
                verdict = "yes" if mean > 2 * se else "NO"
                print(f"  {cat:<11}{mean:+8.2f} ({se:.2f}) at {where}: {verdict}")
        print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
