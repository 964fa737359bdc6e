"""An assignment's helper modules (listed in its assignment.toml): importable by the
reference and by student code, in this process and in every sandbox.

Courses ship given code beside the notebook, and students' functions call it:
`from utils import sigmoid`. The helpers are the instructor's (trusted, released to
students anyway); they are imported from their files by path, under their module names, so
that a notebook's own `import` statement then finds them loaded. The sandbox's warm parent
imports them the same way before it isolates itself: its sandboxes see no files of the
project, yet `from utils import ...` works there from the loaded module.

The release's check machinery (public_checks, public_cases, public_compare) is the other
kind of shipped module: grading never runs `check(...)`, so imports of those are dropped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CHECK_MODULES", "HelperImportError", "import_helpers"]

CHECK_MODULES = frozenset({"public_checks", "public_cases", "public_compare"})


class HelperImportError(RuntimeError):
    """A helper module failed to import: the instructor's to fix."""


def _loaded_from(name: str, path: Path) -> bool:
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and os.path.realpath(file) == os.path.realpath(path)


def import_helpers(modules: Mapping[str, Path]) -> None:
    """Import each helper module from its file under its name (once; again if another file
    of that name was loaded before, as another assignment's)."""
    for name, path in modules.items():
        if _loaded_from(name, path):
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise HelperImportError(f"helper module {name} cannot be loaded from {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        # A helper may import another helper of the assignment: its folder is
        # searched while it loads.
        sys.path.insert(0, str(path.parent))
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            del sys.modules[name]
            raise HelperImportError(f"helper module {path} fails to import: "
                                    f"{type(error).__name__}: {error}") from error
        finally:
            sys.path.remove(str(path.parent))
