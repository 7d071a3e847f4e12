"""Which words are English: a typo is corrected only where a word is not a word.

The word list is pyspellchecker's English word-frequency table (MIT licence), read as bytes and
searched, not parsed: decompressing and searching it costs about 25 ms, where
parsing its 160,000 entries into a dict would cost about 110 ms. It is read only for a query
that has a word the catalogue does not know.
"""

import gzip
import re
from functools import cache
from importlib import resources

# A word seen fewer times than this in the table's corpus is too rare to be what a person meant
# ('aalii', 'bak'): a near catalogue word is the likelier reading.
MIN_COUNT = 1000


@cache
def _table() -> bytes:
    return gzip.decompress((resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes())


def english(words: set[str]) -> set[str]:
    """Those of `words` (lower-case) that are common English words."""
    if not words:
        return set()
    alternatives = b"|".join(re.escape(word.encode()) for word in sorted(words))
    return {match[1].decode() for match in re.finditer(b'"(' + alternatives + rb')":\s*(\d+)', _table())
            if int(match[2]) >= MIN_COUNT}
