"""assignment.toml: an assignment's settings, read and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment_config import AssignmentConfig, ConfigError

GOOD = '''
helpers = ["init_utils"]

[diagnosis]
notebook_globals = "MODEL-GLOBALS"

[signatures.compute_cost]
parameters = ["A2", "Y"]
earlier = [["A2", "Y", "parameters"]]
fill = { parameters = {} }

[signatures.backward_propagation]
parameters = ["parameters", "cache", "X", "Y", "hidden_activation"]
defaults = { hidden_activation = "tanh" }
'''


def _load(tmp_path: Path, text: str) -> AssignmentConfig:
    path = tmp_path / "assignment.toml"
    path.write_text(text)
    return AssignmentConfig.load(path)


def test_settings_are_read(tmp_path: Path) -> None:
    config = _load(tmp_path, GOOD)
    assert config.helpers == ("init_utils",)
    assert config.notebook_globals_id == "MODEL-GLOBALS"
    cost = config.signatures["compute_cost"]
    assert cost.earlier == (("A2", "Y", "parameters"),) and dict(cost.fill) == {"parameters": {}}
    assert dict(config.signatures["backward_propagation"].defaults) == {
        "hidden_activation": "tanh"}


def test_no_file_means_every_default(tmp_path: Path) -> None:
    config = AssignmentConfig.load(tmp_path / "assignment.toml")
    assert (config.helpers, config.notebook_globals_id, dict(config.signatures)) == (
        None, None, {})


@pytest.mark.parametrize(("text", "error"), [
    ("helper = ['x']", "unknown key helper"),
    ("helpers = 'x'", "helpers must be a list of names"),
    ("[signatures.f]\ndefaults = {}", "parameters missing"),
    ("[signatures.f]\nparameters = ['a']\ndefaults = { b = 1 }",
     "defaults for parameters it does not have: b"),
    ("[signatures.f]\nparameters = ['a']\nearlier = [['a', 'b']]", "give a value in fill"),
    ("[signatures.f]\nparameters = ['a']\nextra = 1", "unknown key extra"),
    ("[diagnosis]\nnotebook_globals = 3", "must be a catalog id"),
])
def test_malformed_settings_say_where(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        _load(tmp_path, text)
