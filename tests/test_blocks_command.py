"""``dutygraph blocks FILE``: what a reader saw in a file, block by block, with the places a person checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dutygraph.cli import main
from dutygraph.importers.readers.blocks import FileBlocks
from dutygraph.importers.reading import read, read_blocks
from hostile_files import encrypted_office, pdf_bytes, zip_bomb
from office import TASK_TABLE, WORK_PLAN, html_pdf, plan_docx, plan_html, table_html, table_xlsx

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests" / "documents"


def blocks(capsys, *args: str, lang: str = "en") -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``dutygraph blocks ARGS --lang LANG``, run in this process."""
    try:
        main(["blocks", *args, "--lang", lang])
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


def shape(capsys, path: Path) -> dict:
    status, out, err = blocks(capsys, str(path), "--json")
    assert status == 0, err
    return json.loads(out)


def test_a_text_file_shows_its_decoded_normalised_lines_with_their_numbers(capsys, tmp_path):
    path = tmp_path / "plan.txt"  # GB18030, Windows line ends, a blank line, full-width digits
    path.write_bytes("某县教育局2025年工作要点\r\n\r\n1.新建幼儿园１０所。（学前科牵头）\r\n".encode("gb18030"))
    seen = shape(capsys, path)
    assert (seen["reader"], seen["encoding"]) == ("txt", "gb18030")
    assert [(b["line"], b["kind"], b["text"]) for b in seen["blocks"]] == [
        (1, "paragraph", "某县教育局2025年工作要点"), (3, "paragraph", "1.新建幼儿园10所。（学前科牵头）")]


def test_a_text_document_lines_keep_the_files_line_numbers(capsys):
    path = DOCUMENTS / "university-party-plan.txt"
    lines = path.read_text("utf-8").splitlines()
    seen = shape(capsys, path)
    assert [b["line"] for b in seen["blocks"]] == [i for i, line in enumerate(lines, 1) if line.strip()]
    assert seen["blocks"][0]["text"] == lines[0].strip()


def test_a_word_file_gives_headings_and_paragraphs_and_the_blocks_the_corpus_points_at(capsys, tmp_path):
    path = plan_docx(tmp_path / "plan.docx")
    seen = shape(capsys, path)
    assert (seen["reader"], seen["encoding"]) == ("docx", "binary")
    texts = {b["text"]: b for b in seen["blocks"]}
    assert texts[WORK_PLAN["title"]]["kind"] in ("heading", "paragraph")
    headings = [b["text"] for b in seen["blocks"] if b["kind"] == "heading"]
    assert any("扩大优质教育资源" in h for h in headings)
    # the block a source span names is the block shown with that number
    item = read([path]).whole().plans[0].items[0]
    where = item.span.where
    assert where is not None and where.block is not None
    shown = next(b for b in seen["blocks"] if b["block"] == where.block)
    assert "扩充普惠学位" in shown["text"]


def test_a_workbook_gives_rows_with_sheet_cells_and_merged_ranges(capsys, tmp_path):
    path = table_xlsx(tmp_path / "table.xlsx")
    seen = shape(capsys, path)
    assert seen["reader"] == "xlsx"
    rows = [b for b in seen["blocks"] if b["kind"] == "row"]
    header = next(b for b in rows if b["cells"] and b["cells"][0]["text"] == "序号")
    assert [c["text"] for c in header["cells"]] == TASK_TABLE["header"]
    assert {b["sheet"] for b in rows} == {"重点任务"}
    assert [c["cell"] for c in header["cells"]] == ["A2", "B2", "C2", "D2", "E2", "F2"]
    assert [c["col"] for c in header["cells"]] == [1, 2, 3, 4, 5, 6]
    first = rows[rows.index(header) + 1]
    assert first["cells"][3]["text"] == TASK_TABLE["rows"][0][3] and first["cells"][3]["merged"]  # 牵头单位 over rows
    assert FileBlocks.from_json(seen) == read_blocks(path)  # the JSON reads back to what the reader saw


def test_a_web_page_gives_its_table_rows_numbered(capsys, tmp_path):
    path = tmp_path / "table.html"
    path.write_text(table_html(), "utf-8")
    seen = shape(capsys, path)
    assert seen["reader"] == "html"
    rows = [b for b in seen["blocks"] if b["kind"] == "row"]
    assert [c["text"] for c in rows[0]["cells"]] == TASK_TABLE["header"]
    assert [(b["table"], b["row"]) for b in rows[:3]] == [(1, 1), (1, 2), (1, 3)]
    assert [c["row"] for c in rows[1]["cells"]] == [2] * 6


def test_a_pdf_gives_pages_and_what_was_left_out(capsys, tmp_path):
    path = html_pdf(table_html(), tmp_path / "table.pdf")  # over two pages, Chromium's header and footer on
    seen = shape(capsys, path)
    assert seen["reader"] == "pdf"
    assert {b["page"] for b in seen["blocks"]} >= {1, 2}
    assert all(b["box"] is not None and len(b["box"]) == 4 for b in seen["blocks"])
    assert seen["removed"] and all(r["kind"] == "furniture" for r in seen["removed"])
    assert FileBlocks.from_json(seen) == read_blocks(path)
    status, table, _ = blocks(capsys, str(path), lang="zh")
    assert status == 0
    assert table.splitlines()[0].startswith(f"{path}：读取器 pdf，编码 binary，")
    assert "第2页" in table and "已略去（furniture" in table


def test_the_table_names_the_columns_and_places_in_the_language_chosen(capsys, tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(plan_html(), "utf-8")
    status, out, _ = blocks(capsys, str(path), lang="zh")
    assert status == 0
    assert out.splitlines()[1].split() == ["块", "行", "类型", "位置", "文本"]
    assert WORK_PLAN["title"] in out
    table = tmp_path / "table.html"
    table.write_text(table_html(), "utf-8")
    _, zh, _ = blocks(capsys, str(table), lang="zh")
    _, en, _ = blocks(capsys, str(table), lang="en")
    assert "表格行" in zh and "表1 · 第2行" in zh and "序号 │ 任务 │ 责任领导" in zh
    assert "table row" in en and "table 1 · row 2" in en


@pytest.mark.parametrize(("name", "data"), [
    ("locked.pdf", pdf_bytes(1, encrypted=True)),
    ("locked.docx", encrypted_office()),
    ("bomb.docx", zip_bomb(300 << 20)),
    ("empty.xlsx", b""),
    ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8),
])
def test_a_file_no_reader_can_read_is_one_line_naming_it_and_exit_2(capsys, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = blocks(capsys, str(path))
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"dutygraph: {path}") and "Traceback" not in err


def test_a_missing_file_is_one_line_and_exit_2(capsys, tmp_path):
    status, _, err = blocks(capsys, str(tmp_path / "nowhere.docx"))
    assert status == 2 and err.startswith(f"dutygraph: {tmp_path / 'nowhere.docx'}") and len(err.splitlines()) == 1
