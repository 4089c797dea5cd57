"""Decoding bytes: every supported encoding comes back as the same text, anything else raises."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import DocumentError, Message
from dutygraph.importers.readers.encoding import BINARY, EMPTY, UNDECODABLE, Decoded, decode
from seeds import seed, seeds_dir  # noqa: F401

SIMPLIFIED = "湖南省教育厅2020年工作要点\n一、加强党对教育工作的全面领导（责任单位：办公室）\n"
TRADITIONAL = "xx市教育局2022年工作要點\n一、聚焦「紅色領航」，加強教育黨建（試行）\n"

ENCODED = [
    (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
    (b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"), "utf-16-le", SIMPLIFIED),
    (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
    (SIMPLIFIED.encode("utf-16"), "utf-16-le" if SIMPLIFIED.encode("utf-16")[0] == 0xFF else "utf-16-be", SIMPLIFIED),
    (SIMPLIFIED.encode("utf-16-le"), "utf-16-le", SIMPLIFIED),  # no BOM, NULs after ASCII
    (SIMPLIFIED.encode("utf-16-be"), "utf-16-be", SIMPLIFIED),
    ("工作要点落实".encode("utf-16-le"), "utf-16-le", "工作要点落实"),  # no BOM, no NUL at all
    (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
    (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
    (TRADITIONAL.encode("utf-8"), "utf-8", TRADITIONAL),
    (TRADITIONAL.encode("gb18030"), "gb18030", TRADITIONAL),
    (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
]


@pytest.mark.parametrize(("data", "encoding", "text"), ENCODED, ids=[e[1] for e in ENCODED])
def test_round_trip(data: bytes, encoding: str, text: str) -> None:
    assert decode(data, path="plan.txt") == Decoded(text=text, encoding=encoding)


@pytest.mark.parametrize("length", [1, 2, 3, 4, 6, 10, 20])
def test_short_texts_pick_the_right_chinese_encoding(length: int) -> None:
    simplified = SIMPLIFIED.replace("\n", "")[:length]
    traditional = TRADITIONAL.replace("\n", "")[-length:]
    assert decode(simplified.encode("gb18030"), path="s.txt").text == simplified
    assert decode(traditional.encode("big5"), path="t.txt").text == traditional


def test_line_endings_become_newlines() -> None:
    data = "第一行\r\n第二行\r第三行\n".encode("gb18030")
    assert decode(data, path="a.txt").text == "第一行\n第二行\n第三行\n"


def test_a_form_feed_is_text() -> None:
    assert decode("一页\f二页".encode("gb18030"), path="a.txt").text == "一页\f二页"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_seeds_round_trip(prefix: str, encoding: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    assert decode(text.encode(encoding), path=prefix).text == text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_in_big5(prefix: str) -> None:
    import opencc

    traditional = opencc.OpenCC("s2t").convert(seed(prefix).read_text(encoding="utf-8"))
    data = traditional.encode("big5", errors="ignore")  # pinyin tone marks are not in Big5
    assert decode(data, path=prefix) == Decoded(text=data.decode("big5"), encoding="big5")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", EMPTY),
        (PNG, BINARY),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00", BINARY),
        ("要点\x00\x00\x00\x01\x02".encode(), BINARY),
        (bytes(range(1, 32)) * 4, BINARY),
        ("Café crème".encode("latin-1"), UNDECODABLE),
        (b"\xff\xfe\x00\x00" + "要点".encode("utf-32-le"), UNDECODABLE),
        (b"\xef\xbb\xbf\xff\xfe", UNDECODABLE),
    ],
    ids=["empty", "png", "pdf", "nul", "controls", "latin-1", "utf-32", "bad-utf-8-after-bom"],
)
def test_errors(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as info:
        decode(data, path="doc.bin")
    assert info.value.path == "doc.bin"
    assert info.value.code == message
    assert str(info.value) == str(Message("at", where="doc.bin", message=Message(message)))


@pytest.mark.parametrize("size", [256, 1000, 10_000])
def test_random_bytes_are_refused(size: int) -> None:
    for _ in range(20):
        with pytest.raises(DocumentError):
            decode(os.urandom(size), path="random.bin")


def test_path_objects_are_named_as_strings() -> None:
    with pytest.raises(DocumentError) as info:
        decode(b"", path=str(Path("a") / "b.txt"))
    assert info.value.path == str(Path("a") / "b.txt")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_document_error(data: bytes) -> None:
    try:
        decoded = decode(data, path="x")
    except DocumentError as err:
        assert err.code in (EMPTY, BINARY, UNDECODABLE)
    else:
        assert "\r" not in decoded.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_unicode_text_comes_back_or_is_called_binary(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    try:
        decoded = decode(data, path="x")
    except DocumentError as err:
        utf32_bom = data.startswith(b"\xff\xfe\x00\x00")  # UTF-16 BOM + U+0000 reads as UTF-32
        assert err.code in (EMPTY, BINARY) or (utf32_bom and err.code == UNDECODABLE)
    else:
        assert decoded.text == text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="gb18030"), max_size=200))
def test_any_gb18030_text_decodes_or_raises_document_error(text: str) -> None:
    try:
        decode(text.encode("gb18030"), path="x")
    except DocumentError as err:
        assert err.code in (EMPTY, BINARY, UNDECODABLE)
