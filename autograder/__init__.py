"""autograder: auto-graded exercises for courses that teach neural networks from scratch."""

import sys

__version__ = "0.1.0"

# jsonschema (used by nbformat to validate notebooks) imports the optional package
# rfc3987_syntax when it is installed, which compiles a grammar for 1.5 s at every start of
# the CLI and of each grading worker. Notebook validation never checks URI formats, so the
# grader declines that optional import (unless something imported it already).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
