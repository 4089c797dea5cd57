"""English library messages read back in Chinese, by sentence pattern (:func:`dutygraph.i18n.translate`).

``PATTERNS`` maps the quality notes and alias evidence the library still writes in English to
Chinese templates; the catalogues themselves are data (``dutygraph/catalogues/<lang>/*.toml``),
errors included (:class:`dutygraph.errors.Message`).
"""

PATTERNS: dict[str, list[tuple[str, str]]] = {
    "quality": [
        (r"item (.+?): collective parties (.+)", "事项 {0}：集体责任单位 {1}"),
        (r"item (.+?): the list of responsible parties ends in 等 \(open list\)", "事项 {0}：责任单位名单以“等”结尾（开放名单）"),
        (r"item (.+?) names no responsible office", "事项 {0} 未写明责任处室"),
        (r"item (.+?) appears (\d+) times in one section; later ones get their own ids",
         "事项 {0} 在同一部分出现 {1} 次；后出现的另行编号"),
        (r"item (.+?): “(.*)” is not taken as a party \((.*)\)", "事项 {0}：“{1}”未作为责任单位（{2}）"),
        (r"item (.+?): “(.*)” is not taken as a leader \((.*)\)", "事项 {0}：“{1}”未作为责任领导（{2}）"),
        (r"item (.+?): “(.*)” is a collective by the aliases file", "事项 {0}：“{1}”按别名文件作为集体责任单位"),
        (r"section (.+?): “(.*)” is not taken as a leader \((.*)\)", "{0} 部分：“{1}”未作为责任领导（{2}）"),
        (r"items (\S+) are missing: numbering jumps from (\d+) to (\d+); a paywall block was removed there \(lines (\S+)\)",
         "缺少第 {0} 项：序号从 {1} 跳到 {2}；该处有一段付费墙内容已删除（第 {3} 行）"),
        (r"items (\S+) are missing: numbering jumps from (\d+) to (\d+)(.*)", "缺少第 {0} 项：序号从 {1} 跳到 {2}{3}"),
        (r"item (\d+) follows item (\d+): numbering goes backwards", "第 {0} 项排在第 {1} 项之后：序号倒退"),
        (r"item numbering restarts at 1 in each section; refs are unique within their section",
         "各部分的事项序号都从 1 开始；编号在所在部分内唯一"),
        (r"section (.+?) holds no items", "第 {0} 部分没有事项"),
        (r"section (.+?) lists no items \(the row says “(.*)”\)", "{0} 部分没有列出事项（该行写着“{1}”）"),
        (r"the table lists no items \(the row says “(.*)”\)", "表格没有列出事项（该行写着“{0}”）"),
        (r"the document names no issuer; its offices are kept to this document \(give --default-issuer to name it\)",
         "文件未写明发文单位；其处室只在本文件内归并（可用 --default-issuer 指定）"),
        (r"issuer “(.+?)” names no place; its offices are kept apart from other documents' \(give --default-issuer to name it\)",
         "发文单位“{0}”未写地名；其处室不与其他文件的处室归并（可用 --default-issuer 指定）"),
        (r"(\d+) numbered paragraphs? states? no responsibility and (?:is|are) not taken as items: (.*)",
         "{0} 个编号段落未写明责任，未作为事项：{1}"),
        (r"an unnumbered paragraph with responsibilities of its own follows item (.+?); kept as item '(.+)'",
         "事项 {0} 之后有一段未编号但写明责任的文字；已作为事项“{1}”保留"),
        (r"text after (.+?) kept only as item text: (.*)", "{0}之后的文字只作为事项原文保留：{1}"),
        (r"the items after a removed block have no known section", "删除内容之后的事项无法确定所属部分"),
        (r"the header row repeats (\d+) times \(page breaks\); repeats skipped", "表头重复 {0} 次（分页所致）；已跳过重复"),
        (r"paywall removed \((.+?)\): (.*)", "已删除付费墙内容（{0}）：{1}"),
        (r"furniture removed \(lines (\S+)\): (.*)", "已删除页眉页脚等版式内容（第 {0} 行）：{1}"),
        (r"furniture removed \((.+?)\): (.*)", "已删除页眉页脚等版式内容（{0}）：{1}"),
        (r"(\w+) removed \(lines (\S+)\): (.*)", "已删除内容（{0}，第 {1} 行）：{2}"),
        (r"garbled characters \(lost in an earlier conversion\?\)", "有乱码（可能在此前的转换中丢失）"),
        # issue 20: deadline grammar
        (r"item (.+?) has no title; “(.*)” is its first clause", "事项 {0} 没有标题；以其第一个分句“{1}”为标题"),
        (r"item (.+?): (\S+) has no year to count from \(the text states none and the plan's year is unknown\)",
         "事项 {0}：“{1}”无从起算（原文未写起始年份，计划年度不详）"),
        (r"the year is the plan's \((\d+)\), and the plan is not one year's", "年份按计划年度（{0}）推定，而该计划不是年度计划"),
        (r"(\S+) counted from the plan's year (\d+); the text states no start", "“{0}”按计划年度 {1} 起算；原文未写起始年份"),
        (r"a school term's dates are a convention \(school_term\)", "学期起止日期按惯例推定"),
    ],
    "aliases": [
        (r"“(.+?)” is “(.+?)” with “(.+?)”", "“{0}”即“{1}”加“{2}”"),
        (r"the characters of “(.+?)” stand in order in “(.+?)” \(an abbreviation\)", "“{0}”的字依次出现在“{1}”中（简称）"),
    ],
}

# issue 20 (local documents read right): a page cut inside its last item; a numbered row with no text
PATTERNS["quality"] += [
    (r"the text ends inside (?:item|row) (.+?) \(the page is cut off there\); not taken as an item",
     "文本在第 {0} 项中间结束（页面在此截断）；未作为事项"),
    (r"row (.+?) of the table has no task text; not taken as an item", "表格第 {0} 行没有任务内容；未作为事项"),
]
