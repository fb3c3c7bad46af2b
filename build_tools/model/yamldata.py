"""The project's YAML data files, read with their line numbers and checked against a JSON Schema.

Every data file a person edits (``data/convention.yaml``, ``data/ratifications.yaml``,
``data/submission.yaml``, ``locale/<lang>/terminology.yaml``) has a schema in
``data/schemas/<name>.schema.json``, and is loaded through :func:`load`:

- PyYAML composes the document into nodes first (each node knows its ``start_mark``), then
  constructs the data from them: one parse, and every value keeps the line it came from;
- jsonschema validates a JSON view of the data (dates as ``YYYY-MM-DD`` text, keys as
  text), so the schemas are plain JSON Schema (draft 2020-12, ``format`` checked);
- an error is raised as :class:`DataError` at ``file:line`` of the offending node (of the
  unknown key, for a key that is not allowed), saying what is wrong and what is valid
  (the schema's ``description`` of the field, when it has one);
- a key given twice is an error too (PyYAML would silently keep the last one).

Checks across fields that a schema cannot say (articles numbered without gaps, a count
that matches its list) stay in the loaders, located with :meth:`Document.line`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from build_tools.model.errors import ModelError

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
#: the C loader is ten times faster (convention.yaml is read by every build)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TYPES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}

PathPart = str | int


class DataError(ModelError):
    """A data file that is not valid: ``file:line: what is wrong; what is valid``."""

    def __init__(self, message: str, path: Path, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.message = message
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Document:
    """A loaded data file: its data and the nodes it was made from (for line numbers)."""

    path: Path
    data: Any
    root: yaml.Node | None

    def node(self, *keys: PathPart) -> yaml.Node | None:
        """The node at ``keys`` (mapping keys and list indexes), or the deepest that exists."""
        node = self.root
        for key in keys:
            child = _child(node, key)
            if child is None:
                return node
            node = child
        return node

    def line(self, *keys: PathPart) -> int | None:
        """1-based line where the value at ``keys`` starts."""
        node = self.node(*keys)
        return node.start_mark.line + 1 if node is not None else None

    def key_line(self, *keys: PathPart) -> int | None:
        """1-based line of the key ``keys[-1]`` itself (a mapping's entry)."""
        parent = self.node(*keys[:-1])
        if isinstance(parent, yaml.MappingNode):
            for key_node, _ in parent.value:
                if key_node.value == str(keys[-1]):
                    return key_node.start_mark.line + 1
        return self.line(*keys)

    def error(self, message: str, *keys: PathPart) -> DataError:
        return DataError(message, self.path, self.line(*keys))


def _child(node: yaml.Node | None, key: PathPart) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        if 0 <= key < len(node.value):
            return node.value[key]
    return None


@cache
def schema(name: str) -> dict[str, Any]:
    """``data/schemas/<name>.schema.json``, checked once to be a valid schema itself."""
    loaded = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def load(path: Path, schema_name: str | None) -> Document:
    """Read ``path`` and validate it against the named schema; ``DataError`` if it is not valid.

    An empty file is an empty mapping (``None`` data), validated like one.
    """
    document = parse(path)
    if schema_name is not None:
        validate(document, schema(schema_name))
    return document


def parse(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot be read ({error.strerror})", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError("not valid UTF-8: save the file as UTF-8", path, line) from None
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_duplicate_keys(root, path)
        data = loader.construct_document(root) if root is not None else None
    except DataError:
        raise
    except yaml.YAMLError as error:  # one line, at the line the parser stopped
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "syntax error"
        line = mark.line + 1 if mark is not None else None
        raise DataError(f"not valid YAML: {problem}", path, line) from None
    except ValueError as error:  # a value YAML recognises but cannot make: 2025-02-30
        node = _unconstructable(root, yaml.SafeLoader(""))
        line = node.start_mark.line + 1 if node is not None else None
        shown = f"'{node.value}': " if node is not None else ""
        raise DataError(f"{shown}{error}", path, line) from None
    finally:
        loader.dispose()
    return Document(path, data, root)


def _unconstructable(node: yaml.Node | None, loader: Any) -> yaml.ScalarNode | None:
    """The first scalar whose value cannot be constructed (a date that does not exist)."""
    if isinstance(node, yaml.ScalarNode):
        try:
            loader.construct_object(node, deep=True)
        except ValueError:
            return node
        return None
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        if (found := _unconstructable(child, loader)) is not None:
            return found
    return None


def _refuse_duplicate_keys(node: yaml.Node, path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise DataError(
                        f"key '{key_node.value}' given twice (first on line "
                        f"{seen[key_node.value]}): keep one",
                        path,
                        line,
                    )
                seen[key_node.value] = line
            _refuse_duplicate_keys(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, path)


def as_json(value: Any) -> Any:
    """The data as JSON would hold it: dates as ISO text, mapping keys as text."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    return value


def validate(document: Document, schema_data: dict[str, Any]) -> None:
    """Raise the first error (in file order) of ``document`` against ``schema_data``."""
    validator = jsonschema.Draft202012Validator(
        schema_data, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    instance = as_json(document.data) if document.data is not None else {}
    errors = list(_leaves(validator.iter_errors(instance)))
    if not errors:
        return
    located = [(_error_line(document, error), index, error) for index, error in enumerate(errors)]
    line, _, first = min(located, key=lambda item: (item[0] or 0, item[1]))
    raise DataError(describe(first), document.path, line)


def _leaves(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """For ``anyOf`` / ``oneOf``, the error of the alternative that came closest."""
    for error in errors:
        if error.context:
            yield jsonschema.exceptions.best_match(error.context)
        else:
            yield error


def _extra_keys(error: jsonschema.ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return sorted(key for key in error.instance if key not in allowed)


def _is_key(error: jsonschema.ValidationError) -> bool:
    """The error is about a mapping's key (``propertyNames``), not about a value."""
    return "propertyNames" in error.absolute_schema_path


def _error_line(document: Document, error: jsonschema.ValidationError) -> int | None:
    keys = tuple(error.absolute_path)
    if _is_key(error):
        return document.key_line(*keys, error.instance)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = _extra_keys(error)
        lines = [document.key_line(*keys, key) for key in extra]
        return min((line for line in lines if line), default=document.line(*keys))
    return document.line(*keys)


def where(keys: tuple[PathPart, ...]) -> str:
    """``parties[3].kind``; the whole file is ``the file``."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "the file"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(error: jsonschema.ValidationError) -> str:
    """What is wrong, and what is valid, in words a data editor understands."""
    at = where(tuple(error.absolute_path))
    kind, expected = error.validator, error.validator_value
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    if _is_key(error):
        key = f"key {_shown(error.instance)}" + (f" of {at}" if error.absolute_path else "")
        return f"{key} is not valid; {hint}" if hint else f"{key} is not valid"
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPES.get(t, t) for t in types)
        problem = f"{at} must be {wanted}, not {_shown(error.instance)}"
    elif kind == "enum":
        valid = ", ".join(str(v) for v in expected)
        problem = f"{at}: {_shown(error.instance)} is not valid; valid: {valid}"
        hint = None
    elif kind == "const":
        problem = f"{at} must be {expected!r}, not {_shown(error.instance)}"
    elif kind == "required":
        missing = next((n for n in expected if n not in error.instance), expected[0])
        problem = f"{at}: missing '{missing}' (required: {', '.join(expected)})"
    elif kind == "additionalProperties":
        valid = ", ".join(sorted(error.schema.get("properties", {})))
        extra = ", ".join(_extra_keys(error))
        problem = f"{at}: unknown key(s) {extra}; valid: {valid}"
        hint = None
    elif kind == "format" and expected == "date":
        problem = f"{at}: {_shown(error.instance)} is not a date; write it as YYYY-MM-DD"
        hint = None
    elif kind in ("minItems", "minLength", "minProperties"):
        problem = f"{at} must not be empty"
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        problem = f"{at}: {_shown(error.instance)} is out of range ({kind} {expected})"
    elif kind == "pattern":
        problem = f"{at}: {_shown(error.instance)} is not valid"
        hint = hint or f"it must match {expected}"
    elif kind == "uniqueItems":
        problem = f"{at}: an item is listed twice"
    else:
        problem = f"{at}: {error.message}"
    return f"{problem}; {hint}" if hint else problem
