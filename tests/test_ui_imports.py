"""`game/ui` has no import cycle, not even one a type checker alone would follow (imports under
``if TYPE_CHECKING:`` count), imports nothing of the game inside functions (the way the first
release held a 14-module cycle together), and no module grows past about 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "game" / "ui"
MAX_LINES = 520


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level(tree: ast.Module) -> set[int]:
    """Statements of the module body, those under a top-level ``if TYPE_CHECKING:`` included
    (never run, but a checker follows them, so they count as imports of the module)."""
    top = {id(n) for n in tree.body}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            top.update(id(n) for n in node.body)
    return top


def _targets(node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    """The game modules an import statement loads (``from pkg import mod`` counts ``mod``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in known]
    base = node.module or ""
    found = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    return found or ([base] if base in known else [])


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    files = {_module(p): p for p in UI.rglob("*.py")}
    known = set(files)
    edges: dict[str, set[str]] = {m: set() for m in files}
    inside: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = _top_level(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if id(node) not in top and (module or "").startswith("game"):
                inside.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
            edges[name].update(t for t in _targets(node, known) if t != name)
    return edges, inside


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    colour = dict.fromkeys(edges, 0)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        colour[m] = 1
        path.append(m)
        for nxt in sorted(edges[m]):
            if colour[nxt] == 1:
                return path[path.index(nxt) :] + [nxt]
            if colour[nxt] == 0 and (found := visit(nxt)):
                return found
        path.pop()
        colour[m] = 2
        return None

    for m in sorted(edges):
        if colour[m] == 0 and (found := visit(m)):
            return found
    return None


def test_game_ui_has_no_import_cycle():
    edges, _ = _graph()
    cycle = _cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_imports_under_type_checking_count():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import game.ui.app\n"
    )
    hidden = tree.body[1]
    assert isinstance(hidden, ast.If) and id(hidden.body[0]) in _top_level(tree)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_game_ui_imports_the_game_only_at_the_top_of_its_modules():
    _, inside = _graph()
    assert not inside, "imports inside functions:\n" + "\n".join(inside)


def test_only_the_navigator_imports_the_screen_modules():
    edges, _ = _graph()
    screens = {m for m in edges if m.startswith("game.ui.screens.") and m != "game.ui.screens.base"}
    outside = {
        (m, t)
        for m, targets in edges.items()
        for t in targets & screens
        if not m.startswith("game.ui.screens.") and m != "game.ui.navigator"
    }
    assert not outside, f"screens imported outside the navigator: {sorted(outside)}"
    # a screen never imports another screen (the main screen's own tabs are one screen)
    across = {
        (m, t)
        for m in screens
        for t in edges[m] & screens
        if not (m.startswith("game.ui.screens.main") and t.startswith("game.ui.screens.main"))
    }
    assert not across, f"screens that know each other: {sorted(across)}"


def test_no_module_of_game_ui_is_over_about_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in UI.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
