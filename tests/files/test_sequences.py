"""File sequences: frame patterns expanded and found on disk."""

from __future__ import annotations

import pytest

from stalker import Link, LinkType
from stalker.exceptions import ValidationError, ValidationTypeError
from stalker.files.sequences import FramePattern


@pytest.mark.parametrize(
    ("filename", "pattern"),
    [
        ("sh001.####.exr", FramePattern("sh001.", 4, ".exr")),
        ("sh001.#.exr", FramePattern("sh001.", 1, ".exr")),
        ("sh001.%04d.exr", FramePattern("sh001.", 4, ".exr")),
        ("sh001.%d.exr", FramePattern("sh001.", 0, ".exr")),
        ("sh001.$F4.exr", FramePattern("sh001.", 4, ".exr")),
        ("sh001.$F.exr", FramePattern("sh001.", 0, ".exr")),
        ("v#2_####.dpx", FramePattern("v#2_", 4, ".dpx")),
        ("sh001.exr", None),
    ],
)
def test_patterns_are_parsed(filename, pattern):
    """Nuke, printf and Houdini patterns are understood; the last one counts."""
    assert FramePattern.parse(filename) == pattern


@pytest.mark.parametrize(
    ("filename", "names"),
    [
        ("a.####.exr", ["a.0099.exr", "a.0100.exr", "a.0101.exr"]),
        ("a.%03d.exr", ["a.099.exr", "a.100.exr", "a.101.exr"]),
        ("a.$F.exr", ["a.99.exr", "a.100.exr", "a.101.exr"]),
    ],
)
def test_names_for_a_range(filename, names):
    """names(start, end) gives each frame's file name, both ends included."""
    assert FramePattern.parse(filename).names(99, 101) == names


def test_negative_and_wide_frames():
    """Negative frames keep their sign; frames wider than the padding are kept whole."""
    pattern = FramePattern.parse("a.####.exr")
    assert pattern.name(-5) == "a.-005.exr"
    assert pattern.name(12345) == "a.12345.exr"
    assert pattern.frame_of("a.-005.exr") == -5
    assert pattern.frame_of("a.12345.exr") == 12345


@pytest.mark.parametrize(
    "name",
    ["a.01.exr", "a.00001.exr", "a.abcd.exr", "b.0001.exr", "a.0001.tif", "a.+001.exr"],
)
def test_frame_of_other_names(name):
    """Names that are not of the sequence (other padding, prefix, suffix) give None."""
    assert FramePattern.parse("a.####.exr").frame_of(name) is None


def make_link(path: str, filename: str = "sh001.####.exr") -> Link:
    return Link(
        name="Render",
        path=path,
        filename=filename,
        type=LinkType(name="Image Sequence"),
    )


def test_link_expands_its_frames():
    """A Link's file sequence expands for a frame range."""
    link = make_link("/mnt/S/render")
    assert link.frame_pattern == FramePattern("sh001.", 4, ".exr")
    assert link.expand(1, 3) == ["sh001.0001.exr", "sh001.0002.exr", "sh001.0003.exr"]
    assert link.expand(7, 7) == ["sh001.0007.exr"]


def test_link_lists_existing_frames(tmp_path):
    """existing_frames() lists the frames on disk, sorted, ignoring other files."""
    for frame in (3, 1, 2, 10):
        (tmp_path / f"sh001.{frame:04d}.exr").write_text("")
    (tmp_path / "sh001.0005.exr.tmp").write_text("")
    (tmp_path / "sh001.005.exr").write_text("")
    (tmp_path / "sh001.0006.exr").mkdir()
    assert make_link(str(tmp_path)).existing_frames() == [1, 2, 3, 10]
    assert make_link(str(tmp_path / "missing")).existing_frames() == []
    assert make_link(str(tmp_path / "sh001.0001.exr")).existing_frames() == []


def test_single_file_link_is_not_a_sequence():
    """A Link without a frame pattern refuses to expand."""
    link = make_link("/mnt/S", "movie.mov")
    assert link.frame_pattern is None
    for call in (lambda: link.expand(1, 2), link.existing_frames):
        with pytest.raises(ValidationError) as error:
            call()
        assert str(error.value) == (
            "Link.filename should be a file sequence like 'a.####.exr', not str: 'movie.mov'"
        )


@pytest.mark.parametrize(
    ("start", "end", "error_type", "message"),
    [
        ("1", 2, ValidationTypeError, "Link.start should be an integer, not str: '1'"),
        (
            1,
            2.0,
            ValidationTypeError,
            "Link.end should be an integer >= 1, not float: 2.0",
        ),
        (5, 4, ValidationError, "Link.end should be an integer >= 5, not int: 4"),
    ],
)
def test_bad_frame_ranges(start, end, error_type, message):
    """Frame ranges are integers with start <= end."""
    with pytest.raises(error_type) as error:
        make_link("/mnt/S").expand(start, end)
    assert str(error.value) == message
