"""Save files are exact, verified and refused whole when broken."""

import json

import numpy as np
import pytest

from game.session.saves import (
    SaveError,
    decode_array,
    encode_array,
    list_saves,
    read_save,
    write_save,
)


def test_a_save_reads_back_exactly(tmp_path):
    arr = np.array([[0.1, 1 / 3], [np.pi, -0.0]])
    payload = {"seed": 7, "turns": [[1, 2]], "snapshot": encode_array(arr)}
    path = write_save(tmp_path / "a.lbsave", payload)
    back = read_save(path)
    assert back["seed"] == 7
    restored = decode_array(back["snapshot"])
    assert restored.dtype == arr.dtype
    assert restored.tobytes() == arr.tobytes()


def test_writing_leaves_no_temporary_files(tmp_path):
    write_save(tmp_path / "a.lbsave", {"x": 1})
    write_save(tmp_path / "a.lbsave", {"x": 2})
    assert [p.name for p in tmp_path.iterdir()] == ["a.lbsave"]
    assert read_save(tmp_path / "a.lbsave")["x"] == 2


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty"),
        (b"\x00\xff\xfe binary", "not a Lunar Blocs save"),
        (b'{"magic": "something-else"}', "not a Lunar Blocs save"),
        (b"[" * 100000, "not a Lunar Blocs save"),
        (
            b'{"magic": "lunar-blocs-save", "version": 99, "checksum": "", "payload": {}}',
            "another version",
        ),
    ],
)
def test_a_broken_file_is_refused_with_a_sentence(tmp_path, content, words):
    path = tmp_path / "bad.lbsave"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=words):
        read_save(path)


def test_an_edited_save_fails_its_checksum(tmp_path):
    path = write_save(tmp_path / "a.lbsave", {"seed": 7})
    doc = json.loads(path.read_text())
    doc["payload"]["seed"] = 8
    path.write_text(json.dumps(doc))
    with pytest.raises(SaveError, match="checksum"):
        read_save(path)


def test_a_truncated_save_is_refused(tmp_path):
    path = write_save(tmp_path / "a.lbsave", {"seed": 7, "pad": "x" * 1000})
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(SaveError):
        read_save(path)


def test_a_damaged_array_is_a_save_error():
    with pytest.raises(SaveError, match="damaged array"):
        decode_array({"dtype": "<f8", "shape": [3], "data": "AAAA"})
    with pytest.raises(SaveError, match="damaged array"):
        decode_array({"dtype": "|O", "shape": [1], "data": ""})


def test_listing_shows_broken_saves_beside_good_ones(tmp_path):
    write_save(tmp_path / "good.lbsave", {"summary": {"title": "USA, turn 3"}})
    (tmp_path / "bad.lbsave").write_bytes(b"garbage")
    infos = {info.path.name: info for info in list_saves(tmp_path)}
    assert infos["good.lbsave"].title == "USA, turn 3"
    assert infos["good.lbsave"].error is None
    assert infos["bad.lbsave"].error
    assert read_save(tmp_path / "good.lbsave")  # the good one is untouched
