"""What is generated from the models: the JSON Schema and the field reference.

Spec card:
    What: ``json_schema()`` (the editor schema, committed as ``scenarios/scenario.schema.json``)
        and ``reference_markdown()`` (the field tables of ``docs/scenario-format.md``, between
        the ``BEGIN``/``END`` markers; the rest of that file is written by hand).
    Schema shape: pydantic's draft 2020-12 schema of ``ScenarioFile``, plus a "patch" copy of
        the definitions used when a file has ``extends:`` (nothing required, ``remove: true``
        allowed on items of lists merged item by item: by ``id``, relations by ``between``),
        selected with ``if``/``then``/``else``. Items of other lists are replaced whole by a
        child, so they keep the full definition.
    Regenerate both with ``python tools/gen_schema_docs.py``; a test fails when they drift.
"""

from __future__ import annotations

import copy
import json
from typing import Any, get_args

from pydantic import BaseModel

from game.scenario import models
from game.scenario.merge import ITEM_KEYS, REMOVE_KEY

SCHEMA_ID = "urn:lunar-blocs:scenario-format:1"
BEGIN = "<!-- BEGIN GENERATED REFERENCE (python tools/gen_schema_docs.py) -->"
END = "<!-- END GENERATED REFERENCE -->"
_REF = "#/$defs/"
_PATTERN_NAMES = {
    r"^[A-Za-z][A-Za-z0-9_-]{0,39}$": "id",
    r"^(19[5-9][0-9]|2[01][0-9][0-9])-(0[1-9]|1[0-2])$": "month `YYYY-MM`",
    r"^#[0-9A-Fa-f]{6}$": "colour `#RRGGBB`",
    r"^[A-Z]{3}$": "ISO alpha-3 code",
}


# --------------------------------------------------------------------------- JSON Schema


def json_schema() -> dict:
    """The JSON Schema of a scenario file (a full scenario, or a variant with ``extends``)."""
    full = models.ScenarioFile.model_json_schema()
    defs: dict[str, Any] = full.pop("$defs")
    defs["ScenarioFile"] = full
    patches = {name + "Patch": _patch(body, defs, item=False) for name, body in defs.items()}
    patches.update(
        {
            name + "ItemPatch": _patch(body, defs, item=True)
            for name, body in defs.items()
            if _item_key(name, defs)
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Lunar Blocs scenario",
        "description": (
            "A Lunar Blocs scenario (format 1). A file with 'extends:' lists only what it "
            "changes in its parent. Reference: docs/scenario-format.md."
        ),
        "type": "object",
        "if": {"required": ["extends"]},
        "then": {"$ref": _REF + "ScenarioFilePatch"},
        "else": {"$ref": _REF + "ScenarioFile"},
        "$defs": dict(sorted({**defs, **patches}.items())),
    }


def _item_key(name: str, defs: dict) -> str | None:
    """The key by which a child merges items of this definition into a parent's list."""
    props = defs.get(name, {}).get("properties", {})
    return next((key for key in ITEM_KEYS if key in props), None)


def _patch(body: dict, defs: dict, item: bool) -> dict:
    """A definition as a child file may write it: merged key by key, so nothing required.

    An ``item`` patch is an item of a list merged item by item: it needs its key (``id`` or
    ``between``), and may say remove.
    """
    out = copy.deepcopy(body)
    out.pop("required", None)
    props = out.get("properties", {})
    if item:
        out["required"] = [next(key for key in ITEM_KEYS if key in props)]
        props[REMOVE_KEY] = {
            "type": "boolean",
            "description": "In a file with 'extends': true deletes the parent's item with "
            "this key.",
        }
    for prop in props.values():
        _patch_refs(prop, defs)
    return out


def _patch_refs(schema: dict, defs: dict) -> None:
    """Point merged places at patch definitions: mappings always, list items when keyed."""
    ref = schema.get("$ref", "")
    if ref.startswith(_REF):
        schema["$ref"] = ref + "Patch"
    for option in schema.get("anyOf", []):
        _patch_refs(option, defs)
    if schema.get("type") == "array":
        schema.pop("minItems", None)
        items = schema.get("items", {})
        name = items.get("$ref", "")[len(_REF) :]
        if name and _item_key(name, defs):
            items["$ref"] = _REF + name + "ItemPatch"


def schema_text() -> str:
    """The schema as committed: stable key order, two-space indent, final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- reference


def _models_in_order() -> list[type[BaseModel]]:
    """Every model reachable from ``Scenario``, in the order a reader meets them."""
    seen: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.append(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
            return
        for arg in get_args(tp):
            visit(arg)

    visit(models.ScenarioFile)
    return seen


def _anchor(name: str) -> str:
    return name.lower()


def _type_text(schema: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"][len(_REF) :]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return " or ".join(_type_text(o) for o in options)
    if "oneOf" in schema:
        return "[effect](#effects)"
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("description", "").startswith("The id of a nation"):
            return "nation id"
        return _PATTERN_NAMES.get(schema.get("pattern", ""), "text")
    if kind in ("number", "integer"):
        word = "number" if kind == "number" else "whole number"
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        if high is not None and high >= 1e12:
            high = None  # a technical limit (the seed's 2**63), not a design range
        if low is not None and high is not None:
            return f"{word} {_num(low)}..{_num(high)}"
        if low is not None:
            return f"{word} {'>' if 'exclusiveMinimum' in schema else '≥'} {_num(low)}"
        return word
    if kind == "boolean":
        return "true/false"
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(_type_text(s) for s in schema["prefixItems"]) + "]"
        return "list of " + _type_text(schema.get("items", {}))
    if kind == "object":
        return "mapping of id to " + _type_text(schema.get("additionalProperties", {}))
    return "value"


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _default_text(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "all defaults"
    if value is None:
        return "none"
    if isinstance(value, tuple):
        value = list(value)
    return f"`{json.dumps(value)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference_markdown() -> str:
    """The generated field reference (Markdown), one table per model."""
    defs = models.ScenarioFile.model_json_schema()["$defs"]
    defs["ScenarioFile"] = models.ScenarioFile.model_json_schema()
    effect_models = set(get_args(get_args(models.Effect)[0]))
    lines = [
        "Generated from `game/scenario/models.py`; do not edit by hand.",
        "Unknown keys are errors everywhere. Where a number is expected, `5` and `5.0` both",
        "work; a whole number is written without a decimal point, and no number is quoted.",
        "Ranges such as `0..1` include both ends.",
        "",
    ]
    effects_started = False
    for model in _models_in_order():
        if model is models.Scenario:
            continue
        name = model.__name__
        if model in effect_models and not effects_started:
            effects_started = True
            lines += [
                "### Effects",
                "",
                "An effect is a mapping whose `type:` chooses one of the kinds below.",
                "",
            ]
        props = defs.get(name, {}).get("properties", {})
        level = "####" if model in effect_models else "###"
        doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
        title = f"{name} (the top level)" if model is models.ScenarioFile else name
        lines += [f"{level} {title}", ""]
        if doc:
            lines += [doc, ""]
        lines += ["| key | type | default | description |", "| --- | --- | --- | --- |"]
        for field_name, info in model.model_fields.items():
            schema = props.get(field_name, {})
            desc = info.description or schema.get("description", "")
            lines.append(
                f"| `{field_name}` | {_cell(_type_text(schema))} | "
                f"{_cell(_default_text(model, field_name))} | {_cell(desc)} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def splice_reference(document: str) -> str:
    """The document with its generated region replaced by the current reference."""
    start = document.index(BEGIN) + len(BEGIN)
    end = document.index(END)
    return document[:start] + "\n\n" + reference_markdown() + "\n" + document[end:]
