"""Path safety: rendered paths stay under the root with POSIX and Windows rules."""

from __future__ import annotations

import re
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stalker.core import paths
from stalker.exceptions import UnsafePathError
from stalker.files.paths import check_inside, safe_name, safe_relative_path

LABEL = "Structure('S').project_template"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("FC/Assets", "FC/Assets"),
        ("  FC//Assets/./Props/", "FC/Assets/Props"),
        ("FC/Sequences/SEQ1/Shots/SH001", "FC/Sequences/SEQ1/Shots/SH001"),
        ("Ünïcode/名前", "Ünïcode/名前"),
        ("a.b/..c/c..d", "a.b/..c/c..d"),
        ("CONSOLE/COM10/LPT0", "CONSOLE/COM10/LPT0"),
    ],
)
def test_safe_paths_are_normalized(given, expected):
    """Harmless paths come back '/' separated, without empty or '.' parts."""
    assert safe_relative_path(given, LABEL) == expected


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("../etc", "with a '..' component"),
        ("FC/../../etc", "with a '..' component"),
        ("/etc/passwd", "that is absolute"),
        ("//server/share/x", "that is absolute"),
        ("C:/Windows", "with a drive letter"),
        ("c:Windows", "with a drive letter"),
        ("FC\\..\\..\\x", "with a backslash (a separator on Windows only)"),
        ("\\\\server\\share", "with a backslash (a separator on Windows only)"),
        ("FC/a\x00b", "with a NUL or control character"),
        ("FC/a\nb", "with a NUL or control character"),
        ("FC/a\x7fb", "with a NUL or control character"),
        ("FC/a\n", "with a NUL or control character"),
        ("FC/a:b", "with ':', which Windows forbids in 'a:b'"),
        ("FC/a*", "with '*', which Windows forbids in 'a*'"),
        ("FC/what?", "with '?', which Windows forbids in 'what?'"),
        ('FC/"q"', "with '\"', which Windows forbids in '\"q\"'"),
        ("FC/a<b>", "with '<', which Windows forbids in 'a<b>'"),
        ("FC/a|b", "with '|', which Windows forbids in 'a|b'"),
        (
            "FC/trailing.",
            "with 'trailing.', which ends with a dot or space (Windows drops it)",
        ),
        (
            "EVIL/name ",
            "with 'name ', which ends with a dot or space (Windows drops it)",
        ),
        ("EVIL/name\t", "with a NUL or control character"),
        ("FC/ ", "with ' ', which ends with a dot or space (Windows drops it)"),
        (
            "FC/trailing /x",
            "with 'trailing ', which ends with a dot or space (Windows drops it)",
        ),
        ("FC/CON", "with 'CON', a Windows device name"),
        ("FC/nul.txt", "with 'nul.txt', a Windows device name"),
        ("FC/Com1", "with 'Com1', a Windows device name"),
        ("FC/LPT9.tar.gz", "with 'LPT9.tar.gz', a Windows device name"),
        ("FC/COM¹", "with 'COM¹', a Windows device name"),
        ("FC/aux .x", "with 'aux .x', a Windows device name"),
        ("", "that is empty"),
        ("  ./", "that is empty"),
    ],
)
def test_unsafe_paths_are_refused(given, problem):
    """Each unsafe path raises, naming the template and the offending part."""
    with pytest.raises(UnsafePathError) as error:
        safe_relative_path(given, LABEL)
    assert str(error.value) == (
        f"{LABEL} should give a relative path that stays under the repository root "
        f"on every OS, not one {problem}: {given!r}"
    )


def test_too_long_name_is_refused():
    """A name longer than 255 bytes in UTF-8 is refused, even if short in characters."""
    name = "é" * 128
    with pytest.raises(UnsafePathError) as error:
        safe_relative_path(f"FC/{name}", LABEL)
    assert "with a name longer than 255 bytes" in str(error.value)


def test_too_long_path_is_refused_and_shortened():
    """A path longer than the column is refused; the message shows its start."""
    with pytest.raises(UnsafePathError) as error:
        safe_relative_path("a" * 1025, LABEL)
    assert str(error.value) == (
        f"{LABEL} should give a relative path that stays under the repository root "
        f"on every OS, not one longer than 1024 characters: {'a' * 117!r}..."
    )


def test_empty_allowed_when_asked():
    """allow_empty lets an empty path mean the root itself."""
    assert safe_relative_path(" ", LABEL, allow_empty=True) == ""


def test_safe_name_is_one_component():
    """safe_name takes one name and refuses a '/' in it."""
    assert safe_name("FANCY_COMMERCIAL", "Project('F').code") == "FANCY_COMMERCIAL"
    with pytest.raises(UnsafePathError) as error:
        safe_name("FANCY/COMMERCIAL", "Project('F').code")
    assert "with a '/' in a single file or folder name" in str(error.value)


def test_check_inside_accepts_links_that_stay_inside(tmp_path):
    """A symbolic link leading elsewhere inside the root is fine."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert check_inside(tmp_path, "link/new", LABEL) == tmp_path / "link" / "new"


def test_check_inside_refuses_links_leading_out(tmp_path):
    """A symbolic link inside the root leading outside is refused."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "escape").symlink_to(outside)
    with pytest.raises(UnsafePathError) as error:
        check_inside(root, "escape/new", LABEL)
    assert str(error.value) == (
        f"{LABEL} should give a relative path that stays under the repository root "
        f"on every OS, not one that a symbolic link leads outside to "
        f"{str(outside / 'new')!r}: 'escape/new'"
    )


def _outcome(text: str, allow_empty: bool) -> tuple:
    """What safe_relative_path gives for ``text``: its result or its error."""
    try:
        return ("path", safe_relative_path(text, LABEL, allow_empty=allow_empty))
    except UnsafePathError as error:
        return ("refused", str(error))


_NAMES = st.sampled_from(
    [
        *("a", "SH010", "v001.ma", "..", ".", "a.", "a ", " a", "-_.-", "C:"),
        *("CON", "con.ma", "Com1", "COM10", "LPT9.tar.gz", "nul", "aux", "PRN.x"),
        *("CONIN$", "LPT¹", "x" * 255, "x" * 256, "é" * 128, "a:b", "a*", "a\\b"),
        *("a\x00", "\u212a", "\u017f"),  # Kelvin sign, long s: ASCII letters in (?i)
    ]
)
_PATHS = st.lists(
    st.one_of(_NAMES, st.text(alphabet="aZ09_-. /\\:éK", max_size=8)), max_size=6
).map("/".join) | st.text(max_size=20)


@settings(max_examples=500, deadline=None)
@given(text=_PATHS, allow_empty=st.booleans())
@example(text="a" * 1024, allow_empty=False)
@example(text="a" * 1025, allow_empty=False)
@example(text="Sequences/SEQ010/Shots/SH0100/Animation", allow_empty=True)
def test_plain_paths_shortcut_agrees_with_the_rules(text, allow_empty):
    """The shortcut for plain paths answers exactly as the full rules would."""
    shortcut = _outcome(text, allow_empty)
    with patch.object(paths, "_PLAIN_PATH", re.compile(r"(?!)")):  # never matches
        assert _outcome(text, allow_empty) == shortcut


@pytest.mark.parametrize(
    "text",
    ["SH010_anim_MAIN_v003.ma", "Sequences/SEQ010/Shots/SH0100/Animation", "a.b/c-d"],
)
def test_plain_paths_take_the_shortcut(text):
    """Plain paths are accepted by the shortcut alone, the full rules never run."""
    with patch.object(paths, "_component_problem", side_effect=AssertionError):
        assert safe_relative_path(text, LABEL) == text
