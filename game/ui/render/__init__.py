"""The game's own drawing: world map, Moon panel, charts (pygame only, plain-data inputs).

Modules: ``map`` (``WorldMap``, ``MapView``), ``moon`` (``MoonPanel``, ``MoonView``),
``charts`` (``LineChart``, ``ChartView``), ``palette`` (colour-blind-safe colours, patterns,
themes), ``text`` (the shipped Inter fonts, fitted labels), ``shapes`` (drawing helpers).
Renderers never change game state; the UI builds their views from State + Catalog.

Typical use in a screen::

    world = WorldMap(palette.DARK)              # once
    world.layout(map_rect, ui_scale)            # on resize / scale change
    world.set_view(MapView.from_state(scenario, state, player="IND", selected=sel))
    click = world.handle_event(event)           # wheel zooms, drag pans; MapClick on click
    world.hover(pygame.mouse.get_pos())         # -> nation id under the mouse, or None
    world.draw(screen)                          # cached: a few blits per frame

    moon = MoonPanel()
    moon.draw(screen, moon_rect, MoonView.from_state(scenario, state, player_bloc="ilrs"), s)
    chart = LineChart()
    chart.draw(screen, chart_rect, ChartView("Prestige", series, date_labels), s)
"""
