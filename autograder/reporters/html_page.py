"""The page around the HTML reports: one self-contained file, readable on a phone.

No external stylesheet, script, font or image: the style sheet is inline and the pictures
are data: URLs. A Content-Security-Policy forbids every fetch and every script, so even
text that slipped through escaping could neither run nor call home.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["display_test_name", "page", "percent", "table"]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       margin: 0 auto; padding: 12px; max-width: 960px; background: #fafafa; }
h1 { font-size: 1.5rem; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.2rem; margin: 1.6em 0 0.5em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1rem; margin: 1em 0 0.3em; }
section, .card { background: white; border: 1px solid #e2e2e2; border-radius: 8px;
                 padding: 12px 14px; margin: 12px 0; }
.score { font-size: 2.2rem; font-weight: 700; }
.meter { background: #eee; border-radius: 4px; height: 10px; overflow: hidden; min-width: 60px; }
.meter > span { display: block; height: 100%; background: #2e7d32; }
.ok { color: #2e7d32; } .bad { color: #c62828; } .muted { color: #666; }
.hint { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px; margin: 6px 0; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em;
      background: #eef; padding: 0 4px; border-radius: 3px; white-space: nowrap; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 0; max-width: 100%; }
figcaption { font-size: 0.9rem; color: #444; max-width: 560px; }
img.plot { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.tests td:first-child, table.pass-rates td:first-child { width: 34%; }
table.submissions td:first-child { white-space: nowrap; }
@media (max-width: 600px) {
  body { padding: 6px; font-size: 15px; }
  table.stack thead { display: none; }
  table.stack tr { display: block; border-bottom: 1px solid #ddd; padding: 6px 0; }
  table.stack td { display: block; border: 0; padding: 2px 4px; }
  table.stack td:first-child { width: auto; font-weight: 600; }
  table.stack td.num { text-align: left; }
}
"""


def page(title: str, body: str) -> str:
    """A complete HTML document; `title` is escaped here, `body` must be escaped already."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def display_test_name(name: str) -> str:
    """`test_relu::test_relu_matches_the_reference[4x5]` ->
    `relu matches the reference [4x5]`: the behaviour, in words."""
    function = name.split("::", 1)[-1]
    base, _, case = function.partition("[")
    words = re.sub(r"^test_", "", base).replace("_", " ")
    return f"{words} [{case}" if case else words


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def table(name: str, headers: Sequence[str], rows: Iterable[str], *,
          numeric: Sequence[str] = ()) -> str:
    """A table that the style sheet stacks on narrow screens (class "stack" and `name`):
    `headers` as plain text, the `numeric` ones right-aligned; `rows` are ready <tr>s."""
    cells = "".join(f'<th class="num">{escape(h)}</th>' if h in numeric else f"<th>{escape(h)}</th>"
                    for h in headers)
    return (f'<table class="stack {name}"><thead><tr>{cells}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
