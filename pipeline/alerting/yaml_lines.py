"""YAML loading that remembers where each value was written, for errors that name the line.

``load_with_lines`` returns the plain data (dicts, lists, scalars, as ``yaml.safe_load``
would) and a map from each value's path (``("rules", 0, "window")``) to its 1-based line.
Duplicate mapping keys, which PyYAML silently resolves to the last one, are errors here:
in a rules file they are almost always a copy-paste mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem:
    """One thing wrong in a YAML text, with its 1-based line when known."""

    line: int | None
    message: str


class YamlLinesError(ValueError):
    """The text is not YAML, or repeats a mapping key."""

    def __init__(self, problems: Sequence[YamlProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` with the safe loader; return (data, {path: line})."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        problems = _duplicate_keys(node, ())
        if problems:
            raise YamlLinesError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        raise YamlLinesError([YamlProblem(line, f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise YamlLinesError([YamlProblem(None, f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    _record_lines(node, (), lines)
    return data, lines


def line_for(lines: dict[Path_, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest recorded ancestor (for a missing key)."""
    probe: Path_ = tuple(path)
    while True:
        if probe in lines:
            return lines[probe]
        if not probe:
            return None
        probe = probe[:-1]


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _record_lines(value_node, (*path, str(key_node.value)), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def _duplicate_keys(node: yaml.Node, path: Path_) -> list[YamlProblem]:
    problems: list[YamlProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in seen:
                where = ".".join(str(p) for p in (*path, key))
                problems.append(
                    YamlProblem(key_node.start_mark.line + 1, f"{where}: key given twice")
                )
            seen.add(key)
            problems.extend(_duplicate_keys(value_node, (*path, key)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicate_keys(item, (*path, index)))
    return problems
