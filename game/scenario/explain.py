"""Pydantic's validation errors, retold for a scenario designer, each at its line and column.

Spec card:
    What: ``explain(errors, data, root) -> list[Problem]``: one Problem per mistake, placed
        with ``source.locate`` (unknown keys at the key, missing keys at their mapping).
    How: pydantic's paths contain union branch labels (``'list[str]'``, ``"literal['all']"``)
        and report one error per branch; labels are dropped by walking the real data, branch
        errors at the same place are merged into one "expected A or B", and a branch error
        that sits above a more precise one is dropped.
    Words: "a number", "text", "a list", "a mapping"; never "float_type" or "Input should be".
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from game.scenario import models
from game.scenario.errors import Problem, Severity
from game.scenario.source import Node, locate, locate_key, node_at

#: What the items of each list of objects are called in messages.
ITEM_NAMES = {
    "nations": "nation",
    "blocs": "bloc",
    "program": "milestone",
    "missions": "mission",
    "offers": "offer",
    "forbidden_pairs": "forbidden pair",
    "scripted": "event",
    "random": "random event",
    "objectives": "objective",
    "effects": "effect",
    "relations": "relation",
}

_EXPECT = {
    "float_type": "a number",
    "int_type": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "none_required": "nothing",
}
_PATTERNS = {
    r"^[A-Za-z][A-Za-z0-9_-]{0,39}$": (
        "an id (a letter, then letters, digits, '-' or '_'; at most 40)",
        "for example 'crewed-landing' or 'USA'",
    ),
    r"^(19[5-9][0-9]|2[01][0-9][0-9])-(0[1-9]|1[0-2])$": (
        "a month written YYYY-MM between 1950-01 and 2199-12",
        "for example 2021-03",
    ),
    r"^#[0-9A-Fa-f]{6}$": ("a colour written #RRGGBB", "for example '#0072B2' (with the quotes)"),
    r"^[A-Z]{3}$": ("a three-letter ISO code in capitals", "for example 'FRA'"),
}
_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def describe(value: Any) -> str:
    """A value in words: "the text '23'", "the number 5", "a list"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


def explain(errors: list[ErrorDetails], data: Any, root: Node) -> list[Problem]:
    """Turn pydantic errors (``ValidationError.errors()``) into located Problems."""
    grouped: dict[tuple, list[tuple[ErrorDetails, bool]]] = {}
    for error in errors:
        path, branched = clean_path(error["loc"], data)
        grouped.setdefault(path, []).append((error, branched))
    problems = []
    paths = list(grouped)
    for path, group in grouped.items():
        if all(branched for _, branched in group) and any(
            other[: len(path)] == path and len(other) > len(path) for other in paths
        ):
            continue  # a union branch failing above a more precise error: the latter says it
        problems.append(_explain_group(path, group, data, root))
    return problems


def clean_path(loc: tuple, data: Any) -> tuple[tuple, bool]:
    """Drop the parts of a pydantic path that are not in the data (union branch labels)."""
    path: list = []
    cur, branched = data, False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(cur, dict) and isinstance(part, str) and (part in cur or last):
            path.append(part)
            cur = cur.get(part)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif part == "[key]":
            path.append(part)
        else:
            branched = True
    return tuple(path), branched


def value_at(data: Any, path: tuple) -> Any:
    for part in path:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_dict or in_list):
            return None
        data = data[part]
    return data


def where(path: tuple, data: Any) -> tuple[str, tuple]:
    """The nearest named object holding ``path`` ("nation 'USA'") and the path inside it."""
    for cut in range(len(path) - 1, 0, -1):
        if isinstance(path[cut], int) and isinstance(path[cut - 1], str):
            item = value_at(data, path[: cut + 1])
            kind = ITEM_NAMES.get(path[cut - 1])
            if kind is None:
                continue
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str):
                return f"{kind} '{ident}'", path[cut + 1 :]
            outer, inside = where(path[: cut - 1], data)
            holder = f"'{_dotted(inside)}' of {outer}" if outer and inside else outer
            holder = holder or _dotted(path[: cut - 1 + 1])
            return f"{kind} #{path[cut] + 1} of {holder}", path[cut + 1 :]
    return "", path


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if part == "[key]":
            continue
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def field_label(path: tuple, data: Any) -> str:
    """How a place is named in messages: "budget of nation 'USA'", "meta.seed"."""
    owner, inside = where(path, data)
    inner = _dotted(inside)
    if owner and inner:
        return f"'{inner}' of {owner}"
    return owner or (f"'{inner}'" if inner else "the file")


# --------------------------------------------------------------------------- the models


def _strip(tp: Any, value: Any) -> Any:
    """The concrete type to walk into: unwrap Annotated and pick the fitting union branch."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            tp = _pick(options, value)
            continue
        return tp


def _pick(options: list, value: Any) -> Any:
    if len(options) == 1:
        return options[0]
    stripped = [(o, _strip(o, value)) for o in options]
    if isinstance(value, dict):
        kind = value.get("type")
        for original, tp in stripped:
            if _is_model(tp) and "type" in tp.model_fields:
                allowed = get_args(_strip(tp.model_fields["type"].annotation, None))
                if kind in allowed:
                    return original
        for original, tp in stripped:
            if _is_model(tp):
                return original
    if isinstance(value, list):
        for original, tp in stripped:
            if get_origin(tp) in (list, tuple):
                return original
    return options[0]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def resolve(path: tuple, data: Any) -> tuple[Any, FieldInfo | None]:
    """The model type found at ``path`` in the data, and the field that declared it."""
    tp: Any = models.ScenarioFile
    info: FieldInfo | None = None
    cur = data
    for part in path:
        tp = _strip(tp, cur)
        origin = get_origin(tp)
        if _is_model(tp) and isinstance(part, str) and part in tp.model_fields:
            info = tp.model_fields[part]
            tp = info.annotation
            cur = cur.get(part) if isinstance(cur, dict) else None
        elif origin is list and isinstance(part, int):
            tp, info = get_args(tp)[0], None
            cur = cur[part] if isinstance(cur, list) and 0 <= part < len(cur) else None
        elif origin is dict and part != "[key]":
            tp, info = get_args(tp)[1], None
            cur = cur.get(part) if isinstance(cur, dict) else None
        elif origin is tuple and isinstance(part, int) and part < len(get_args(tp)):
            tp, info = get_args(tp)[part], None
            cur = None
        else:
            return None, None
    return _strip(tp, cur), info


def allowed_keys(path: tuple, data: Any) -> list[str]:
    """Keys the model at ``path`` accepts ([] when unknown)."""
    tp, _ = resolve(path, data)
    return list(tp.model_fields) if _is_model(tp) else []


def _literal_values(expected: str) -> list[str]:
    """The allowed values in pydantic's "'a', 'b' or 'c'" (numbers come unquoted: "1")."""
    quoted = re.findall(r"'([^']*)'", expected)
    return quoted or [v for v in re.split(r", | or ", expected) if v]


def did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    near = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return near[0] if near else ""


# --------------------------------------------------------------------------- messages


def _explain_group(
    path: tuple, group: list[tuple[ErrorDetails, bool]], data: Any, root: Node
) -> Problem:
    errors = [error for error, _ in group]
    if len(errors) > 1:
        expectations = []
        for error in errors:
            text = _expectation(error)
            if text and text not in expectations:
                expectations.append(text)
        value = value_at(data, path)
        message = f"{field_label(path, data)}: expected {' or '.join(expectations)}, "
        message += f"got {describe(value)}"
        return _at(locate(root, path), message, _type_hint(value, path, root))
    return _explain_one(path, errors[0], data, root)


def _expectation(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind in _EXPECT:
        return _EXPECT[kind]
    if kind == "literal_error":
        values = _literal_values(error.get("ctx", {}).get("expected", ""))
        return " or ".join(f"'{v}'" for v in values)
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(error["ctx"]["pattern"], ("text of the right form", ""))[0]
    return ""


def _at(src, message: str, hint: str = "", severity: Severity = "error") -> Problem:
    return Problem(src.file, src.line, src.column, severity, message, hint)


def _type_hint(value: Any, path: tuple, root: Node) -> str:
    node = node_at(root, path)
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return ""
        return f"remove the quotes: {value}"
    if isinstance(value, bool) and node is not None and node.text.lower() in _YAML_WORDS:
        return f"YAML reads {node.text} as {describe(value)}: write '{node.text}' in quotes"
    return ""


def _explain_one(path: tuple, error: ErrorDetails, data: Any, root: Node) -> Problem:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = value_at(data, path)
    label = field_label(path, data)
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        place = f" in {field_label(path[:-1], data)}" if path[:-1] else ""
        if key == "remove":
            return _at(
                locate_key(root, path),
                f"'remove'{place} only works in a file that extends another ('extends:')",
                "delete the item instead",
            )
        options = allowed_keys(path[:-1], data)
        near = did_you_mean(key, options)
        message = f"unknown key '{key}'{place}" + (f" (did you mean '{near}'?)" if near else "")
        hint = f"keys allowed here: {', '.join(options)}" if options else ""
        return _at(locate_key(root, path), message, hint)
    if kind == "missing":
        key = path[-1] if path else "?"
        owner_path = path[:-1]
        _, info = resolve(path, data)
        described = f". {info.description}" if info and info.description else ""
        message = f"{field_label(owner_path, data)} is missing the required key '{key}'"
        return _at(locate(root, owner_path), message, f"add '{key}:' here{described}")
    if kind in _EXPECT:
        message = f"{label}: expected {_EXPECT[kind]}, got {describe(value)}"
        if kind == "int_type" and isinstance(value, float) and value == int(value):
            return _at(locate(root, path), message, f"write {int(value)} without the decimal point")
        return _at(locate(root, path), message, _type_hint(value, path, root))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _range(path, kind, ctx, value, label, data, root)
    if kind == "string_pattern_mismatch":
        expected, hint = _PATTERNS.get(ctx.get("pattern", ""), ("text of another form", ""))
        if path and path[-1] == "[key]":
            message = f"the key '{path[-2]}' in {field_label(path[:-2], data)} is not {expected}"
            return _at(locate(root, path), message, hint)
        return _at(locate(root, path), f"{label}: expected {expected}, got {describe(value)}", hint)
    if kind == "literal_error":
        values = _literal_values(ctx.get("expected", ""))
        near = did_you_mean(str(value), values)
        if len(values) == 1:
            return _at(locate(root, path), f"{label}: expected {values[0]}, got {describe(value)}")
        message = f"{label}: {describe(value)} is not one of {', '.join(values)}"
        return _at(locate(root, path), message, f"did you mean '{near}'?" if near else "")
    if kind in ("too_short", "too_long"):
        return _length(path, kind, ctx, value, label, root)
    if kind in ("string_too_short", "string_too_long"):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return _at(locate(root, path), f"{label}: must not be empty")
        limit = ctx.get("max_length", ctx.get("min_length"))
        word = "at most" if kind == "string_too_long" else "at least"
        return _at(
            locate(root, path),
            f"{label}: text must be {word} {limit} characters, it has {len(str(value))}",
        )
    if kind == "union_tag_invalid":
        tags = _literal_values(ctx.get("expected_tags", ""))
        tag = ctx.get("tag", "")
        near = did_you_mean(tag, tags)
        at = locate(root, (*path, "type"))
        message = f"{label}: unknown type '{tag}'" + (f" (did you mean '{near}'?)" if near else "")
        return _at(at, message, f"types: {', '.join(tags)}")
    if kind == "union_tag_not_found":
        return _at(
            locate(root, path),
            f"{label} has no 'type:'",
            "start it with a line such as 'type: budget'",
        )
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
        return _at(locate(root, path), f"{label}: {text}")
    message = error["msg"]
    message = message[0].lower() + message[1:] if message else "invalid value"
    return _at(locate(root, path), f"{label}: {message}")


def _range(path, kind, ctx, value, label, data, root) -> Problem:
    words = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    word, key = words[kind]
    bound = ctx.get(key)
    low, high = _bounds(path, data)
    hint = f"allowed: {_num(low)} to {_num(high)}" if low is not None and high is not None else ""
    return _at(
        locate(root, path), f"{label}: must be {word} {_num(bound)}, got {_num(value)}", hint
    )


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _bounds(path: tuple, data: Any) -> tuple[Any, Any]:
    """The lower and upper bounds declared for the number at ``path``, where declared."""
    low = high = None
    _, info = resolve(path, data)
    metadata = list(info.metadata) if info is not None else []
    if info is None and path:
        # A list item or a dict value: its bounds sit on the item type, e.g. dict[Id, Fraction].
        tp, _ = resolve(path[:-1], data)
        origin = get_origin(tp)
        if origin in (list, dict):
            item = get_args(tp)[-1]
            if get_origin(item) is Annotated:
                metadata = [m for a in get_args(item)[1:] for m in getattr(a, "metadata", [a])]
    for item in metadata:
        low = getattr(item, "ge", getattr(item, "gt", None)) if low is None else low
        high = getattr(item, "le", getattr(item, "lt", None)) if high is None else high
    return low, high


def _length(path, kind, ctx, value, label, root) -> Problem:
    actual = ctx.get("actual_length", len(value) if isinstance(value, list | str) else "?")
    if ctx.get("field_type") == "Tuple":
        return _at(locate(root, path), f"{label}: expected a list of 2 items, got {actual}")
    if kind == "too_short":
        need = ctx.get("min_length")
        return _at(locate(root, path), f"{label}: needs at least {need} items, got {actual}")
    return _at(
        locate(root, path), f"{label}: has {actual} items; at most {ctx.get('max_length')} allowed"
    )
