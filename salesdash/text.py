"""User- or file-supplied text made safe for Streamlit's markdown (docs/access.md: shown as text).

Streamlit renders the text of `st.markdown`, `st.warning`, `st.caption`, `st.success`… as markdown (GitHub
flavour) with its own directives (`:red[…]`, `:material/…:`, `$…$` math). A customer or file name must not become
a link, emphasis, code, a colour, an icon, a formula or an HTML tag. So the characters that open inline markup are
escaped with a backslash wherever they are (CommonMark lets any ASCII punctuation be escaped), those that open a
block (a heading, list, quote, rule) are escaped at the start, `www.` and e-mail addresses are kept from becoming
links, line breaks become spaces, and `<` `>` `&` become entities.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

# Inline markup anywhere: code, emphasis, links and images, HTML, tables, strikethrough, math, directives, autolinks.
_INLINE = re.compile(r"""([\\`*_\[\]()!|~$:@])""")
# Block markup at the start of the text: headings, quotes, lists (also "1." and "1)"), rules, setext underlines.
_BLOCK_START = re.compile(r"""^(\s*)([#+=-]|\d+[.)])""")
_WWW = re.compile(r"(?i)\b(www)\.")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(value: object) -> str:
    """`value` as text that markdown shows literally: '**x**' shows as **x**, never bold.

    >>> escape_markdown("[link](javascript:alert(1))")
    '\\\\[link\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    >>> escape_markdown("2025-01 · Ann")
    '2025-01 · Ann'
    """
    text = "".join(_HTML.get(c, c) for c in " ".join(str(value).splitlines()))  # first: no tag, no quote marker
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)
    return _WWW.sub(r"\1\\.", text)
