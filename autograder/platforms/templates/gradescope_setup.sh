#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (the zip is
# unpacked in /autograder/source). It installs Python 3.11 or newer if the image lacks it,
# then the autograder bundled in python/ into its own virtual environment.
set -euo pipefail

ROOT="${AUTOGRADER_GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/venv"

recent_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && recent_enough "$candidate"; then
        PYTHON="$(command -v "$candidate")"
        break
    fi
done
if [ -z "$PYTHON" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        python3.11 python3.11-venv
    PYTHON="$(command -v python3.11)"
fi

# Debian and Ubuntu ship the venv module separately.
if ! "$PYTHON" -m venv "$VENV"; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "$(basename "$PYTHON")-venv"
    "$PYTHON" -m venv "$VENV"
fi

"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "$SOURCE/python"
"$VENV/bin/python" -c "import autograder.platforms.gradescope"
