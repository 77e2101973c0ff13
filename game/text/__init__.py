"""Text: the engine's records in words, for every layer that shows them (ai, sim, ui)."""
