"""Markdown's link syntax, for every rule that reads links: safety, link checks, translations."""

from __future__ import annotations

import re

# `[text](target "title")` and `![alt](src)`; the target is group 1 (it may be empty).
# `(?:!\[|\[)` is `!?\[` written so that the regex engine skips to each `!` or `[` instead of
# trying a match at every character: the link rules scan every page with it.
MD_LINK = re.compile(r"(?:!\[|\[)(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
# `[label]: target` on a line of its own; footnote definitions (`[^1]: text`) are not links.
MD_REFERENCE = re.compile(r"^ {0,3}\[[^\]^]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
