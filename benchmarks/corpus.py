"""A seeded synthetic corpus in every text format the importers read, at a multiple of the seeds.

One unit of scale is five documents of about twenty items each — roughly the five seed
documents (≈100 items, ≈40 KB): a 工作要点 with responsibility trailers, a 重点实事项目清单 in
markdown, a task table (TSV), an HTML page with a table, and a progress table whose rows cite
the items of that issuer's 工作要点 (来源 … 第N项); every fifth issuer writes in Traditional
characters. Issuers have 15–60 offices with heavy-tailed loads, items name 1–12 offices, leaders
and targets with figures and deadlines. All names are invented.

>>> docs = documents(scale=1, seed=3)
>>> len(docs), sorted({name.rsplit(".", 1)[1] for name, _ in docs})
(5, ['html', 'md', 'tsv', 'txt'])
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

__all__ = ["documents", "write", "ITEMS_PER_DOCUMENT"]

ITEMS_PER_DOCUMENT = 20
PLACES = (
    "青石 白河 云岭 松江 枫林 柳岸 石门 桐城 梅溪 竹山 兰亭 杏坛 桂湖 莲塘 杉岗 榆关 "
    "苇塘 槐里 鹤鸣 鹿原 凤栖 龙泉 雁丘 燕回 鸥汀 麦积 稻香 茶陵 橘洲 梨花"
).split()
LEVELS = (("市", "教育局", "科"), ("县", "人民政府", "局"), ("省", "教育厅", "处"))
STEMS = (
    "办公 人事 财务 发展规划 基础教育 学前教育 职业教育 高等教育 教师工作 安全稳定 体育卫生 督导 宣传 "
    "政策法规 行政审批 信息化 语言文字 招生考试 学生资助 后勤保障 教学研究 民族教育 国际交流 科学技术 德育 "
    "特殊教育 终身教育 审计 机关党务 离退休干部 统计 法制 档案 保密 信访 应急 工会 团委 妇委 老龄 编制 "
    "项目建设 资产管理 装备 质量监测 课程教材 校外教育 社区教育 网络安全 数据 绩效 监察 规划建设 校园安全 "
    "营养改善 心理健康 劳动教育 美育 科普 外事 对口支援"
).split()
SURNAMES = "林 周 吴 郑 王 陈 赵 孙 钱 冯 蒋 沈 韩 杨 朱 秦 尤 许 何 吕".split()
GIVEN = "晓 明 远 华 清 宁 安 平 和 文 书 景 若 思 嘉 怡".split()
VERBS = "新建 改扩建 培训 评选 建设 认定 创建 完成".split()
UNITS = "所 名 个 项 场 家".split()
CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t").convert


class _Issuer:
    def __init__(self, rng: random.Random, index: int) -> None:
        place = PLACES[index % len(PLACES)] + ("" if index < len(PLACES) else _chinese(index // len(PLACES) % 10 + 1))
        level, body, unit = LEVELS[index % len(LEVELS)]
        self.name = f"{place}{level}{body}"
        size = rng.randint(15, min(60, len(STEMS)))
        stems = rng.sample(STEMS, size)
        self.offices = [s + ("室" if s == "办公" else unit) for s in stems]
        self.leaders = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(rng.randint(3, 8))]
        self.traditional = index % 5 == 4

    def pick(self, rng: random.Random) -> list[str]:
        """1–12 offices, the first ones of the issuer far more often (heavy-tailed loads)."""
        count = min(len(self.offices), max(1, int(rng.paretovariate(1.6))), 12)
        chosen: list[str] = []
        while len(chosen) < count:
            office = self.offices[min(int(rng.paretovariate(0.8)) - 1, len(self.offices) - 1)]
            if office not in chosen:
                chosen.append(office)
        return chosen


def _task(rng: random.Random, n: int, year: int) -> str:
    verb, unit = rng.choice(VERBS), rng.choice(UNITS)
    return (f"推进第{n}项重点工作。{verb}{rng.randint(2, 900)}{unit}，覆盖率达到{rng.randint(50, 99)}%，"
            f"{year}年{rng.randint(1, 12)}月底前完成")


def _work_plan(rng: random.Random, issuer: _Issuer, year: int) -> str:
    lines = [f"{issuer.name}{year}年工作要点", ""]
    for n in range(1, ITEMS_PER_DOCUMENT + 1):
        if n % 5 == 1:
            lines += [f"{_chinese(n // 5 + 1)}、重点任务第{n // 5 + 1}部分", f"分管领导：{rng.choice(issuer.leaders)}", ""]
        offices = issuer.pick(rng)
        trailer = f"（{offices[0]}牵头，{'、'.join(offices[1:])}配合）" if len(offices) > 1 else f"（责任单位：{offices[0]}）"
        lines += [f"{n}.{_task(rng, n, year)}。{trailer}", ""]
    return "\n".join(lines)


def _projects(rng: random.Random, issuer: _Issuer, year: int) -> str:
    lines = [f"## {year}年{issuer.name}重点实事项目清单", ""]
    for n in range(1, ITEMS_PER_DOCUMENT + 1):
        lines += [f"### 项目{_chinese(n)}：{rng.choice(VERBS)}工程第{n}项", "",
                  f"**责任领导：**{rng.choice(issuer.leaders)}", "",
                  f"**任务清单：**①{_task(rng, n, year)}。②建立工作台账。", "",
                  f"**承办单位：**{'、'.join(issuer.pick(rng))}", ""]
    return "\n".join(lines)


def _table(rng: random.Random, issuer: _Issuer, year: int) -> str:
    lines = [f"{issuer.name}{year}年重点任务分解表", "", "序号\t任务\t责任领导\t牵头单位\t责任单位\t完成时限"]
    for n in range(1, ITEMS_PER_DOCUMENT + 1):
        offices = issuer.pick(rng)
        lines.append(f"{n}\t{rng.choice(VERBS)}第{n}批项目{rng.randint(2, 90)}个\t{rng.choice(issuer.leaders)}\t"
                     f"{offices[0]}\t{'、'.join(offices[1:])}\t{year}年{rng.randint(1, 12)}月底前")
    return "\n".join(lines)


def _html(rng: random.Random, issuer: _Issuer, year: int) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{rng.choice(VERBS)}第{n}类项目</td><td>{'、'.join(issuer.pick(rng))}</td>"
        f"<td>{year}年{rng.randint(1, 12)}月底前</td></tr>"
        for n in range(1, ITEMS_PER_DOCUMENT + 1)
    )
    return (f"<html><body><p>{issuer.name}关于印发{year}年民生实事清单的通知</p><p>各有关单位：</p>"
            f"<table><tr><th>序号</th><th>项目名称</th><th>责任单位</th><th>完成时限</th></tr>{rows}</table></body></html>")


def _progress(rng: random.Random, issuer: _Issuer, year: int) -> str:
    lines = [f"{issuer.name}1-9月份{year}年工作要点进展情况", "", "序号\t来源\t工作内容\t工作部门\t工作进展情况"]
    for n in range(1, ITEMS_PER_DOCUMENT + 1):
        source = f"（{issuer.name}{year}年工作要点）第{n}项" if n == 1 else f"第{n}项"
        lines.append(f"{n}\t{source}\t推进第{n}项重点工作\t{issuer.pick(rng)[0]}\t已完成{rng.randint(40, 100)}%，序时推进。")
    return "\n".join(lines)


_WRITERS = (("txt", _work_plan), ("md", _projects), ("tsv", _table), ("html", _html), ("progress.tsv", _progress))


def _generate(scale: int, seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    for index in range(scale):
        issuer = _Issuer(rng, index)
        year = 2020 + index % 5
        for suffix, writer in _WRITERS:
            text = writer(rng, issuer, year)
            if issuer.traditional and suffix == "txt":
                text = _s2t()(text)
            yield f"u{index:05d}-{suffix.split('.')[0]}.{suffix.split('.')[-1]}", text


def documents(*, scale: int, seed: int = 7) -> list[tuple[str, str]]:
    """``5 × scale`` documents: (file name, text)."""
    return list(_generate(scale, seed))


def write(folder: Path, *, scale: int, seed: int = 7) -> int:
    """Write the documents into ``folder``; returns their size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for name, text in _generate(scale, seed):
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        size += len(data)
    return size
