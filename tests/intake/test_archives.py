"""Every odd or hostile zip becomes a refusal of that one upload, with a reason that says what
is wrong, and never an exception that would stop the batch (`UnsafeArchive` only)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from autograder.intake import discover
from autograder.intake.archive import MAX_DEPTH, UnsafeArchive, unpack_zip
from tests.intake.uploads import (
    FLAG_UTF8,
    RawMember,
    aes_zip,
    corrupt_member,
    encrypted_zip,
    raw_zip,
    write_zip,
)

CODE = b"def double(x):\n    return 2 * x\n" * 200


def _refusal(upload: Path, tmp_path: Path) -> str:
    """The one refusal discovery makes of `upload`, given inside a folder of uploads."""
    intake = discover([upload.parent], "tiny", tmp_path / "unpacked")
    (found,) = intake.submissions
    assert found.submission_id == upload.stem
    assert found.problem, found
    return found.problem


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


def test_an_encrypted_zip_is_refused_and_says_so(uploads: Path, tmp_path: Path) -> None:
    archive = encrypted_zip(uploads / "enc.zip", "tiny.py", CODE, b"secret")
    with zipfile.ZipFile(archive) as bundle:    # a real ZipCrypto archive
        assert bundle.read("tiny.py", pwd=b"secret") == CODE
        with pytest.raises(RuntimeError):       # what used to stop the batch
            bundle.read("tiny.py")
    assert "encrypted (password-protected)" in _refusal(archive, tmp_path)


def test_an_aes_zip_is_refused_and_says_so(uploads: Path, tmp_path: Path) -> None:
    archive = aes_zip(uploads / "aes.zip", "tiny.py", CODE)
    with zipfile.ZipFile(archive) as bundle, pytest.raises((RuntimeError, NotImplementedError)):
        bundle.read("tiny.py")
    problem = _refusal(archive, tmp_path)
    assert "encrypted" in problem or "compression method 99" in problem


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2],
                         ids=["deflate", "bzip2"])
def test_a_damaged_stream_is_refused_naming_the_member(
        method: int, uploads: Path, tmp_path: Path) -> None:
    archive = corrupt_member(uploads / f"damaged_{method}.zip", "tiny.py", method, CODE)
    with zipfile.ZipFile(archive) as bundle, pytest.raises(Exception) as raised:
        bundle.read("tiny.py")
    assert not isinstance(raised.value, UnsafeArchive)  # zlib.error, OSError, BadZipFile...
    problem = _refusal(archive, tmp_path)
    assert "'tiny.py' is damaged" in problem
    assert not (tmp_path / "unpacked").exists() or not any((tmp_path / "unpacked").rglob("*.py"))


def test_a_member_flagged_utf8_that_is_not_is_refused(uploads: Path, tmp_path: Path) -> None:
    archive = uploads / "badname.zip"
    archive.write_bytes(raw_zip([RawMember(b"caf\xe9.py", CODE, 0, len(CODE),
                                           flags=FLAG_UTF8)]))
    assert "flagged as UTF-8 but is not valid UTF-8" in _refusal(archive, tmp_path)


def test_a_zip_nested_1500_folders_deep_is_refused(uploads: Path, tmp_path: Path) -> None:
    archive = write_zip(uploads / "deep.zip", {"d/" * 1500 + "tiny.py": CODE})
    problem = _refusal(archive, tmp_path)
    assert f"1501 folders deep (at most {MAX_DEPTH})" in problem


def test_a_member_name_over_255_bytes_is_refused(uploads: Path, tmp_path: Path) -> None:
    archive = write_zip(uploads / "longname.zip", {"x" * 300 + ".py": CODE})
    assert "longer than 255 bytes" in _refusal(archive, tmp_path)


def test_a_file_and_a_folder_of_the_same_name_are_refused(uploads: Path, tmp_path: Path) -> None:
    archive = write_zip(uploads / "clash.zip", {"x": b"a file", "x/tiny.py": CODE})
    assert "'x' is both a file and a folder" in _refusal(archive, tmp_path)


def test_a_member_given_twice_is_refused(uploads: Path, tmp_path: Path) -> None:
    archive = uploads / "twice.zip"
    with pytest.warns(UserWarning), zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("tiny.py", CODE)
        bundle.writestr("tiny.py", b"def double(x):\n    return x\n")
    assert "holds 'tiny.py' twice" in _refusal(archive, tmp_path)


def test_a_file_that_is_no_zip_at_all_is_refused(uploads: Path, tmp_path: Path) -> None:
    archive = uploads / "fake.zip"
    archive.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "fake.zip is not a valid zip file" in _refusal(archive, tmp_path)


def test_unpacking_raises_nothing_but_unsafe_archive(uploads: Path, tmp_path: Path) -> None:
    """Whatever the damage, `unpack_zip` says `UnsafeArchive`: truncations of a good zip at
    every length, and the hostile archives above."""
    good = write_zip(uploads / "good.zip", {"work/tiny.py": CODE})
    data = good.read_bytes()
    for length in range(0, len(data), max(1, len(data) // 60)):
        cut = uploads / "cut.zip"
        cut.write_bytes(data[:length])
        with pytest.raises(UnsafeArchive):
            unpack_zip(cut, tmp_path / "out")
    unpack_zip(good, tmp_path / "out")
    assert (tmp_path / "out" / "work" / "tiny.py").read_bytes() == CODE


def test_a_zip_in_a_folder_is_graded_under_its_stem(uploads: Path, tmp_path: Path) -> None:
    write_zip(uploads / "bob.zip", {"bob/work/tiny.py": CODE})
    (found,) = discover([uploads], "tiny", tmp_path / "unpacked").submissions
    assert (found.submission_id, found.problem, found.path.name) == ("bob", None, "tiny.py")
