"""English library messages read back in Chinese, by sentence pattern (:func:`dutygraph.i18n.translate`).

``PATTERNS`` maps the errors the library still writes in English to Chinese templates; the
catalogues themselves are data (``dutygraph/catalogues/<lang>/*.toml``), and quality notes are
codes worded by them (:mod:`dutygraph.ontology.notes`).
"""

PATTERNS: dict[str, list[tuple[str, str]]] = {
    "errors": [
        # corrections that no longer match, as the workbench shows them (issue 22)
        (r"(set_lead|add_office|remove_office|set_role|drop_target|set_value|set_deadline|set_status) on item (.+?) of "
         r"(.+?): (?P<msg>.+)", "{2} 事项 {1} 的更正 {0}：{3}"),
        (r"(.+) already leads it", "{0} 已是牵头单位"),
        (r"(.+) is on it already \((lead|support)\)", "{0} 已是其责任单位（{1}）"),
        (r"(.+) is not on it", "{0} 不是其责任单位"),
        (r"it is due (.+) already", "完成时限已是 {0}"),
        (r"it is (completed|on_track|behind|not_started) already", "进展状态已是 {0}"),
        (r"(.+?) has no item (.+?) \(the document changed\?\)", "{0} 中没有事项 {1}（文件已改动？）"),
        (r"interrupted", "已中断"),
        (r"terminated", "已终止"),
        (r"no such file or folder", "没有这个文件或文件夹"),
        (r"not a regular file", "不是普通文件"),
        (r"no documents given", "没有给出文件"),
        (r"no documents in this folder \(looked for (.+)\)", "此文件夹中没有可读的文件（查找的类型：{0}）"),
        (r"cannot read: (.+)", "无法读取：{0}"),
        (r"no work-plan items found \(read as (.+)\)", "没有找到工作事项（按 {0} 格式读取）"),
        (r"no work-plan items found", "没有找到工作事项"),
        (r"empty (CSV|HTML) (?:file|document)", "{0} 文件为空"),
        (r"the (Word document|workbook|CSV file) holds no (?:text|values)", "文件中没有文字"),
        (r"(?:damaged|damaged or truncated) (.+)", "文件已损坏或不完整：{0}"),
        (r"cannot read as (.+?): (.+)", "无法按 {0} 读取：{1}"),
        (r"document structure nested too deeply to read", "文件结构嵌套过深，无法读取"),
        (r"text in no known format.*|undecodable.*|cannot decode.*", "无法识别文件的编码或格式"),
        (r"(.+?): the same document as (.+); read once", "{0}：与 {1} 内容相同，只读取一次"),
        (r"(.+?): correction not applied: (.+)", "{0}：更正未应用：{1}"),
        (r"(.+?): (\d+) corrections? skipped: (.+)", "{0}：跳过 {1} 条更正：{2}"),
        (r"cannot write: permission denied", "无法写入：没有权限"),
        (r"cannot write: no space left on device", "无法写入：磁盘空间不足"),
        (r"cannot write: (.+)", "无法写入：{0}"),
        (r"is a folder; give a file name", "这是文件夹，请给出文件名"),
        (r"no such folder to write into", "要写入的文件夹不存在"),
        (r"no plan '(.+?)' \(known: (.*)\)", "没有计划“{0}”（已有：{1}）"),
        (r"no issuer '(.+?)' \(known: (.*)\)", "没有发文单位“{0}”（已有：{1}）"),
        (r"no office named '(.+?)' \(the documents name none\)", "没有名为“{0}”的处室（文件中没有写明处室）"),  # issue 24
        (r"no leader named '(.+?)' \(the documents name none\)", "没有名为“{0}”的领导（文件中没有写明责任领导）"),
        (r"no office named '(.+?)' \(did you mean: (.+)\?\)", "没有名为“{0}”的处室（是否要找：{1}？）"),
        (r"no office named '(.+?)'(.*)", "没有名为“{0}”的处室{1}"),
        (r"no leader named '(.+?)' \(did you mean: (.+)\?\)", "没有名为“{0}”的领导（是否要找：{1}？）"),
        (r"no leader named '(.+?)'(.*)", "没有名为“{0}”的领导{1}"),
        (r"--focus: (?P<msg>.+) and no leader has that name", "--focus：{0}，也没有这个名字的领导"),
        (r"--focus: that name is not in this view", "--focus：本图中没有这个名称"),
        (r"--view ego needs --focus NAME \(an office or a leader\)", "--view ego 需要用 --focus 指定一个处室或领导"),
        (r"--corrections applies to documents read: give PATHS", "--corrections 用于所读的文件：请给出文件路径"),
        (r"give the documents to read \(FILE\|DIR…\), or --engine cypher to ask Neo4j",
         "请给出要读取的文件或文件夹，或用 --engine cypher 查询 Neo4j"),
        (r"--([\w-]+) '(.+?)': give a size such as 512m or 2g", "--{0} “{1}”：请给出大小，如 512m 或 2g"),
        (r"unknown language '(.+?)' \(known: (.+)\)", "未知语言“{0}”（可选：{1}）"),
        (r"No such option:? '?([^'\s]+)'?\.?(.*)", "没有这个选项：{0}"),
        (r"Missing argument '(.+?)'\.", "缺少参数 {0}"),
        (r"Missing option '(.+?)'.*", "缺少选项 {0}"),
        (r"Option '(.+?)' requires an argument\.", "选项 {0} 需要一个值"),
        (r"Got unexpected extra arguments? \((.+)\)", "多余的参数：{0}"),
        (r"Invalid value for '(.+?)': '(.+?)' is not one of (.+)\.", "{0} 的值“{1}”无效，可选：{2}"),
        (r"Invalid value for '(.+?)': (.+)", "{0} 的值无效：{1}"),
        (r"No such command '(.+?)'\.", "没有这个命令：{0}"),
        # issue 23: hostile inputs and outputs
        (r"is one of the inputs read; write the output elsewhere", "是本次读取的输入文件，请写到别处"),
        (r"not valid (\w+): nested too deep to read", "不是有效的 {0}：嵌套过深，无法读取"),
        (r"the JSON-LD context (.+) is not read: only contexts written in the file \(or dutygraph's own\) are",
         "不读取 JSON-LD 上下文 {0}：只读取文件内写明的上下文（或 dutygraph 自己的）"),
        # issue 21: the version of a stored corpus (before the catch-all below)
        (r"a stored corpus of a newer dutygraph \(schema (\d+), this one reads (\d+)\): upgrade dutygraph, "
         r"or import its documents again", "较新版本 dutygraph 存储的语料（格式 {0}，本版本读 {1}）：请升级 dutygraph，或重新导入其文件"),
        (r"a stored corpus of an older dutygraph \(schema (\d+), this one reads (\d+)\): import its documents again "
         r"into a new file", "较旧版本 dutygraph 存储的语料（格式 {0}，本版本读 {1}）：请把其文件重新导入一个新文件"),
        (r"a stored corpus of an older dutygraph \(schema (\d+)\): upgrade it with "
         r"`dutygraph import PATHS -o FILE\.dg`, which migrates it",
         "较旧版本 dutygraph 存储的语料（格式 {0}）：用 `dutygraph import 路径 -o 文件.dg` 导入即可升级"),
        (r"(.+?): (?P<msg>.+)", "{0}：{1}"),
    ],
}
