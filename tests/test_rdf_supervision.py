"""What issue 13 added to the model — deadline rules, schedules, parts, statuses, 来源 links, the
same item twice, corrections — in the RDF view: lossless in every format, in the ontology's terms,
SHACL-checked, and the model's closed values matched by the terms and the shapes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, SH, TIME

from dutygraph.errors import ModelError
from dutygraph.graph.rdf.triples import iri, to_rdf
from dutygraph.graph.rdf.files import RDF_FORMATS, parse_graph, serialize
from dutygraph.graph.rdf.read import from_rdf
from dutygraph.importers.facts.progress import STATUS_RULES
from dutygraph.importers.read import read
from dutygraph.ontology.correct import apply_corrections
from dutygraph.ontology.corrections import load_corrections
from dutygraph.ontology.model import (
    Comparator,
    Corpus,
    Correction,
    CorrectionOp,
    DeadlineRule,
    Item,
    LeadRule,
    Organization,
    Period,
    Plan,
    Progress,
    ProgressStatus,
    Reference,
    Schedule,
    Share,
    SourceDocument,
    SourceSpan,
    Target,
)
from dutygraph.ontology.shacl import shapes, validate_graph
from dutygraph.ontology.terms import DEADLINE_RULE_TERMS, DG, RULE_TERMS, STATUS_TERMS
from test_corrections import SEED_FIXES
from test_progress import REPORT, SOURCE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def supervised(tmp_path_factory, seeds_dir) -> dict[str, Corpus]:
    """The seeds corrected, a plan with the report linked to it, and the test documents with
    schedules, parts of a whole and approximate figures."""
    folder = tmp_path_factory.mktemp("supervised")
    shutil.copytree(seeds_dir, folder / "seeds")
    (folder / "fixes.yaml").write_text(SEED_FIXES, "utf-8")
    done = apply_corrections(read([folder / "seeds"]), load_corrections(folder / "fixes.yaml"))
    assert done.stale == ()
    (folder / "plan.txt").write_text(SOURCE, "utf-8")
    (folder / "report.tsv").write_text(REPORT, "utf-8")
    return {"corrected": done.corpus, "linked": read([folder / "plan.txt", folder / "report.tsv"]),
            "documents": read([ROOT / "tests" / "documents"])}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
@pytest.mark.parametrize("name", ["corrected", "linked", "documents"])
def test_supervised_corpora_round_trip_through_every_format(supervised, name, fmt):
    corpus = supervised[name]
    graph = to_rdf(corpus)
    back = parse_graph(serialize(corpus, fmt), fmt)
    assert isomorphic(graph, back)
    assert from_rdf(back) == corpus


@pytest.mark.parametrize("name", ["corrected", "linked", "documents"])
def test_supervised_corpora_conform_to_the_shapes(supervised, name):
    assert validate_graph(to_rdf(supervised[name])) == []


def _item(corpus: Corpus, kind: str, ref: str) -> Item:
    return next(i for p in corpus.plans if p.kind == kind for i in p.items if i.ref == ref)


def test_links_and_statuses_are_written_in_the_ontologys_terms(supervised):
    corpus = supervised["linked"]
    g = to_rdf(corpus)
    row, planned = _item(corpus, "progress_report", "1"), _item(corpus, "work_plan", "1")
    assert (iri(row.id), DG.reportsOn, iri(planned.id)) in g
    [ref] = g.objects(iri(row.id), DG.qualifiedReportsOn)
    assert (ref, DG.reportedItem, iri(planned.id)) in g and (ref, DG.citedItem, Literal("1")) in g
    assert (iri(planned.id), DG.status, DG.completed) in g
    assert (iri(planned.id), DG.statusFrom, iri(row.progress[0].id)) in g
    assert (iri(row.progress[0].id), DG.statusRule, Literal("completion_stated")) in g
    unresolved = _item(corpus, "progress_report", "3")
    [ref] = g.objects(iri(unresolved.id), DG.qualifiedReportsOn)
    assert not list(g.objects(ref, DG.reportedItem)) and not list(g.objects(iri(unresolved.id), DG.reportsOn))
    assert (ref, DG.carried, Literal(True)) in g
    assert (iri(row.targets[0].id), DG.deadlineRule, DG.planYearEnd) in g


def test_schedules_parts_and_corrections_are_written_in_the_ontologys_terms(supervised):
    docs = supervised["documents"]
    g = to_rdf(docs)
    scheduled = next(t for p in docs.plans for i in p.items for t in i.targets if t.schedule is not None)
    [node] = g.objects(iri(scheduled.id), DG.schedule)
    assert (node, RDF.type, DG.Schedule) in g and (node, DG.period, Literal(scheduled.schedule.period)) in g
    assert not list(g.objects(iri(scheduled.id), DG.deadline))
    corrected = supervised["corrected"]
    g = to_rdf(corrected)
    part = next(t for p in corrected.plans for i in p.items for t in i.targets if t.part_of is not None)
    assert (iri(part.id), DG.partOfTarget, iri(part.part_of)) in g and (iri(part.id), DG.share, Literal("part")) in g
    twelve = next(i for p in corrected.plans if p.source.name.startswith("002") for i in p.items if i.ref == "12")
    [fix] = g.objects(iri(twelve.id), DG.correction)
    assert (fix, DG.correctionOp, Literal("set_lead")) in g and (fix, DG.line, Literal(4)) in g
    assert {g.value(a, DG.leadRule) for a in g.objects(iri(twelve.id), PROV.qualifiedAssociation)} >= {DG.corrected}
    three = next(i for p in corrected.plans if p.source.name.startswith("002") for i in p.items if i.ref == "3")
    assert (iri(three.id), DG.status, DG.completed) in g
    assert (iri(three.id), DG.statusFrom, iri(three.progress[-1].id)) in g


def _broken(supervised) -> tuple[object, set[str]]:
    linked = supervised["linked"]
    g = to_rdf(linked) + to_rdf(supervised["documents"])
    planned = _item(linked, "work_plan", "1")
    g.set((iri(planned.id), DG.status, URIRef("http://example.org/done")))  # not one of the four
    behind = _item(linked, "work_plan", "2")
    g.remove((iri(behind.id), DG.statusFrom, None))  # a status from nowhere
    report_row = _item(linked, "progress_report", "2")
    g.add((iri(report_row.id), DG.sameItemAs, iri(planned.id)))  # an item of another plan
    docs = supervised["documents"]
    scheduled = next(t for p in docs.plans for i in p.items for t in i.targets if t.schedule is not None)
    instant = URIRef(f"{iri(scheduled.id)}/deadline")  # a date besides the schedule
    g.add((iri(scheduled.id), DG.deadline, instant))
    g.add((instant, RDF.type, TIME.Instant))
    g.add((instant, TIME.inXSDDate, Literal(dt.date(2024, 6, 30))))
    dated = next(t for p in docs.plans for i in p.items for t in i.targets if t.deadline is not None)
    g.remove((iri(dated.id), DG.deadlineRule, None))
    return g, {"StatusShape", "StatusSourceShape", "SameItemShape", "ScheduledTargetShape", "StatedDeadlineShape"}


def test_broken_supervision_is_reported_by_rule(supervised):
    graph, expected = _broken(supervised)
    violations = validate_graph(graph)
    assert {v.rule for v in violations} == expected
    assert all(v.where and v.item for v in violations)


def test_an_unknown_status_or_deadline_rule_raises_a_model_error(supervised):
    corpus = supervised["linked"]
    planned = _item(corpus, "work_plan", "1")
    g = to_rdf(corpus)
    g.set((iri(planned.targets[0].id), DG.deadlineRule, DG.declared))  # a lead rule, not a deadline rule
    with pytest.raises(ModelError, match="deadlineRule"):
        from_rdf(g)
    g = to_rdf(corpus)
    g.set((iri(planned.id), DG.status, DG.lead))
    with pytest.raises(ModelError, match="dg:status"):
        from_rdf(g)


# --------------------------------------------------------------------------- closed values


def _shape_in(path: URIRef) -> set[object]:
    g = shapes()
    [values] = [g.value(p, SH["in"]) for p in g.subjects(SH.path, path) if g.value(p, SH["in"]) is not None]
    return {v.toPython() if isinstance(v, Literal) else v for v in Collection(g, values)}


def test_the_models_closed_values_are_the_terms_and_the_shapes_lists():
    assert set(RULE_TERMS) == set(get_args(LeadRule)) and _shape_in(DG.leadRule) == set(RULE_TERMS.values())
    assert set(DEADLINE_RULE_TERMS) == set(get_args(DeadlineRule))
    assert _shape_in(DG.deadlineRule) == set(DEADLINE_RULE_TERMS.values())
    assert set(STATUS_TERMS) == set(get_args(ProgressStatus)) and _shape_in(DG.status) == set(STATUS_TERMS.values())
    assert _shape_in(DG.statusRule) == {r.name for r in STATUS_RULES} | {"corrected"}
    assert _shape_in(DG.comparator) == set(get_args(Comparator))
    assert _shape_in(DG.period) == set(get_args(Period)) and _shape_in(DG.share) == set(get_args(Share))
    assert _shape_in(DG.correctionOp) == set(get_args(CorrectionOp))


# --------------------------------------------------------------------------- any values

TEXT = st.text(st.sampled_from("甲乙丙完成滞后第项号〔〕（）12 ab.\"'\\\n"), max_size=12)
SPAN = SourceSpan(file="plan.txt", line=2, end_line=2, start=0, end=1, text="甲")


@st.composite
def _corpora(draw) -> Corpus:
    n = draw(st.integers(1, 3))
    ids = [f"item:{k}" for k in range(n)]
    items = []
    for k, iid in enumerate(ids):
        targets = tuple(
            Target(id=f"target:{k}.{j}", order=j, text=draw(TEXT), value=draw(st.none() | st.integers(0, 10**6).map(float)),
                   unit="所", comparator=draw(st.none() | st.sampled_from(get_args(Comparator))),
                   deadline=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                   deadline_rule=draw(st.none() | st.sampled_from(get_args(DeadlineRule))),
                   schedule=draw(st.none() | st.builds(Schedule, period=st.sampled_from(get_args(Period)),
                                                      month=st.none() | st.integers(-1, 12),
                                                      day=st.none() | st.integers(1, 31), text=TEXT)),
                   share=draw(st.none() | st.sampled_from(get_args(Share))),
                   part_of=draw(st.none() | st.just(f"target:{k}.0")), span=SPAN)
            for j in range(draw(st.integers(0, 2))))
        progress = tuple(
            Progress(id=f"progress:{k}.{j}", text=draw(TEXT), as_of=draw(st.none() | st.dates(dt.date(2000, 1, 1))),
                     status=draw(st.none() | st.sampled_from(get_args(ProgressStatus))),
                     status_rule=draw(st.none() | TEXT), status_evidence=draw(st.none() | TEXT), span=SPAN)
            for j in range(draw(st.integers(0, 2))))
        items.append(Item(
            id=iid, ref=str(k + 1), title="甲", text="甲", targets=targets, progress=progress, span=SPAN,
            status=draw(st.none() | st.sampled_from(get_args(ProgressStatus))),
            status_from=draw(st.none() | st.sampled_from([p.id for p in progress] or ["progress:x"])),
            reports_on=tuple(draw(st.lists(st.builds(
                Reference, text=TEXT, doc_number=st.none() | TEXT, item=st.none() | TEXT, carried=st.booleans(),
                target=st.none() | st.sampled_from(ids)), max_size=2))),
            same_as=draw(st.none() | st.sampled_from(ids[:k] or [iid])),
            corrections=tuple(draw(st.lists(st.builds(
                Correction, op=st.sampled_from(get_args(CorrectionOp)), file=st.sampled_from(["fix.yaml", "plan.txt"]),
                line=st.integers(1, 99), before=st.none() | TEXT, after=st.none() | TEXT), max_size=2))),
        ))
    plan = Plan(id="plan:1", title="某县教育局2023年工作要点", issuers=("org:1",), kind="progress_report",
                source=SourceDocument(name="plan.txt", sha256="0" * 64, format="text", encoding="utf-8"),
                items=tuple(items))
    return Corpus(organizations=(Organization(id="org:1", name="某县教育局"),), plans=(plan,))


@settings(max_examples=40, deadline=None)
@given(_corpora())
def test_any_supervision_fields_round_trip(corpus):
    for fmt in ("ttl", "jsonld", "trig"):
        back = parse_graph(serialize(corpus, fmt), fmt)
        assert from_rdf(back) == corpus
        assert isomorphic(back, to_rdf(corpus))
