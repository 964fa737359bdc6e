"""An assignment's settings, as data: `solutions/<name>/assignment.toml`.

Everything the engine must know about one exercise that is not in its notebook, its suite
or its catalog. Every key is optional:

    # Modules beside the notebook that ship with the release. Student and reference code
    # import them as they are (in the sandbox too). Default: every .py file beside the
    # notebook except public_cases.py.
    helpers = ["utils"]

    [diagnosis]
    # The catalog id named when a graded function reads a notebook variable (X, Y, ...)
    # instead of its arguments; without it such a failure names no misconception.
    notebook_globals = "MODEL-GLOBALS"

    # The forms a graded function may have in courses' notebooks (grading.signatures).
    [signatures.compute_cost]
    parameters = ["A2", "Y"]                 # the form the hidden tests call
    defaults = {}                            # optional parameters and their defaults
    earlier = [["A2", "Y", "parameters"]]    # earlier forms, still accepted
    fill = { parameters = {} }               # what to pass for what only they take
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from autograder.grading.signatures import Signature

__all__ = ["CONFIG_FILE", "AssignmentConfig", "ConfigError"]

CONFIG_FILE = "assignment.toml"
_TOP = {"helpers", "diagnosis", "signatures"}
_SIGNATURE = {"parameters", "defaults", "earlier", "fill"}


class ConfigError(ValueError):
    """assignment.toml is malformed; the message says where."""


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.isidentifier()
                                              for v in value):
        raise ConfigError(f"{where} must be a list of names")
    return tuple(value)


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table")
    return value


def _signature(name: str, table: Any, path: Path) -> Signature:
    where = f"{path}: [signatures.{name}]"
    table = _table(table, where)
    unknown = sorted(set(table) - _SIGNATURE)
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)}")
    if "parameters" not in table:
        raise ConfigError(f"{where}: parameters missing")
    parameters = _names(table["parameters"], f"{where} parameters")
    defaults = _table(table.get("defaults", {}), f"{where} defaults")
    stray = sorted(set(defaults) - set(parameters))
    if stray:
        raise ConfigError(f"{where}: defaults for parameters it does not have: "
                          f"{', '.join(stray)}")
    earlier_list = table.get("earlier", [])
    if not isinstance(earlier_list, list):
        raise ConfigError(f"{where}: earlier must be a list of forms")
    earlier = tuple(_names(form, f"{where} earlier") for form in earlier_list)
    fill = _table(table.get("fill", {}), f"{where} fill")
    for form in earlier:
        unfilled = [p for p in form if p not in parameters and p not in fill]
        if unfilled:
            raise ConfigError(f"{where}: the earlier form ({', '.join(form)}) takes "
                              f"{', '.join(unfilled)}: give a value in fill")
    return Signature(parameters, MappingProxyType(defaults), earlier, MappingProxyType(fill))


@dataclass(frozen=True)
class AssignmentConfig:
    helpers: tuple[str, ...] | None = None
    notebook_globals_id: str | None = None
    signatures: Mapping[str, Signature] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> AssignmentConfig:
        """The settings in `path`; all defaults when there is no such file."""
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from error
        unknown = sorted(set(data) - _TOP)
        if unknown:
            raise ConfigError(f"{path}: unknown key {', '.join(unknown)} (known: "
                              f"{', '.join(sorted(_TOP))})")
        helpers = _names(data["helpers"], f"{path}: helpers") if "helpers" in data else None
        diagnosis = _table(data.get("diagnosis", {}), f"{path}: [diagnosis]")
        globals_id = diagnosis.get("notebook_globals")
        if globals_id is not None and not isinstance(globals_id, str):
            raise ConfigError(f"{path}: [diagnosis] notebook_globals must be a catalog id")
        signatures = {name: _signature(name, table, path) for name, table in
                      _table(data.get("signatures", {}), f"{path}: [signatures]").items()}
        return cls(helpers, globals_id, MappingProxyType(signatures))
