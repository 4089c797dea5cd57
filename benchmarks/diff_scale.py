"""Year-over-year matching time against plan size: ``match_items`` at 100×100 and 1,000×1,000 items.

usage: python benchmarks/diff_scale.py [--seed N]

Two years of an invented plan (:func:`years`): the second keeps most items reworded a little,
drops some and adds others, and every title is made of the same few dozen words, so many pairs
score near the threshold. Each size is timed on the graphs already built (reading is not timed),
in CPU seconds of this process (a loaded machine does not stretch them; wall seconds beside),
with the number of items carried over, and the last line gives the ratio of the two times:
all-pairs matching costs about 100x for 10x the items. Before issue 26, difflib scored every
pair: 236 s wall at 1,000×1,000 on these plans (2026-12-07, a loaded machine), with the same moves.
"""

from __future__ import annotations

import argparse
import random
import time

from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.queries.diff import match_items

VERBS = "推进 建设 完善 实施 开展 加强 深化 提升 落实 健全 优化 规范".split()
PLACES = "城区 乡村 县域 学区 园区 社区 集团 片区".split()
TOPICS = ("学前教育资源 义务教育学校 普通高中 职业教育专业 教师培训 校园安全 智慧教育平台 课后服务 "
          "体育场地 食堂管理 心理健康教育 劳动教育基地 控辍保学 学生资助 语言文字 招生考试").split()
ENDS = "建设 工程 行动 机制 改革 体系 试点 管理".split()


def title(rng: random.Random) -> str:
    """An invented item title: a verb, a place, a topic and an ending.

    >>> title(random.Random(1))
    '完善乡村体育场地工程'
    """
    return rng.choice(VERBS) + rng.choice(PLACES) + rng.choice(TOPICS) + rng.choice(ENDS)


def reworded(text: str, rng: random.Random) -> str:
    """``text`` as next year's plan restates it: another verb, or a word more at the end.

    >>> reworded("完善乡村体育场地工程", random.Random(0)), reworded("完善乡村体育场地工程", random.Random(1))
    ('深化乡村体育场地工程', '完善乡村体育场地工程专项改革')
    """
    if rng.random() < 0.5:
        return text + rng.choice(["专项", "提质", "三年"]) + rng.choice(ENDS)
    return rng.choice(VERBS) + text[2:]


def years(items: int, seed: int) -> tuple[str, str]:
    """The two years' texts, ``items`` items each."""
    rng = random.Random(seed)
    old = [title(rng) for _ in range(items)]
    new = []
    for text in old:
        draw = rng.random()
        if draw < 0.6:
            new.append(reworded(text, rng))
        elif draw < 0.8:
            new.append(title(rng))  # dropped, and another item in its place
    new += [title(rng) for _ in range(items - len(new))]
    rng.shuffle(new)

    def plan(year: int, titles: list[str]) -> str:
        return f"某县教育局{year}年工作要点\n" + "".join(f"{n}.{t}。（第{n % 30 + 1}科牵头）\n" for n, t in enumerate(titles, 1))

    return plan(2023, old), plan(2024, new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    times = []
    for items in (100, 1000):
        old, new = (to_networkx(parse(text)) for text in years(items, args.seed))
        wall, cpu = time.perf_counter(), time.process_time()
        moves = match_items(old, new)
        times.append(time.process_time() - cpu)
        carried = sum(m.change == "carried" for m in moves)
        print(f"{items:>5}×{items:<5} items: {times[-1]:8.3f} s CPU ({time.perf_counter() - wall:.3f} s wall), "
              f"{carried} carried over")
    print(f"ratio 1,000/100: {times[1] / times[0]:.1f}x (CPU)")


if __name__ == "__main__":
    main()
