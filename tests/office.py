"""Office files and PDFs written by the tests, from documents described once here.

Nothing binary is committed: each test writes its files into a temporary folder with
python-docx, openpyxl, LibreOffice and headless Chromium (``soffice`` and ``chromium`` are
installed by ``scripts/setup-test-env``; without them the tests that need them skip, and fail
under ``CI=true``).

Two invented documents are described as data, so every format carries the same content:

* :data:`WORK_PLAN`, a work plan: sections 一、/（一）, items 1.–N with responsibility trailers;
  as ``.docx`` its 一、/（一）/1. are Word's automatic numbering (absent from the text);
* :data:`TASK_TABLE`, a task table whose 牵头单位 and 责任领导 cells are merged over rows,
  long enough that its PDF runs over two pages.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = [
    "WORK_PLAN", "TASK_TABLE", "plan_text", "plan_docx", "plan_html", "table_text", "table_docx", "table_xlsx",
    "table_html", "html_pdf", "soffice_convert", "need", "lines_docx", "lines_table_docx",
]

# -- the documents ---------------------------------------------------------------

WORK_PLAN = {
    "title": "青岚县教育局2025年工作要点",
    "intro": "2025年，全县教育系统坚持稳中求进，统筹推进以下工作。",
    "sections": [
        ("扩大优质教育资源", [
            ("学前教育", [
                ("扩充普惠学位。", "新建公办幼儿园4所，新增学位1200个以上，2025年底前完成验收。", "（学前教育股牵头，计划财务股、基础教育股按职责分工负责）"),
                ("提升保教质量。", "创建省级示范幼儿园2所，保教人员持证率达到95%以上。", "（学前教育股负责）"),
            ]),
            ("义务教育", [
                ("推进优质均衡。", "组建城乡教育共同体15个，大班额比例控制在2%以内。", "（基础教育股牵头，督导室、教研室配合）"),
                ("落实“双减”要求。", "课后服务覆盖率保持100%，2025年9月底前完成作业管理专项检查。", "（基础教育股、教研室负责）"),
            ]),
        ]),
        ("建设高素质教师队伍", [
            (None, [
                ("加强师德师风建设。", "开展师德专题培训，实现全员覆盖。", "（人事股会同机关党委负责）"),
                ("实施名师培养工程。", "评选县级名师50名、骨干教师200名。", "（人事股牵头，教研室配合）"),
            ]),
        ]),
        ("守牢校园安全底线", [
            (None, [
                ("强化校园安全管理。", "完成校园安防设施升级改造30所，2025年6月底前完成全部学校消防检查。", "（安全股牵头，后勤服务中心、各学校配合）"),
            ]),
        ]),
    ],
}

_LEADERS = ["周明远", "许静", "周明远", "韩立", "许静", "韩立"]
_LEADS = ["学前教育股", "学前教育股", "基础教育股", "基础教育股", "基础教育股", "人事股"]
_TASKS = [
    "新建公办幼儿园{n}所，新增学位{m}个以上", "改造农村薄弱学校{n}所，改善办学条件", "建设智慧教室{m}间，实现乡镇学校全覆盖",
    "培训骨干教师{m}人次，覆盖全部学段", "新增课后服务项目{n}个，满足学生多样化需求", "完成校舍安全鉴定{n}栋，排除隐患",
]
_SUPPORTS = ["计划财务股、后勤服务中心", "督导室", "教研室、电教站", "计划财务股"]

TASK_TABLE = {
    "title": "青岚县教育局2025年重点任务分解表",
    "header": ["序号", "任务", "责任领导", "牵头单位", "责任单位", "完成时限"],
    # merged runs: rows 1–2, 3–5 … share their 责任领导 and 牵头单位 (as the merged cells say)
    "rows": [
        [str(i + 1), _TASKS[i % 6].format(n=i % 7 + 2, m=(i + 1) * 100), _LEADERS[(i // 3) % 6], _LEADS[(i // 3) % 6],
         _SUPPORTS[i % 4], f"2025年{i % 12 + 1}月底前"]
        for i in range(36)
    ],
}


def _merge_runs(rows: list[list[str]], col: int) -> list[tuple[int, int]]:
    """(first, last) row indexes of each run of equal values in ``col``."""
    runs, start = [], 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][col] != rows[start][col]:
            runs.append((start, i - 1))
            start = i
    return runs


# -- the work plan in each format --------------------------------------------------

def _numbered():
    n1 = n2 = item = 0
    for title, subsections in WORK_PLAN["sections"]:
        n1 += 1
        yield 0, n1, title, None
        n2 = 0
        for sub, items in subsections:
            if sub:
                n2 += 1
                yield 1, n2, sub, None
            for head, body, trailer in items:
                item += 1
                yield 2, item, head + body + trailer, None


_CN = "一二三四五六七八九十"


def _label(level: int, n: int) -> str:
    return f"{_CN[n - 1]}、" if level == 0 else f"（{_CN[n - 1]}）" if level == 1 else f"{n}."


def plan_text() -> str:
    lines = [WORK_PLAN["title"], "", WORK_PLAN["intro"], ""]
    lines += [_label(level, n) + text for level, n, text, _ in _numbered()]
    return "\n".join(lines) + "\n"


def plan_html() -> str:
    out = [f"<h1>{WORK_PLAN['title']}</h1>", f"<p>{WORK_PLAN['intro']}</p>"]
    for level, n, text, _ in _numbered():
        tag = ("h2", "h3", "p")[level]
        out.append(f"<{tag}>{html.escape(_label(level, n) + text)}</{tag}>")
    return _page(WORK_PLAN["title"], "\n".join(out))


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# two lists, as Word users build them: the headings' 一、/（一）, and the items' 1. running on
# through the whole document
_NUMBERING = [f"""<w:abstractNum {_W} w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>""", f"""<w:abstractNum {_W} w:abstractNumId="92"><w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""]


def plan_docx(path: Path) -> Path:
    """The work plan as Word writes it: headings styled, every 一、/（一）/1. automatic numbering."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph(WORK_PLAN["title"], style="Title")
    d.add_paragraph(WORK_PLAN["intro"])
    numbering = d.part.numbering_part.element
    for i, definition in enumerate(_NUMBERING):
        numbering.insert(i, parse_xml(definition))
    for n in (91, 92):
        numbering.append(parse_xml(f'<w:num {_W} w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'))
    for level, _, text, _ in _numbered():
        p = d.add_paragraph(text, style=("Heading 1", "Heading 2", None)[level])
        ppr = p._p.get_or_add_pPr()
        num, ilvl = (91, level) if level < 2 else (92, 0)
        numpr = parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')
        ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, numpr)
    d.save(path)
    return path


# -- the task table in each format -------------------------------------------------

def table_text() -> str:
    rows = ["\t".join(TASK_TABLE["header"])] + ["\t".join(r) for r in TASK_TABLE["rows"]]
    return TASK_TABLE["title"] + "\n\n" + "\n".join(rows) + "\n"


def table_html() -> str:
    rows, header = TASK_TABLE["rows"], TASK_TABLE["header"]
    spans = {col: dict(_merge_runs(rows, col)) for col in (2, 3)}
    covered = {(col, i) for col in (2, 3) for a, b in spans[col].items() for i in range(a + 1, b + 1)}
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        cells = []
        for col, value in enumerate(row):
            if (col, i) in covered:
                continue
            span = spans.get(col, {}).get(i)
            attr = f' rowspan="{span - i + 1}"' if span is not None and span > i else ""
            cells.append(f"<td{attr}>{html.escape(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return _page(TASK_TABLE["title"], f"<p class=title>{TASK_TABLE['title']}</p>" + "\n".join(out))


def table_docx(path: Path) -> Path:
    """The task table as a Word table, 责任领导 and 牵头单位 vertically merged."""
    import docx

    rows, header = TASK_TABLE["rows"], TASK_TABLE["header"]
    d = docx.Document()
    d.add_paragraph(TASK_TABLE["title"])
    t = d.add_table(rows=len(rows) + 1, cols=len(header))
    for c, h in enumerate(header):
        t.cell(0, c).text = h
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if c not in (2, 3):
                t.cell(r, c).text = value
    for col in (2, 3):
        for a, b in _merge_runs(rows, col):
            cell = t.cell(a + 1, col).merge(t.cell(b + 1, col)) if b > a else t.cell(a + 1, col)
            cell.text = rows[a][col]
    d.save(path)
    return path


def table_xlsx(path: Path, *, title_row: bool = True) -> Path:
    """The task table as a sheet: a title row merged across, then the header, merged cells."""
    import openpyxl

    rows, header = TASK_TABLE["rows"], TASK_TABLE["header"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点任务"
    offset = 0
    if title_row:
        ws.append([TASK_TABLE["title"]])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        offset = 1
    ws.append(header)
    for i, row in enumerate(rows):
        ws.append([int(v) if c == 0 else (v if c not in (2, 3) or (i, c) in _firsts(rows) else None) for c, v in enumerate(row)])
    for col in (2, 3):
        for a, b in _merge_runs(rows, col):
            if b > a:
                ws.merge_cells(start_row=a + 2 + offset, start_column=col + 1, end_row=b + 2 + offset, end_column=col + 1)
    wb.save(path)
    return path


def _firsts(rows):
    return {(a, col) for col in (2, 3) for a, _ in _merge_runs(rows, col)}


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title><style>"
            "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;font-size:12pt}"
            "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:4px}</style></head>"
            f"<body>{body}</body></html>")


# -- seed-shaped documents -----------------------------------------------------------

def lines_docx(text: str, path: Path) -> Path:
    """A text as Word holds it: a paragraph per line (tab-separated lines become a table)."""
    return lines_table_docx(text, path)


def lines_table_docx(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            rows = [line.split("\t") for line in lines[i:j]]
            width = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    if value:
                        t.cell(r, c).text = value
            i = j
            continue
        if lines[i].strip():
            d.add_paragraph(lines[i])
        i += 1
    d.save(path)
    return path


# -- the tools that print and convert ---------------------------------------------------

def need(program: str) -> str:
    """The path of ``program``; skips the test without it (fails under ``CI=true``)."""
    found = shutil.which(program)
    if found:
        return found
    reason = f"{program} is not installed (scripts/setup-test-env installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: required)", pytrace=False)
    pytest.skip(reason)


def html_pdf(page: str, path: Path, *, header_footer: bool = True) -> Path:
    """An HTML page printed to PDF by headless Chromium (its running header and footer on)."""
    chromium = need("chromium")
    source = path.with_suffix(".html")
    source.write_text(page, "utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync"]
    if not header_footer:
        flags.append("--no-pdf-header-footer")
    subprocess.run([chromium, *flags, f"--print-to-pdf={path}", source.as_uri()], capture_output=True, timeout=180,
                   check=True, cwd=path.parent, env={**os.environ, "HOME": str(path.parent)})
    assert path.is_file() and path.stat().st_size > 0
    return path


def soffice_convert(source: Path, to: str) -> Path:
    """``source`` converted by LibreOffice to ``to`` (``doc``, ``pdf``, ``xls`` …), beside it."""
    soffice = need("soffice")
    out = source.parent / "converted"
    profile = source.parent / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", to, "--outdir", str(out), str(source)], capture_output=True, timeout=180, check=True)
    result = out / f"{source.stem}.{to.split(':')[0]}"
    assert result.is_file(), f"LibreOffice did not write {result}"
    return result
