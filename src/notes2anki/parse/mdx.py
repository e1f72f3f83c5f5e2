"""MDX: Markdown with JavaScript modules and JSX components, read as the Markdown it holds.

    import Callout from '../components/Callout';     module lines: code of the site, not notes
    export const meta = { level: 2 };
    <Callout type="tip" />                            a component alone on its line, closing itself

Those lines are set aside; everything else (fences included) is read as Markdown.
"""

from __future__ import annotations

import re

from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line

MDX_SUFFIX = ".mdx"
# "import X from 'y';", "import 'styles.css';", "export default Layout", "export const x = 1;"
MODULE_LINE = re.compile(r"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"]+['\"];?|export\s+\S.*)\s*$")
# "<Callout type="tip" />", "<Quiz.Answer id={3}/>": a capitalised component that closes itself.
SELF_CLOSING_COMPONENT = re.compile(r"^\s*<[A-Z][\w.]*(?:\s[^<>]*)?/>\s*$")


def without_mdx_syntax(lines: list[Line], collector: Collector) -> list[Line]:
    """The lines without module lines and self-closing components (outside code fences)."""
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None and span.kind == "fence":
            kept.extend(span.lines)
            index += len(span.lines)
            continue
        line = lines[index]
        index += 1
        if MODULE_LINE.match(line.text) or SELF_CLOSING_COMPONENT.match(line.text):
            collector.set_aside_lines([line])
        else:
            kept.append(line)
    return kept
