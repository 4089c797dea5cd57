"""Quality notes, refusal reasons, doubts and alias evidence as codes worded by the catalogues."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dutygraph import i18n
from dutygraph.i18n import language
from dutygraph.importers.facts.hygiene import leader_refusal, party_refusal
from dutygraph.importers.facts.parties import not_a_body, split_parties
from dutygraph.importers.reading import parse, read
from dutygraph.ontology import notes
from dutygraph.ontology.model import QualityIssue, QualityKind
from dutygraph.ontology.offices import AliasTable, resolve
from dutygraph.queries.aliases import suggest_aliases
from seeds import shared

ROOT = Path(__file__).resolve().parents[1]
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
ZH_LATIN_ALLOWED = {"default", "issuer"}
"""The option a Chinese note names for the user to type (--default-issuer)."""
EN_CJK_ALLOWED = {"等"}
"""The word of the documents an English note names: the 等 that opens a list."""


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_code_has_a_template_in_both_languages_with_the_same_placeholders():
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert {k for k in zh if k.startswith("note.")} == {k for k in en if k.startswith("note.")} == set(notes.keys())
    assert [k for k in notes.keys() if fields(zh[k]) != fields(en[k])] == []


def test_every_kind_has_a_code_and_every_code_a_kind():
    assert set(notes.QUALITY.values()) | {"no_lead"} == set(QualityKind.__args__)  # no_lead: a query's, not a note


def test_an_unknown_code_or_one_of_another_kind_fails_when_the_note_is_made():
    with pytest.raises(ValueError, match="no quality note 'bogus'"):
        QualityIssue.of("bogus")
    with pytest.raises(ValidationError, match="no quality note 'no_office' of kind 'open_list'"):
        QualityIssue(kind="open_list", code="no_office", params={"ref": "1"})


_CALL = re.compile(r"""(?:QualityIssue\.of|RawIssue|self\.issue|issue)\(\s*["'](\w+)["']""")


def test_every_code_the_importers_write_is_registered():
    """The codes written in the source, found as text: one misspelt fails here, not on a document."""
    found = {m for path in (ROOT / "importers").rglob("*.py") for m in _CALL.findall(path.read_text("utf-8"))}
    assert found and found <= set(notes.QUALITY), found - set(notes.QUALITY)


def _sample(code: str, value: str) -> dict[str, notes.Param]:
    """Parameters for every placeholder of ``code``: ``value`` as text, codes where a parameter holds codes."""
    wanted = fields(i18n.catalogue("en")[f"note.{code}"])
    coded = {"reason": notes.REASONS[0], "block": notes.BLOCKS[0], "blocks": notes.BLOCKS}
    return {f: coded.get(f, (value, value) if f in ("names", "shown") else value) for f in wanted}


def _words(text: str, params: dict[str, notes.Param]) -> str:
    """``text`` without the document's own words the parameters quote (names, refs, lines)."""
    quoted = [str(v) for name, value in params.items() if name not in notes.CODED
              for v in (value if isinstance(value, tuple) else (value,))]
    for v in sorted(quoted, key=len, reverse=True):
        text = text.replace(v, " ")
    return text


@pytest.mark.parametrize("code", sorted(notes.QUALITY))
def test_each_note_reads_in_chinese_and_in_english(code):
    with language("zh"):
        zh = QualityIssue.of(code, **_sample(code, "甲处")).text()
    with language("en"):
        en = QualityIssue.of(code, **_sample(code, "ref")).text()
    assert not set(LATIN.findall(zh)) - ZH_LATIN_ALLOWED and "{" not in zh, zh
    assert not set(CJK.findall(en)) - EN_CJK_ALLOWED and "{" not in en, en


@pytest.mark.parametrize("section, codes", [("reason", notes.REASONS), ("block", notes.BLOCKS),
                                            ("doubt", notes.DOUBTS)])
def test_reasons_blocks_and_doubts_read_in_both_languages(section, codes):
    for code in codes:
        with language("zh"):
            assert not LATIN.search(i18n.t(f"note.{section}.{code}")), code
        with language("en"):
            assert not set(CJK.findall(i18n.t(f"note.{section}.{code}"))) - EN_CJK_ALLOWED, code


def _measured() -> list[QualityIssue]:
    folders = [shared("seeds"), shared("corpus", "docs"), shared("corpus-local", "docs"), ROOT / "tests" / "documents",
               ROOT / "examples"]
    reading = read(folders)
    return [q for p in reading.corpus.plans for q in p.quality]


def test_every_note_of_the_seeds_corpora_and_test_documents_reads_in_both_languages():
    found = _measured()
    assert len({q.code for q in found}) >= 10
    for q in found:
        with language("zh"):
            zh = _words(q.text(), q.params)
        with language("en"):
            en = _words(q.text(), q.params)
        assert not set(LATIN.findall(zh)) - ZH_LATIN_ALLOWED, (q.code, zh)
        assert not set(CJK.findall(en)) - EN_CJK_ALLOWED, (q.code, en)


_NAMES = st.text(st.sampled_from("各区县市局处办委中心合计责任单位负责完成2023年底前，。的 、等ab1-%"), max_size=14)


@settings(max_examples=200, deadline=None)
@given(_NAMES)
def test_every_reason_a_name_is_refused_for_is_a_registered_code(name):
    table = AliasTable.builtin()
    reasons = {not_a_body(name), leader_refusal(name), *(why for _, why in split_parties(name, list_ends=True).refused)}
    if name.strip():
        reasons.add(party_refusal(name, resolve(name, table=table, issuer="青山市人民政府"), table, "青山市人民政府"))
    assert reasons - {None} <= set(notes.REASONS)


def test_a_refused_name_reads_with_its_reason_in_chinese():
    plan = parse("青山市人民政府2031年工作要点\n1.做好统计。（合计、市统计局负责）\n", source="q.txt").plans[0]
    [note] = [q for q in plan.quality if q.kind == "not_a_party"]
    assert (note.code, note.params) == ("not_a_party", {"ref": "1", "name": "合计", "reason": "total"})
    with language("zh"):
        assert note.text() == "事项 1：“合计”未作为责任单位（合计、小计等总数）"
    with language("en"):
        assert note.text() == "item 1: “合计” is not taken as a party (a total)"


def test_alias_evidence_is_a_code_worded_per_language():
    corpus = parse("某省教育厅2031年工作要点\n1.甲。（考试院牵头）\n2.乙。（教育考试院负责）\n"
                   "3.丙。（语文处负责）\n4.丁。（语言文字处负责）\n")
    rows = {s.office: s for s in suggest_aliases(corpus)}
    assert (rows["考试院"].evidence, rows["考试院"].added) == ("qualifier", "教育")
    assert rows["语文处"].evidence == "abbreviation"
    with language("zh"):
        assert rows["语文处"].reason() == "“语文处”的字依次出现在“语言文字处”中（简称）"
    with language("en"):
        assert rows["考试院"].reason() == "“教育考试院” is “考试院” with “教育”"
