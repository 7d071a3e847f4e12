"""The one policy for characters that must never reach a terminal as they are.

Unsafe: control characters other than tab and line feed (ESC and CSI move the cursor,
recolour, retitle), invisible formatting characters (bidirectional overrides such as U+202E,
zero-width marks: they make text read other than it is) and the Unicode line and paragraph
separators. A catalogue may hold none of them (validate.py refuses each with its place); a
message that quotes the user's or a file's text shows them, and tabs and line breaks too, as
escapes (`visible`), so that a message stays one line and says what was there.
"""

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ALLOWED = frozenset("\t\n")


def is_unsafe(char: str) -> bool:
    import unicodedata  # only where some text is not plainly printable: an error path, or validation

    return char not in _ALLOWED and unicodedata.category(char) in _UNSAFE_CATEGORIES


def first_unsafe(text: str) -> str | None:
    """The first unsafe character of `text`, or None."""
    if text.replace("\n", " ").replace("\t", " ").isprintable():  # the common case, at C speed
        return None
    return next((char for char in text if is_unsafe(char)), None)


def visible(text: str) -> str:
    """`text` with every unsafe character, tab and line break written as an escape (\\x1b, \\u202e)."""
    return "".join(_escape(char) if char in _ALLOWED or is_unsafe(char) else char for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
