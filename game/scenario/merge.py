"""``extends:``: a scenario written as changes to another one.

Spec card:
    What: ``merge(parent, child) -> (tree, problems)`` on located trees (``source.Node``), so
        every merged value keeps the file, line and column where it was written.
    Rules (also in docs/scenario-format.md):
        * mappings merge key by key (recursively);
        * lists whose items are all mappings with an ``id`` merge by id: a child item whose id
          the parent has merges into that item, a new id is appended, and an item written as
          ``{id: x, remove: true}`` deletes the parent's item ``x``;
        * every other list, an empty child list, and every scalar replace the parent's value.
    Where parents may live: see ``game.scenario.loader.resolve_parent``.
"""

from __future__ import annotations

import difflib

from game.scenario.errors import Problem
from game.scenario.source import Node

REMOVE_KEY = "remove"


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
                out.entries[key] = (key_src, value)
        return out
    if parent.kind == "seq" and child.kind == "seq" and child.items and _by_id(parent, child):
        return _merge_by_id(parent, child, problems)
    return child


def _item_id(node: Node) -> str | None:
    if node.kind != "map":
        return None
    value = node.get("id")
    if value is None or value.kind != "scalar" or not isinstance(value.value, str):
        return None
    return value.value


def _by_id(parent: Node, child: Node) -> bool:
    return all(_item_id(item) is not None for item in [*parent.items, *child.items])


def _merge_by_id(parent: Node, child: Node, problems: list[Problem]) -> Node:
    items: dict[str, Node] = {_item_id(item): item for item in parent.items}
    for item in child.items:
        item_id = _item_id(item)
        remove = item.get(REMOVE_KEY)
        if remove is not None:
            if remove.kind != "scalar" or not isinstance(remove.value, bool):
                problems.append(_problem(remove, "'remove' must be true or false"))
                continue
            if remove.value:
                if item_id in items:
                    del items[item_id]
                else:
                    near = difflib.get_close_matches(item_id, list(items), n=1)
                    hint = f"did you mean '{near[0]}'?" if near else "check the id in the parent"
                    problems.append(
                        _problem(
                            item, f"nothing to remove: the parent has no item '{item_id}'", hint
                        )
                    )
                continue
            item = _without(item, REMOVE_KEY)
        items[item_id] = _merge(items[item_id], item, problems) if item_id in items else item
    out = Node("seq", child.src)
    out.items = list(items.values())
    return out


def _without(node: Node, key: str) -> Node:
    out = Node("map", node.src)
    out.entries = {k: v for k, v in node.entries.items() if k != key}
    return out


def _problem(node: Node, message: str, hint: str = "") -> Problem:
    return Problem(node.src.file, node.src.line, node.src.column, "error", message, hint)
