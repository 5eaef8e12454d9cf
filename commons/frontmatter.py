"""Split a Markdown file into YAML front-matter and body, keeping line and column of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # libyaml is an order of magnitude faster and keeps the same marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader

Position = tuple[int, int]


@dataclass
class FrontMatterError(Exception):
    """A front-matter that cannot be read, with its 1-based position in the file."""

    rule: str
    message: str
    line: int = 1
    column: int = 1


@dataclass
class Document:
    """A parsed Markdown file: its front-matter data, body, and where each value stands."""

    meta: dict
    body: str
    body_line: int
    positions: dict[tuple, Position] = field(default_factory=dict)
    key_positions: dict[tuple, Position] = field(default_factory=dict)
    duplicates: list[tuple[tuple, Position]] = field(default_factory=list)

    def where(self, path: tuple) -> Position:
        """Position of the value at `path`, or of its closest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (1, 1)

    def where_key(self, path: tuple) -> Position:
        """Position of the key that introduces `path`."""
        return self.key_positions.get(tuple(path)) or self.where(path)


def normalise(raw: bytes | str) -> str:
    """Decode UTF-8 (with or without BOM) and turn CRLF and CR line endings into LF."""
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    if "\r" not in text:  # as most files: one look instead of two copies
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, first body line) or raise FrontMatterError."""
    if not text.strip():
        raise FrontMatterError(
            "empty-file",
            "file is empty: expected front-matter between '---' lines, then the page text",
        )
    first = text.split("\n", 1)[0]
    if first.rstrip() != "---":
        raise FrontMatterError(
            "no-front-matter",
            f"no front-matter: expected the file to start with a '---' line; found {first[:40]!r}",
        )
    # Line by line up to the closing line only: the body is not cut into lines.
    start = len(first) + 1
    index, at = 1, start
    while at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if text[at:end].rstrip() in ("---", "..."):
            return text[start : max(at - 1, start)] + "\n", text[end + 1 :], index + 2
        index, at = index + 1, end + 1
    raise FrontMatterError(
        "unclosed-front-matter",
        "front-matter is not closed: expected a second '---' line after the fields",
    )


def _record(node, path, doc: Document) -> None:
    """Walk the YAML node tree and note where each key and value starts (1-based)."""
    doc.positions[path] = (node.start_mark.line + 2, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            key_pos = (key_node.start_mark.line + 2, key_node.start_mark.column + 1)
            if key in seen:
                doc.duplicates.append((path + (key,), key_pos))
            seen.add(key)
            doc.key_positions[path + (key,)] = key_pos
            _record(value_node, path + (key,), doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, path + (index,), doc)


def _yaml_error(error: yaml.YAMLError) -> FrontMatterError:
    """Turn a PyYAML error into a positioned, plain-language message."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        quoted = re.search(r"'([^']+)'", problem)
        tag = (quoted.group(1) if quoted else problem).replace("tag:yaml.org,2002:", "!!")
        return FrontMatterError(
            "unsafe-yaml-tag",
            f"YAML tag {tag!r} is not allowed: front-matter holds plain values only "
            "(text, numbers, lists, mappings); the tag was not executed",
            line,
            column,
        )
    context = getattr(error, "context", None)
    detail = f"{context}, {problem}" if context else problem
    return FrontMatterError(
        "yaml-syntax", f"front-matter is not valid YAML: {detail}", line, column
    )


def _refuse_aliases(source: str) -> None:
    """Raise FrontMatterError at the first YAML alias (`*name`) in `source`.

    An alias repeats an anchored value: one that holds itself sends every reader of the
    fields round for ever, and a few nested ones grow into billions of values.
    """
    if "*" not in source:  # every alias starts with one; most front-matter has none
        return
    loader = SafeLoader(source)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError(
                    "yaml-alias",
                    f"YAML alias '*{event.anchor}' is not allowed: write the value it "
                    "repeats in full where it is needed",
                    event.start_mark.line + 2,
                    event.start_mark.column + 1,
                )
    finally:
        loader.dispose()


def load_yaml(source: str) -> tuple[object, yaml.Node | None]:
    """Load YAML safely, keeping its node tree for positions; raise FrontMatterError."""
    try:
        _refuse_aliases(source)
        loader = SafeLoader(source)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise _yaml_error(error) from None
    return data, node


def parse(raw: bytes | str) -> Document:
    """Parse a whole Markdown file; raise FrontMatterError with a position when it is unreadable."""
    try:
        text = normalise(raw)
    except UnicodeDecodeError as error:
        raise FrontMatterError(
            "encoding", f"file is not UTF-8 text: byte {error.start} cannot be decoded"
        ) from None
    source, body, body_line = split(text)
    data, node = load_yaml(source)
    if data is None:
        raise FrontMatterError(
            "empty-front-matter",
            "front-matter is empty: expected fields such as 'title:' between the '---' lines",
            2,
            1,
        )
    if not isinstance(data, dict):
        raise FrontMatterError(
            "front-matter-not-mapping",
            f"front-matter must be 'field: value' lines; found a {type(data).__name__}",
            2,
            1,
        )
    doc = Document(meta=data, body=body, body_line=body_line)
    _record(node, (), doc)
    return doc
