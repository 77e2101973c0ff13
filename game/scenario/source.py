"""Reading an untrusted YAML file into a located tree of plain values.

Spec card:
    What: ``read_tree(path, display)`` -> ``Node`` (mapping / sequence / scalar, each with the
        file, line and column where it was written), or ``ScenarioError``.
    Defences, in order: file size cap, empty file, binary / non-UTF-8 detection, a pre-scan
        of the event stream that stops at the first excess of nesting depth or value count
        (before libyaml's recursive composer can crash on deep nesting), composition with the
        C loader when present (never construction of arbitrary objects), a single document
        only, then one walk over the composed graph that refuses every tag outside plain YAML
        data, merge keys and duplicate keys, and measures the *expanded* size of the graph
        with memoisation by node identity, so an alias bomb is refused before anything walks
        its expansion.
    Why a tree of our own: values merged through ``extends`` keep the place they were written,
        so every later message (pydantic's or the semantic passes') points into the right file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from game import safeio
from game.scenario.errors import Problem, ScenarioError

#: Largest scenario file accepted (the default scenario is about 80 KB): safeio's table.
MAX_BYTES = safeio.BYTE_CAPS["scenario"]
#: Most YAML events (values, starts and ends of lists and mappings) before composing; the
#: default scenario has about 6,000. Composing costs ~8 us per node, so this bounds the time.
MAX_EVENTS = 100_000
#: Largest number of values after expanding aliases (a "billion laughs" file has ~10**9).
MAX_EXPANDED = 250_000
#: Deepest nesting accepted; the format itself needs about 8 levels. Checked on the event
#: stream *before* composing: libyaml's composer recurses in C and crashes the process on
#: ~100,000 nested '[' (measured: signal 11), and its scanner slows down quadratically.
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Some libyaml builds stop deep nesting with their own message, before the first event, and
#: others crash: a text that *might* nest deeper than MAX_DEPTH is pre-scanned by PyYAML's
#: pure-Python parser instead, which is lazy and iterative, so the loader's own limit and
#: message act first whatever libyaml is installed.
_SAFE_PARSER = yaml.SafeLoader
_BRACKETS = re.compile(r"[\[\]{}]")
_LEADING = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)
_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_constructor = yaml.constructor.SafeConstructor()
_SCALAR = {
    _YAML_TAG + "int": _constructor.construct_yaml_int,
    _YAML_TAG + "float": _constructor.construct_yaml_float,
    _YAML_TAG + "bool": _constructor.construct_yaml_bool,
    _YAML_TAG + "null": _constructor.construct_yaml_null,
}


class Src(NamedTuple):
    """Where something was written: file as displayed, 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass(eq=False)
class Node:
    """A located YAML value.

    Attributes:
        kind: "map", "seq" or "scalar".
        src: Where the value starts.
        value: The Python value for a scalar (str, int, float, bool or None).
        text: The scalar exactly as written (for hints such as "quote 'NO'").
        entries: For a mapping: key -> (where the key was written, value node), in order.
        items: For a sequence: the item nodes.
    """

    kind: str
    src: Src
    value: Any = None
    text: str = ""
    entries: dict[str, tuple[Src, Node]] = field(default_factory=dict)
    items: list[Node] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        """The value node under ``key`` of a mapping, or None."""
        entry = self.entries.get(key) if self.kind == "map" else None
        return entry[1] if entry else None


def to_plain(node: Node, memo: dict[int, Any] | None = None) -> Any:
    """The plain Python value (dicts, lists, scalars) of a tree; shared nodes stay shared."""
    memo = {} if memo is None else memo
    if node.kind == "scalar":
        return node.value
    done = memo.get(id(node))
    if done is not None:
        return done
    if node.kind == "map":
        out: Any = {}
        memo[id(node)] = out
        for key, (_, child) in node.entries.items():
            out[key] = to_plain(child, memo)
    else:
        out = []
        memo[id(node)] = out
        out.extend(to_plain(child, memo) for child in node.items)
    return out


def from_plain(value: Any, src: Src, depth: int = 0) -> Node:
    """A located tree of plain data that was not read from YAML (the scenario inside a
    save), every node placed at ``src``, so the same checks can run on it as on a file."""
    if depth > MAX_DEPTH:
        raise ScenarioError(
            [Problem(src.file, src.line, src.column, "error", "the data is nested too deeply")]
        )
    if isinstance(value, dict):
        node = Node("map", src)
        for key, child in value.items():
            node.entries[str(key)] = (src, from_plain(child, src, depth + 1))
        return node
    if isinstance(value, list):
        return Node("seq", src, items=[from_plain(child, src, depth + 1) for child in value])
    return Node("scalar", src, value=value, text=value if isinstance(value, str) else repr(value))


def locate(root: Node, path: tuple) -> Src:
    """The place a path into the plain data (``('nations', 3, 'budget')``) was written.

    Path elements that do not exist in the data are skipped: they are pydantic's union branch
    labels (``'list[str]'``) or a missing key, whose place is then its mapping. ``'[key]'``
    points at the key just passed rather than its value.
    """
    node, key_src = root, None
    for part in path:
        if part == "[key]" and key_src is not None:
            return key_src
        if node.kind == "map" and isinstance(part, str) and part in node.entries:
            key_src, node = node.entries[part]
        elif node.kind == "seq" and isinstance(part, int) and 0 <= part < len(node.items):
            key_src, node = None, node.items[part]
    return node.src


def locate_key(root: Node, path: tuple) -> Src:
    """The place of the *key* that ends ``path`` (for unknown keys), else of its value."""
    if not path:
        return root.src
    parent = _walk(root, path[:-1])
    if parent is not None and parent.kind == "map" and path[-1] in parent.entries:
        return parent.entries[path[-1]][0]
    return locate(root, path)


def node_at(root: Node, path: tuple) -> Node | None:
    """The node at exactly ``path``, or None when the path leaves the data."""
    return _walk(root, path)


def _walk(node: Node, path: tuple) -> Node | None:
    for part in path:
        if node.kind == "map" and isinstance(part, str) and part in node.entries:
            node = node.entries[part][1]
        elif node.kind == "seq" and isinstance(part, int) and 0 <= part < len(node.items):
            node = node.items[part]
        else:
            return None
    return node


# --------------------------------------------------------------------------- reading


def read_tree(path: Path, display: str) -> Node:
    """Read and compose one file safely; raise ScenarioError with located problems."""
    data = _read_bytes(path, display)
    text = _decode(data, display)
    return parse_tree(text, display)


def parse_tree(text: str, display: str) -> Node:
    """Compose YAML text safely into a located tree (see the module's spec card)."""
    if not text.strip():
        raise _fail(display, "the file is empty", "a scenario starts with 'meta:'")
    try:
        _prescan(text, display)
        composed = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, display) from None
    except yaml.YAMLError as exc:
        raise _fail(display, f"this is not valid YAML: {_one_line(str(exc))}") from None
    except RecursionError:
        raise _fail(display, "the file is nested too deeply to read") from None
    if composed is None:
        raise _fail(display, "the file has no content, only comments", "add 'meta:' and the rest")
    builder = _Builder(display)
    try:
        root = builder.build(composed)
    except RecursionError:
        raise _fail(display, "the file is nested too deeply to read") from None
    if builder.problems:
        raise ScenarioError(builder.problems)
    return root


def _might_nest_deeply(text: str) -> bool:
    """A cheap upper bound on nesting: open brackets, or a long run of indentation/indicators.

    Over-estimates (brackets inside quoted text count too) only send a file to the slower,
    exact pure-Python pre-scan; they never refuse it.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            return True
    # A block level needs at least one more column of indentation or one more indicator
    # ("- ", "? "); a sequence directly under a key may share its key's column, hence 2x.
    return any(2 * len(m.group()) + 2 > MAX_DEPTH for m in _LEADING.finditer(text))


def _prescan(text: str, display: str) -> None:
    """Refuse deep nesting and sheer size from the event stream, stopping at the first excess."""
    depth = 0
    loader = _SAFE_PARSER if _might_nest_deeply(text) else _Loader
    for count, event in enumerate(yaml.parse(text, Loader=loader), start=1):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise _fail(
                    display,
                    f"the file is nested more than {MAX_DEPTH} levels deep",
                    "a scenario needs about 8 levels",
                    mark.line + 1,
                    mark.column + 1,
                )
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
        if count > MAX_EVENTS:
            mark = event.start_mark
            raise _fail(
                display,
                f"the file holds more than {MAX_EVENTS:,} values",
                "a scenario has a few thousand: is this the right file?",
                mark.line + 1,
                mark.column + 1,
            )


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        return safeio.read_bytes(path, "scenario")
    except safeio.Unreadable as exc:
        reason = str(exc)
        hint = "a scenario is a few hundred KB at most: is this the right file?"
        raise _fail(
            display, f"cannot read the file: {reason}", hint if "too large" in reason else ""
        ) from None


def _decode(data: bytes, display: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _fail(display, "the file is UTF-16 text", "save it as UTF-8")
    if b"\x00" in data:
        raise _fail(display, "this is a binary file, not a YAML text file", "is it the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ScenarioError(
            [
                Problem(
                    display,
                    line,
                    column,
                    "error",
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                    "save it as UTF-8",
                )
            ]
        ) from None


def _fail(display: str, message: str, hint: str = "", line: int = 1, column: int = 1):
    return ScenarioError([Problem(display, line, column, "error", message, hint)])


def _one_line(text: str) -> str:
    return " ".join(text.split())


_YAML_MESSAGES = [
    (
        re.compile(r"expected a single document"),
        "the file holds more than one YAML document ('---'); a scenario is a single document",
        "remove the second '---' and what follows, or split it into two files",
    ),
    (
        re.compile(r"found character '\\t'"),
        "a tab character: YAML indents with spaces only",
        "replace the tabs with spaces",
    ),
    (
        re.compile(r"found undefined alias"),
        "an alias ('*name') refers to an anchor ('&name') that is not defined before it",
        "define the anchor first, or remove the '*'",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "a ':' where YAML does not expect one",
        "check the indentation, or put text with ': ' in quotes",
    ),
    (
        re.compile(r"could not find expected ':'|simple key"),
        "a line that should be 'key: value' has no ':'",
        "check this line and the one before it",
    ),
    (
        re.compile(r"control characters are not allowed|unacceptable character"),
        "a character that is not allowed in YAML text",
        "remove it (is this a text file?)",
    ),
]


def _yaml_error(exc: yaml.MarkedYAMLError, display: str) -> ScenarioError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw = _one_line(" ".join(x for x in (exc.context, exc.problem) if x))
    for pattern, message, hint in _YAML_MESSAGES:
        if pattern.search(raw):
            return _fail(display, message, hint, line, column)
    return _fail(display, f"this is not valid YAML: {raw}", "check the indentation", line, column)


class _Builder:
    """One walk over the composed graph: checks, expanded size, and the located tree."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.memo: dict[int, Node] = {}
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()

    def src(self, node: yaml.Node) -> Src:
        mark = node.start_mark
        return Src(self.display, mark.line + 1, mark.column + 1)

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        src = self.src(node)
        self.problems.append(Problem(src.file, src.line, src.column, "error", message, hint))

    def build(self, node: yaml.Node) -> Node:
        self.size(node, 0)
        return self.make(node)

    def size(self, node: yaml.Node, depth: int) -> int:
        """Expanded size with memoisation by identity: linear in the file, not the expansion."""
        key = id(node)
        known = self.sizes.get(key)
        if known is not None:
            return known
        if key in self.active:
            self.problem(node, "an alias refers to the value that contains it (a loop)")
            raise ScenarioError(self.problems)
        if depth > MAX_DEPTH:
            self.problem(
                node,
                f"the file is nested more than {MAX_DEPTH} levels deep",
                "a scenario needs about 8 levels",
            )
            raise ScenarioError(self.problems)
        self.active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += self.size(child, depth + 1)
        elif isinstance(node, yaml.MappingNode):
            for _key, child in node.value:
                total += 1 + self.size(child, depth + 1)
        self.active.discard(key)
        self.sizes[key] = total
        if total > MAX_EXPANDED:
            self.problem(
                node,
                f"this value expands to more than {MAX_EXPANDED:,} values "
                "(through aliases '*name', or sheer size)",
                "a scenario has a few thousand values; write them out without nested aliases",
            )
            raise ScenarioError(self.problems)
        return total

    def make(self, node: yaml.Node) -> Node:
        done = self.memo.get(id(node))
        if done is not None:
            return done
        if node.tag not in _PLAIN_TAGS:
            self.problem(
                node,
                f"the YAML tag '{_show_tag(node.tag)}' is not allowed",
                "scenarios are plain data: remove the tag",
            )
            out = Node("scalar", self.src(node))
        elif isinstance(node, yaml.ScalarNode):
            out = self.scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            out = Node("seq", self.src(node))
            self.memo[id(node)] = out
            out.items = [self.make(child) for child in node.value]
        else:
            out = Node("map", self.src(node))
            self.memo[id(node)] = out
            self.mapping(node, out)
        self.memo[id(node)] = out
        return out

    def scalar(self, node: yaml.ScalarNode) -> Node:
        construct = _SCALAR.get(node.tag)
        value: Any = node.value
        if construct is not None:
            try:
                value = construct(node)
            except (ValueError, TypeError, yaml.YAMLError):
                self.problem(node, f"'{node.value}' cannot be read as a value")
        # A value can't be NaN or infinite: every number in the format has a range.
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            self.problem(node, f"'{node.value}' is not a usable number", "write a finite number")
        return Node("scalar", self.src(node), value=value, text=node.value)

    def mapping(self, node: yaml.MappingNode, out: Node) -> None:
        for key_node, value_node in node.value:
            if key_node.tag == _YAML_TAG + "merge":
                self.problem(
                    key_node,
                    "merge keys ('<<') are not supported",
                    "write the keys out, or put shared values in a file and use 'extends:'",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.problem(key_node, "a key must be a plain name", "write 'name: value'")
                continue
            # Keys are always names in this format: read them as written, so that a key such
            # as NO or 2021 stays text instead of becoming false or a number.
            key = key_node.value
            if key in out.entries:
                first = out.entries[key][0]
                self.problem(
                    key_node,
                    f"duplicate key '{key}' (first written at line {first.line})",
                    "keep only one of them",
                )
                continue
            out.entries[key] = (self.src(key_node), self.make(value_node))


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag
