"""Phase 6, national missions: a nation funds one mission of its own at a time.

Spec card:
    Reads: scratch ``t.mission`` (chosen mission or -1) and ``t.spent``; tech,
        mission_progress, mission_done; Rules mission tables.
    Writes: mission_progress, mission_done, prestige, tech, reserve (refunds, losses made
        good); events mission_success (value: prestige) / mission_failure (value: the
        progress lost, US$ B, after the reserve made good its part).
    Place: after lunar programmes, before events.
    Formula: progress += missions spending * efficiency, efficiency = max(min_efficiency,
        fit of the nation's own technology to the mission's requirements) (no coordination
        cost: it works alone). Money beyond the cost is refunded to the reserve. A mission
        whose progress reaches its cost is attempted at once with chance
        clamp(success - tech_success_weight * shortfall, min_success, max_success).
        Success: done, the mission's prestige, and tech_gain added to each of its domains.
        Failure: mission_progress_loss of the progress is lost, less what the nation's own
            reserve makes good (``law.absorbed``).
"""

from __future__ import annotations

import numpy as np

from game.engine import law, rng
from game.engine import state as st
from game.engine.phases.programs import fit_and_shortfall
from game.engine.state import EV
from game.engine.turn import Turn


def run(t: Turn) -> None:
    r, c = t.rules, t.c
    chosen = t.mission >= 0
    if r.n_missions == 0 or not chosen.any():
        return
    q = np.maximum(t.mission, 0).astype(np.intp)  # (W, N)
    cells = (np.arange(t.w)[:, None], np.arange(r.n_nations), q)  # (W, N) of (W, N, Q)
    money = np.where(chosen, t.spent[:, :, st.CAT_MISSIONS], 0.0)
    req = r.mis_req[q]  # (W, N, D)
    fit, short = fit_and_shortfall(t.tech, req)
    eff = law.efficiency(fit, 1.0, c)  # no coordination: it works alone
    cost = r.mis_cost[q]
    mp = t.own("mission_progress")
    current = mp[cells]
    reached = current + money * eff
    prog = np.minimum(reached, cost)
    full = chosen & law.mission_ready(prog, cost)
    back = np.where(chosen, np.maximum(reached - cost, 0.0) / eff, 0.0)
    t.reserve = t.reserve + back
    book = t.ledger
    if book is not None:
        for m in np.unique(q[chosen]).tolist():
            book.add("reserve", "mission_refund", m, np.where(t.mission == m, back, 0.0))
    if full.any():
        wi, ni = np.nonzero(full)
        qq = q[wi, ni]
        chance = law.success_chance(r.mis_success[qq], short[wi, ni], c)
        draw = rng.uniform(t.seed, t.world[wi], t.turn, rng.PHASE_MISSIONS, ni)
        won = draw < chance
        lost = ~won
        wl, nl = wi[lost], ni[lost]
        loss = prog[wl, nl] * c.mission_progress_loss
        if len(wl):
            # the nation's own reserve makes good what it can of the lost progress
            money = np.zeros((t.w, r.n_nations))
            money[wl, nl] = loss / eff[wl, nl]
            own = np.where(money > 0, t.reserve, 0.0)
            bill = np.zeros_like(own)
            for j in np.unique(nl).tolist():  # one payer per column: nations one at a time
                bill[:, j] = law.absorbed(money[:, j], own[:, j : j + 1], c)[:, 0]
            t.reserve = t.reserve - bill
            loss = np.maximum(loss - bill[wl, nl] * eff[wl, nl], 0.0)
            if book is not None:
                for m in np.unique(qq[lost]).tolist():
                    book.add("reserve", "mission_absorbed", m, np.where(t.mission == m, -bill, 0.0))
        prog[wl, nl] -= loss
        ws, ns, qs = wi[won], ni[won], qq[won]
        t.own("mission_done")[ws, ns, qs] = True
        prestige = t.own("prestige")
        prestige[ws, ns] += r.mis_prestige[qs]
        tech = t.own("tech")
        old = tech[ws, ns]
        tech[ws, ns] = np.clip(old + (r.mis_req[qs] > 0) * r.mis_tech_gain[qs][:, None], 0.0, 1.0)
        if book is not None:
            for m in np.unique(qs).tolist():
                one = qs == m
                gain = np.zeros((t.w, r.n_nations))
                gain[ws[one], ns[one]] = r.mis_prestige[m]
                book.add("prestige", "mission", m, gain)
                step = np.zeros(t.tech.shape)
                step[ws[one], ns[one]] = tech[ws[one], ns[one]] - old[one]
                book.add("tech", "mission", m, step)
        t.log.add_rows(EV["mission_success"], ws, nation=ns, item=qs, value=r.mis_prestige[qs])
        # a failure records the progress it lost (after the reserve made good its part)
        t.log.add_rows(EV["mission_failure"], wl, nation=nl, item=qq[lost], value=loss)
    mp[cells] = np.where(chosen, prog, current)
