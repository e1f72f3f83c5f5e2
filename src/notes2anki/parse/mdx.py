"""MDX: Markdown with JavaScript modules and JSX components, read as the Markdown it holds.

    import Callout from '../components/Callout';     module lines: code of the site, not notes
    export const meta = { level: 2 };
    <Callout type="tip" />                            a component alone on its line, closing itself

Those lines are set aside; everything else (fences included) is read as Markdown.
"""

from __future__ import annotations

import re

from notes2anki.parse.collect import Collector
from notes2anki.parse.lines import Line
from notes2anki.parse.set_aside import without_outside_fences

MDX_SUFFIX = ".mdx"
# "import X from 'y';", "import 'styles.css';", "export default Layout", "export const x = 1;"
MODULE_LINE = re.compile(r"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"]+['\"];?|export\s+\S.*)\s*$")
# "<Callout type="tip" />", "<Quiz.Answer id={3}/>": a capitalised component that closes itself.
SELF_CLOSING_COMPONENT = re.compile(r"^\s*<[A-Z][\w.]*(?:\s[^<>]*)?/>\s*$")


def without_mdx_syntax(lines: list[Line], collector: Collector) -> list[Line]:
    """The lines without module lines and self-closing components (outside code fences)."""

    def mdx_only(lines: list[Line], index: int) -> int:
        text = lines[index].text
        return 1 if MODULE_LINE.match(text) or SELF_CLOSING_COMPONENT.match(text) else 0

    return without_outside_fences(lines, collector, mdx_only)
