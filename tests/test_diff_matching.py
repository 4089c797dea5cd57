"""Which items `dutygraph diff` carries over: the rules of the matching, on invented plans, and the
pairs it finds in real document pairs — the pairs the all-pairs difflib matching found before the
matching was made fast (issue 26), so that the fast one is seen to decide the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse, read
from dutygraph.queries.diff import ItemMove, match_items, similarity
from seeds import seed

ROOT = Path(__file__).resolve().parents[1]

# (old, new) → the carried pairs (old ref, new ref, score), found by the matching of 2026-12-06
# (difflib over all pairs). chains/1 → chains/3: items 3 and 3 score 0.5833 here, and 0.6111
# by rapidfuzz's Indel ratio (the longest common subsequence), which would carry them over.
REAL_PAIRS = {
    ("docs/examples/qingshan-2023-work-plan.txt", "examples/qingshan-2024-work-plan.txt"):
        [("1", "1", 1.0), ("2", "2", 1.0), ("3", "4", 1.0), ("5", "6", 1.0), ("6", "7", 0.75), ("7", "8", 1.0)],
    ("docs/examples/qingshan-2023-work-plan.txt", "examples/qingshan-2024-task-table.tsv"):
        [("1", "1", 0.6)],  # exactly at the threshold
    ("tests/documents/chains/1-national-plan.txt", "tests/documents/chains/3-province-east.txt"):
        [("1", "1", 0.9254), ("2", "2", 0.6667), ("4", "5", 0.9524), ("5", "6", 0.6296), ("6", "7", 0.8696)],
    ("tests/documents/chains/3-province-east.txt", "tests/documents/chains/4-province-west.txt"):
        [("1", "1", 0.7945), ("2", "2", 0.6441), ("5", "3", 0.8852), ("7", "4", 0.88)],
    ("tests/documents/chains/3-province-east.txt", "tests/documents/chains/6-province-east-workplan.txt"):
        [("5", "2", 0.6939)],
    ("tests/documents/chains-water/1-ministry-plan.txt", "tests/documents/chains-water/2-province-north.txt"):
        [("一", "1", 0.7037), ("二", "2", 0.6552), ("三", "3", 0.8679), ("四", "4", 0.9756)],
    ("tests/documents/chains-water/2-province-north.txt", "tests/documents/chains-water/3-county-qingshui.txt"):
        [("1", "1", 0.8333), ("2", "2", 0.7018)],
}
# the seeds: two city work plans of 2022 (one in traditional characters) and a provincial one
SEED_PAIRS = {
    ("002", "004"): [("16", "3", 0.7273), ("49", "5", 0.6316)],
    ("003", "004"): [("20", "2", 0.6667), ("28", "5", 0.625)],
}


def carried(moves: list[ItemMove]) -> list[tuple[str | None, str | None, float | None]]:
    return [(m.old_ref, m.new_ref, m.score) for m in moves if m.change == "carried"]


def moves_between(old: Path, new: Path) -> list[ItemMove]:
    return match_items(to_networkx(read([old]).whole()), to_networkx(read([new]).whole()))


@pytest.mark.parametrize(("old", "new"), list(REAL_PAIRS))
def test_real_document_pairs_carry_the_same_items(old, new):
    moves = moves_between(ROOT / old, ROOT / new)
    assert carried(moves) == REAL_PAIRS[old, new]
    assert all(m.score is None or m.score >= 0.6 for m in moves)


@pytest.mark.parametrize(("old", "new"), list(SEED_PAIRS))
def test_seed_pairs_carry_the_same_items(old, new):
    assert carried(moves_between(seed(old), seed(new))) == SEED_PAIRS[old, new]
    backwards = carried(moves_between(seed(new), seed(old)))  # the same pairs, in the other plan's order
    assert sorted(backwards) == sorted((b, a, s) for a, b, s in SEED_PAIRS[old, new])


def test_below_the_threshold_by_difflib_is_not_carried():
    moves = moves_between(ROOT / "tests/documents/chains/1-national-plan.txt", ROOT / "tests/documents/chains/3-province-east.txt")
    [old] = [m for m in moves if m.change == "dropped" and m.old_ref == "3"]
    [new] = [m for m in moves if m.change == "added" and m.new_ref == "3"]
    assert old.old_title and new.new_title and similarity(old.old_title, new.new_title) == 0.5833


# Titles from a few characters, so that many pairs score near any threshold; none of them is a
# numeral, an office or a responsibility word, so every line is one item with that title.
TITLES = st.lists(st.text(alphabet="建设推进学校课程质量管理服务平台体系改革", min_size=1, max_size=10), min_size=1, max_size=7)


def plan(year: int, titles: list[str]) -> str:
    return f"某县教育局{year}年工作要点\n" + "".join(f"{n}.{title}。（学前科牵头）\n" for n, title in enumerate(titles, 1))


@settings(max_examples=150, deadline=None)
@given(TITLES, TITLES, st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.75, 0.9, 1.0]))
def test_the_matching_is_greedy_best_score_first_each_item_once(old_titles, new_titles, threshold):
    moves = match_items(to_networkx(parse(plan(2023, old_titles))), to_networkx(parse(plan(2024, new_titles))),
                        threshold=threshold)
    kinds = [m.change for m in moves]
    assert kinds == sorted(kinds, key=["carried", "dropped", "added"].index)
    # every item once, each side in its plan's order within each kind
    olds = [int(m.old_ref) for m in moves if m.old_ref]
    news = [int(m.new_ref) for m in moves if m.new_ref]
    assert sorted(olds) == list(range(1, len(old_titles) + 1)) and sorted(news) == list(range(1, len(new_titles) + 1))
    for kind in ("carried", "dropped"):
        refs = [int(m.old_ref) for m in moves if m.change == kind and m.old_ref]
        assert refs == sorted(refs)
    added = [int(m.new_ref) for m in moves if m.change == "added" and m.new_ref]
    assert added == sorted(added)
    # a pair carried over scores at least the threshold, and its score is the titles' similarity
    match = {int(m.old_ref): (int(m.new_ref), m.score) for m in moves if m.change == "carried" and m.old_ref and m.new_ref}
    for i, (j, score) in match.items():
        assert score == similarity(old_titles[i - 1], new_titles[j - 1]) and score is not None and score >= threshold
    # every pair left apart is outranked at one of its ends: by a better score, or an equal score of
    # an earlier old item (then an earlier new one) — the one matching taking the best pairs first
    rank = {(i, j): (-similarity(a, b), i, j) for i, a in enumerate(old_titles, 1) for j, b in enumerate(new_titles, 1)}
    by_new = {j: i for i, (j, _) in match.items()}
    for (i, j), key in rank.items():
        if -key[0] < threshold or match.get(i, (None,))[0] == j:
            continue
        assert (i in match and rank[i, match[i][0]] < key) or (j in by_new and rank[by_new[j], j] < key), (i, j)
