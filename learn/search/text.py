"""The one tokenizer every search backend's words go through.

The text indexed is computed once, at render time (:mod:`learn.lessons.plaintext`), and stored with the
rendered HTML. ``words`` is the tokenizer: runs of letters and digits, lower case, accents removed, the
same words as SQLite FTS5's ``unicode61 remove_diacritics 2`` tokenizer. On SQLite it is only used for
the query (FTS5 tokenizes the documents itself); on PostgreSQL both the documents and the query go
through it, so a number like ``0.988`` is the words ``0`` and ``988`` on both backends, whatever
PostgreSQL's own parser would have made of it.
"""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"[^\W_]+")
MAX_WORD = 64  # longer "words" in a query are cut: nobody types them, and they cost index lookups


def fold(text: str) -> str:
    """Lower case without accents ('Café' -> 'cafe'), as FTS5's remove_diacritics does.

    Superscripts, fractions and other "No" numbers become spaces: PostgreSQL's parser drops them, so
    treating them as separators on both backends keeps ``m²`` the same word, ``m``, everywhere.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(
        " " if unicodedata.category(c) == "No" else c for c in decomposed if not unicodedata.combining(c)
    ).lower()


def words(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))
