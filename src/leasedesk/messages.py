"""Error messages for people: one line, and no bad value repeated at full length.

A deal file can hold a value of any length (an id of 100,000 characters), and the
messages of validation quote it. The command line (``one_line``) and the window print
every error through ``shorten_values``, so a bad value shows at most ``VALUE_LIMIT``
characters.
"""

from __future__ import annotations

import re

VALUE_LIMIT = 80
ELLIPSIS = "…"

# A quoted value ('...' or "...", opened after a space, a bracket or the start) or an offer id in [...].
_QUOTED = re.compile(r"""(?:(?<=^)|(?<=[\s(\[]))(['"])(?P<value>[^\n]*?)\1(?=$|[\s,.;:)\]])""")
_BRACKETED = re.compile(r"\[(?P<value>[^\[\]\n]*)\]")
# Any other long run without spaces (a file name of 300 characters, a number of 1,000 digits);
# quotes, brackets and path separators end such a run, so a field name or a folder stays whole.
_LONG_WORD = re.compile(r"[^\s'\"\[\]/\\]{" + str(VALUE_LIMIT + 1) + ",}")


def shorten(value: str, limit: int = VALUE_LIMIT) -> str:
    """``value`` itself when short enough, else its first ``limit`` characters and an ellipsis."""
    return value if len(value) <= limit else value[:limit] + ELLIPSIS


def shorten_values(message: str, limit: int = VALUE_LIMIT) -> str:
    """``message`` with each quoted or bracketed value, and each word, cut to ``limit`` characters."""

    def cut(match: re.Match[str]) -> str:
        value = match.group("value")
        if len(value) <= limit:
            return match.group(0)
        start, end = match.span("value")
        whole = match.group(0)
        offset = match.start()
        return whole[: start - offset] + shorten(value, limit) + whole[end - offset :]

    message = _QUOTED.sub(cut, message)
    message = _BRACKETED.sub(cut, message)
    return _LONG_WORD.sub(lambda match: shorten(match.group(0), limit), message)


def one_line(message: str) -> str:
    """The text an error shows on the command line: one line, long values shortened."""
    return " ".join(shorten_values(message).split())
