"""The turn flow between people and screens: hand-overs, resolution, report, end of game.

One person ends their turn; the next person in the hot-seat order gets the computer through
a hand-over screen; after the last person, the engine resolves the turn at once, the game is
autosaved, and each person sees the report before their next turn.
"""

from __future__ import annotations

from game.ui.game_adapter import Game


def main_for(app, game: Game, player: int):
    from game.ui.screens.end import EndScreen
    from game.ui.screens.main import MainScreen

    if game.ended:
        return EndScreen(app, game)
    return MainScreen(app, game, player)


def show(app, game: Game) -> None:
    """Open a game (new or loaded) over the title screen, for its first person."""
    from game.ui.screens.handover import HandoverScreen

    first = game.humans[0]
    nxt = main_for(app, game, first)
    if len(game.humans) > 1 and not game.ended:
        app.reset_to(HandoverScreen(app, game, first, then=nxt))
    else:
        app.reset_to(nxt)


def hand_to(app, game: Game, player: int, report: bool = False) -> None:
    """Show ``player``'s turn (behind a hand-over screen when several people play)."""
    from game.ui.screens.handover import HandoverScreen
    from game.ui.screens.main import MainScreen
    from game.ui.screens.turn_report import TurnReportScreen

    top = app.top
    if (
        len(game.humans) == 1
        and not game.ended
        and isinstance(top, MainScreen)
        and top.game is game
        and top.player == player
    ):
        # One person plays on: keep the screen (its map caches, most widgets), new turn.
        top.next_turn()
    else:
        nxt = main_for(app, game, player)
        if len(game.humans) > 1 and not game.ended:
            app.replace(HandoverScreen(app, game, player, then=nxt, report=report))
            return
        app.replace(nxt)
    if report and wants_report(game, player):
        app.push(TurnReportScreen(app, game, player))


def wants_report(game: Game, player: int) -> bool:
    """Whether ``player`` has yet to see the report of the last turn (then marks it seen)."""
    if game.report() is None:
        return False
    key = (game.turn, player)
    if key in game.reports_seen:
        return False
    game.reports_seen.add(key)
    return True


def end_turn(app, game: Game, player: int) -> None:
    """The person ``player`` is done: pass on, or resolve the turn."""
    if game.ended:
        from game.ui.screens.end import EndScreen

        app.replace(EndScreen(app, game))
        return
    app.sound.play("end_turn")
    order = game.humans
    position = order.index(player) if player in order else len(order) - 1
    if position + 1 < len(order):
        # Each person reads the last turn's report at the start of their own turn.
        hand_to(app, game, order[position + 1], report=True)
        return
    try:
        game.end_turn()
    except Exception as exc:  # the game must survive a failing turn: nothing is changed
        app.errors.append(exc)
        app.notify(f"The turn could not be resolved ({type(exc).__name__}: {exc})", error=True)
        return
    try:
        app.services.autosave(game)
    except OSError as exc:
        app.notify(f"Autosave failed: {exc}", error=True)
    hand_to(app, game, order[0], report=True)
