"""Synthetic work plans for the benchmarks: invented issuers, offices and leaders, in the text format.

>>> docs = synthetic_documents(plans=1, items=3, seed=1)
>>> name, text = docs[0]
>>> name, text.splitlines()[0]
('synthetic-00.txt', '青石市教育局2024年工作要点')
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from dutygraph.importers.reading import read
from dutygraph.ontology.model import Corpus

CITIES = "青石 白河 云岭 松江 枫林 柳岸 石门 桐城 梅溪 竹山 兰亭 杏坛 桂湖 莲塘 杉岗 榆关".split()
OFFICE_STEMS = (
    "办公室 人事 财务 发展规划 基础教育 学前教育 职业教育 高等教育 教师工作 安全 体育卫生艺术 督导 "
    "宣传 法规 审批 信息化 语言文字 招生考试 资助 后勤 教研 团委 工会 纪检 民族教育 国际交流 "
    "科技 德育 特殊教育 终身教育"
).split()
SURNAMES = "林 周 吴 郑 王 陈 赵 孙 钱 冯".split()
GIVEN = "晓 明 远 华 清 宁 安 平 和 文".split()
VERBS = "新建 改扩建 培训 评选 建设 认定".split()
UNITS = "所 名 个 项".split()


def _office(rng: random.Random) -> str:
    # a skewed choice, so that a few offices carry much of the load
    stem = OFFICE_STEMS[min(int(rng.paretovariate(0.7)) - 1, len(OFFICE_STEMS) - 1)]
    return stem if stem.endswith("室") else stem + "科"


def synthetic_documents(*, plans: int, items: int, seed: int = 7) -> list[tuple[str, str]]:
    """``plans`` documents of ``items`` items each: (file name, text)."""
    rng = random.Random(seed)
    documents = []
    for p in range(plans):
        city = CITIES[p % len(CITIES)] + ("" if p < len(CITIES) else str(p // len(CITIES)))
        lines = [f"{city}市教育局2024年工作要点", "", "（各项任务列第一位者为牵头单位，下同）", ""]
        per_section = max(1, items // 5)
        for i in range(items):
            if i % per_section == 0:
                section = i // per_section + 1
                leader = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                lines += [f"{_chinese(section)}、重点工作第{section}部分", f"分管领导：{leader}", ""]
            offices = list(dict.fromkeys(_office(rng) for _ in range(rng.randint(1, 5))))
            verb, unit = rng.choice(VERBS), rng.choice(UNITS)
            month = rng.randint(1, 12)
            lines.append(
                f"{i + 1}.推进第{i + 1}项工作。{verb}{rng.randint(2, 900)}{unit}，"
                f"覆盖率达到{rng.randint(50, 99)}%，2024年{month}月底前完成。"
                f"（{'、'.join(offices)}负责）"
            )
            lines.append("")
        documents.append((f"synthetic-{p:02d}.txt", "\n".join(lines)))
    return documents


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def synthetic_corpus(*, plans: int, items: int, seed: int = 7) -> Corpus:
    """Read :func:`synthetic_documents` through the real importer."""
    with tempfile.TemporaryDirectory() as folder:
        for name, text in synthetic_documents(plans=plans, items=items, seed=seed):
            (Path(folder) / name).write_text(text, encoding="utf-8")
        return read([folder]).whole()
