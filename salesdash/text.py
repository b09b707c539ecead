"""User- or file-supplied text made safe for Streamlit's markdown (docs/access.md: shown as text).

Streamlit renders the text of `st.markdown`, `st.warning`, `st.caption`, `st.success`… as markdown with its
own directives (`:red[…]`, `:material/…:`, `$…$` math). A customer or file name must not become a link,
bold text, a colour, an icon or a formula: every markdown punctuation character is escaped with a backslash
(CommonMark: any ASCII punctuation may be escaped), line breaks become spaces, and `<` `>` `&` are escaped
so nothing can open an HTML tag.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

# Every ASCII punctuation character CommonMark lets a backslash escape, Streamlit's ':' and '$' included.
_PUNCTUATION = re.compile(r"""([\\`*_{}\[\]()#+\-.!|~:$"'=/?@^])""")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_markdown(value: object) -> str:
    """`value` as text that markdown shows literally: '**x**' shows as **x**, never bold.

    >>> escape_markdown("[link](javascript:alert(1))")
    '\\\\[link\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    text = " ".join(str(value).splitlines())
    text = _PUNCTUATION.sub(r"\\\1", text)
    return "".join(_HTML.get(c, c) for c in text)
