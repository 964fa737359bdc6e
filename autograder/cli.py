"""Command-line interface (placeholder until the commands land)."""


def main() -> int:
    return 0
