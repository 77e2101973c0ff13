"""``extends:``: a scenario written as changes to another one.

Spec card:
    What: ``merge(parent, child) -> (tree, problems)`` on located trees (``source.Node``), so
        every merged value keeps the file, line and column where it was written.
    Rules (also in docs/scenario-format.md):
        * mappings merge key by key (recursively);
        * lists whose items all have a key merge item by item: items with an ``id`` by id,
          relations by their ``between`` pair (in either order, ``[USA, CHN]`` is
          ``[CHN, USA]``). A child item whose key the parent has merges into that item, a new
          key is appended, and an item with ``remove: true`` deletes the parent's item.
          Repeated keys stay repeated, so the checks after merging report them;
        * every other list, an empty child list, and every scalar replace the parent's value.
    Where parents may live: see ``game.scenario.loader.resolve_parent``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from game.scenario.errors import Problem
from game.scenario.source import Node

REMOVE_KEY = "remove"
#: Keys that identify the items of a list merged item by item, in the order they are tried.
ITEM_KEYS = ("id", "between")

Key = str | tuple[str, str]
#: A list item with its key.
Keyed = tuple[Key, Node]


def merge(parent: Node, child: Node) -> tuple[Node, list[Problem]]:
    """Merge a child tree over its parent; never mutates either (subtrees may be shared)."""
    problems: list[Problem] = []
    return _merge(parent, child, problems), problems


def _merge(parent: Node, child: Node, problems: list[Problem]) -> Node:
    if parent.kind == "map" and child.kind == "map":
        out = Node("map", child.src)
        out.entries = dict(parent.entries)
        for key, (key_src, value) in child.entries.items():
            if key in out.entries:
                out.entries[key] = (key_src, _merge(out.entries[key][1], value, problems))
            else:
                out.entries[key] = (key_src, _fresh(value, problems))
        return out
    if parent.kind == "seq" and child.kind == "seq" and child.items:
        for name in ITEM_KEYS:
            parent_items = _keyed(parent.items, _KEY_FUNCTIONS[name])
            child_items = _keyed(child.items, _KEY_FUNCTIONS[name])
            if parent_items is not None and child_items is not None:
                return _merge_by_key(parent_items, child_items, child, problems)
    return child


def _fresh(node: Node, problems: list[Problem]) -> Node:
    """A value the parent does not have, merged over nothing: what it says to remove is
    reported as missing from the parent, and ``remove: false`` is dropped."""
    if node.kind == "scalar":
        return node
    return _merge(Node(node.kind, node.src), node, problems)


def _id_key(node: Node) -> Key | None:
    value = node.get("id") if node.kind == "map" else None
    if value is None or value.kind != "scalar" or not isinstance(value.value, str):
        return None
    return value.value


def _pair_key(node: Node) -> Key | None:
    """The ``between`` pair of a relation, sorted so that the order written does not matter."""
    value = node.get("between") if node.kind == "map" else None
    if value is None or value.kind != "seq" or len(value.items) != 2:
        return None
    if not all(item.kind == "scalar" and isinstance(item.value, str) for item in value.items):
        return None
    first, second = sorted(item.value for item in value.items)
    return (first, second)


_KEY_FUNCTIONS = {"id": _id_key, "between": _pair_key}


def _keyed(items: list[Node], key_of: Callable[[Node], Key | None]) -> list[Keyed] | None:
    """Each item with its key, or None when one has none (then the child list replaces)."""
    keyed: list[Keyed] = []
    for item in items:
        key = key_of(item)
        if key is None:
            return None
        keyed.append((key, item))
    return keyed


def _describe(key: Key) -> str:
    return f"item '{key}'" if isinstance(key, str) else f"relation between {key[0]} and {key[1]}"


def _merge_by_key(
    parent_items: list[Keyed], child_items: list[Keyed], child: Node, problems: list[Problem]
) -> Node:
    # A list, not a dict: items the parent or the child repeats stay repeated, so that the
    # checks after merging still report them. A child item merges into the first item with
    # its key (merging never changes an item's key, so each keeps the one it came with).
    items = list(parent_items)
    first = _first_positions(items)
    written: set[Key] = set()  # keys of the child's items so far (removals aside)
    original = {key: items[position][1] for key, position in first.items()}
    for key, item in child_items:
        remove = item.get(REMOVE_KEY)
        if remove is not None:
            if remove.kind != "scalar" or not isinstance(remove.value, bool):
                problems.append(_problem(remove, "'remove' must be true or false"))
                continue
            if remove.value:
                if key in first:
                    items = [(k, x) for k, x in items if k != key]
                    first = _first_positions(items)
                    written.discard(key)
                else:
                    problems.append(_nothing_to_remove(item, key, first))
                continue
            item = _without(item, REMOVE_KEY)
        if key in written:  # merged like the first, so that the only problem is the repeat
            base = original.get(key)
            merged = _fresh(item, problems) if base is None else _merge(base, item, problems)
            items.append((key, merged))
            continue
        written.add(key)
        if key in first:
            items[first[key]] = (key, _merge(items[first[key]][1], item, problems))
        else:
            first[key] = len(items)
            items.append((key, _fresh(item, problems)))
    out = Node("seq", child.src)
    out.items = [node for _, node in items]
    return out


def _first_positions(items: list[Keyed]) -> dict[Key, int]:
    first: dict[Key, int] = {}
    for position, (key, _item) in enumerate(items):
        first.setdefault(key, position)
    return first


def _nothing_to_remove(item: Node, key: Key, known: dict[Key, int]) -> Problem:
    if isinstance(key, str):
        names = [k for k in known if isinstance(k, str)]
        near = difflib.get_close_matches(key, names, n=1)
        hint = f"did you mean '{near[0]}'?" if near else "check the id in the parent"
    else:
        hint = "the parent has no explicit relation for this pair"
    return _problem(item, f"nothing to remove: the parent has no {_describe(key)}", hint)


def _without(node: Node, key: str) -> Node:
    out = Node("map", node.src)
    out.entries = {k: v for k, v in node.entries.items() if k != key}
    return out


def _problem(node: Node, message: str, hint: str = "") -> Problem:
    return Problem(node.src.file, node.src.line, node.src.column, "error", message, hint)
