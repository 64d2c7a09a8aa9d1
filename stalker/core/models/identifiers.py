"""Login names and e-mail addresses that cannot pass for someone else's.

Unicode lets two different strings look the same: a Cyrillic o (U+043E)
among Latin letters, full-width letters (U+FF4F for o), an invisible
zero-width space, a right-to-left override that shows the rest backwards.
Following Unicode's identifier and security guidance (UTS #31, UTS #39),
such text is refused:

- canonically equivalent forms are one name: the text is kept in NFC;
- compatibility characters (full-width and styled letters, ligatures,
  superscripts), which NFKC would change, are refused, not silently folded;
- invisible and direction-changing characters (format and control
  characters, default-ignorable letters and marks) are refused;
- beyond ASCII only letters, combining marks and digits are allowed;
- the letters of each part are of one script, or of one of the script
  combinations UTS #39's Highly Restrictive level allows (Latin with the
  Japanese, Chinese or Korean scripts); Common and Inherited characters
  (digits, punctuation, combining marks) go with any script.

Plain ASCII text, the usual case, takes a fast path that needs none of it.
The script of a character comes from ``confusable_homoglyphs`` (Unicode's
Scripts.txt), imported only when non-ASCII text is checked.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from stalker.core.models.validation import refuse

#: Letters and marks that are default-ignorable: drawn as nothing at all.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)

#: Script sets allowed together (UTS #39, Highly Restrictive).
_SCRIPT_FAMILIES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
_ANY_SCRIPT = frozenset({"COMMON", "INHERITED"})

_INVISIBLE = "a string without invisible or direction-changing characters"


def _scripts(text: str) -> set[str]:
    """The scripts of the letters of ``text`` (Common and Inherited left out)."""
    from confusable_homoglyphs import categories

    return set(categories.unique_aliases(text)) - _ANY_SCRIPT


def _is_one_script(text: str) -> bool:
    scripts = _scripts(text)
    return len(scripts) <= 1 or any(scripts <= family for family in _SCRIPT_FAMILIES)


def _is_allowed_character(char: str) -> bool:
    return char.isascii() or unicodedata.category(char)[0] in "LMN"


def check_identifier_text(obj: Any, attr: str, value: str, separators: str = "") -> str:
    """Return ``value`` in NFC, or refuse text that could pass for other text.

    Each part of ``value`` between ``separators`` (e.g. ``"@."`` for an
    e-mail address) must be of one script.
    """
    if not value.isprintable():
        refuse(obj, attr, _INVISIBLE, value)
    if value.isascii():
        return value
    if _IGNORABLE.search(value):
        refuse(obj, attr, _INVISIBLE, value)
    text = unicodedata.normalize("NFC", value)
    if unicodedata.normalize("NFKC", text) != text:
        refuse(
            obj,
            attr,
            "a string without compatibility characters such as "
            "full-width or styled letters",
            value,
        )
    if not all(_is_allowed_character(char) for char in text):
        refuse(
            obj,
            attr,
            "a string whose characters beyond ASCII are letters, marks or digits",
            value,
        )
    parts = re.split(f"[{re.escape(separators)}]", text) if separators else [text]
    if not all(_is_one_script(part) for part in parts):
        refuse(obj, attr, "a string whose letters are of one script", value)
    return text


__all__ = ["check_identifier_text"]
