"""One document's rows in the store and back: a plan and the descriptions it refers to.

:func:`document_rows` turns a plan (with the issuers, parties and leaders it names) into rows
per table (:mod:`.sqlite_schema`); :func:`read_plans` turns the rows of a store back into
equal plans. Nothing is validated on the way back: the rows were written from valid models,
so the models are rebuilt without validation (which is what makes reading fast), every field
given, as ``model_construct`` would.

>>> from dutygraph.importers.read import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n")
>>> rows = document_rows(corpus.plans[0], corpus.organizations, corpus.parties, corpus.leaders)
>>> [(r[3], r[4]) for r in rows.tables["assignments"]]
[('学前科', 'lead')]
>>> rows.text
'1.扩充学位。（学前科牵头）'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dutygraph.ontology.model import (
    Assignment,
    ChainLink,
    Citation,
    Collective,
    Correction,
    Item,
    Leader,
    Locator,
    Office,
    Organization,
    Party,
    Plan,
    Progress,
    QualityIssue,
    Reference,
    Responsibility,
    Schedule,
    Section,
    SourceDocument,
    SourceSpan,
    Target,
    Task,
)

__all__ = ["DocumentRows", "document_rows", "read_entities", "read_plans"]

Row = tuple[Any, ...]


def _json(values: Any) -> str | None:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")) if values else None


def _models(values: Sequence[Any]) -> str | None:
    return _json([v.model_dump(mode="json") for v in values])


@dataclass
class DocumentRows:
    """A document's rows, table by table, without its ``doc`` number (the store adds it);
    ``text`` holds the text of its spans once, ``digest`` tells two versions apart."""

    document: Row
    text: str
    tables: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        h = hashlib.sha256(repr(self.document).encode())
        h.update(self.text.encode())
        for name in sorted(self.tables):
            h.update(name.encode())
            h.update(repr(self.tables[name]).encode())
        return h.hexdigest()


class _Spans:
    """Numbers a document's spans and keeps their text once: a span inside the span it is
    read with (an assignment inside its item's line) points into that span's text."""

    def __init__(self, document: str) -> None:
        self.document, self.rows, self.parts = document, [], []
        self.size = 0
        self.at: dict[str, int] = {}

    def add(self, span: SourceSpan, within: tuple[SourceSpan, int] | None = None) -> int:
        at = None
        if within is not None:
            outer, outer_at = within
            offset = span.start - outer.start
            if (span.file == outer.file and 0 <= offset and span.end <= outer.end
                    and outer.text[offset:offset + len(span.text)] == span.text):
                at = outer_at + offset
        if at is None:
            at = self.at.get(span.text)
        if at is None:
            at = self.at[span.text] = self.size
            self.parts.append(span.text)
            self.size += len(span.text)
        self.rows.append((len(self.rows), None if span.file == self.document else span.file, span.line,
                          span.end_line, span.start, span.end, at, len(span.text),
                          None if span.where is None else span.where.model_dump_json()))
        return len(self.rows) - 1


def document_rows(plan: Plan, organizations: Iterable[Organization], parties: Iterable[Party],
                  leaders: Iterable[Leader], *, issuer_scope: str | None = None) -> DocumentRows:
    """The rows of one plan, and of the descriptions of the issuers, parties and leaders given
    (those it refers to; the store keeps them with the document)."""
    src = plan.source
    spans = _Spans(src.name)
    tables: dict[str, list[Row]] = {name: [] for name in (
        "plans", "organizations", "parties", "leaders", "sections", "items", "tasks", "targets", "progress",
        "assignments", "responsibilities", "corrections", "pairs", "quality", "spans")}
    tables["plans"].append((plan.id, plan.title, json.dumps(plan.issuers, ensure_ascii=False), plan.year, plan.kind,
                            plan.doc_number, _models(plan.cites)))
    tables["organizations"] = [(o.id, o.name, o.qualifier, o.rule, o.doubt, o.level, o.level_rule, o.level_evidence)
                               for o in organizations]
    tables["parties"] = [(p.id, p.kind, p.issuer, p.name, json.dumps(p.aliases, ensure_ascii=False),
                          p.scope if isinstance(p, Collective) else None) for p in parties]
    tables["leaders"] = [(v.id, v.issuer, v.name, v.title) for v in leaders]
    for pos, s in enumerate(plan.sections):
        span = spans.add(s.span)
        tables["sections"].append((pos, s.id, s.ordinal, s.number, s.level, s.title, s.parent, span))
        for k, r in enumerate(s.responsibilities):
            tables["responsibilities"].append(("section", pos, k, r.leader, r.surface, r.label, spans.add(r.span)))
    items = {i.id: i for i in plan.items}
    for pos, i in enumerate(plan.items):
        top = _top(i, items)
        span = spans.add(i.span)
        within = (i.span, spans.rows[span][6])
        tables["items"].append((pos, i.id, i.ref, i.number, i.title, i.text, i.section, i.parent, top, _json(i.notes),
                                _json(i.references), int(i.open_list), i.status, i.status_from, _models(i.reports_on),
                                i.same_as, _models(i.derived_from), span))
        tables["tasks"] += [(pos, k, x.id, x.order, x.text, spans.add(x.span, within)) for k, x in enumerate(i.tasks)]
        tables["targets"] += [
            (pos, k, x.id, x.order, x.text, x.metric, x.value, x.unit, x.comparator,
             x.deadline.isoformat() if x.deadline else None, x.horizon, x.deadline_rule,
             x.schedule.model_dump_json() if x.schedule else None, x.share,
             x.part_of, x.doubt, spans.add(x.span, within))
            for k, x in enumerate(i.targets)]
        tables["progress"] += [
            (pos, k, x.id, x.text, x.as_of.isoformat() if x.as_of else None, x.status, x.status_rule,
             x.status_evidence, spans.add(x.span, within))
            for k, x in enumerate(i.progress)]
        tables["assignments"] += [(pos, k, a.party, a.surface, a.role, a.rule, a.order, spans.add(a.span, within))
                                  for k, a in enumerate(i.assignments)]
        tables["responsibilities"] += [("item", pos, k, r.leader, r.surface, r.label, spans.add(r.span, within))
                                       for k, r in enumerate(i.responsibilities)]
        tables["corrections"] += [(pos, k, c.op, c.file, c.line, c.before, c.after) for k, c in enumerate(i.corrections)]
    tables["pairs"] = _pairs(plan, items)
    tables["quality"] = [(pos, q.kind, q.message, q.line, q.item) for pos, q in enumerate(plan.quality)]
    tables["spans"] = spans.rows
    document = (plan.id, src.name, src.sha256, src.format, src.encoding, json.dumps(src.normalisations), issuer_scope)
    return DocumentRows(document, "".join(spans.parts), tables)


def _top(item: Item, items: dict[str, Item]) -> str:
    """The top-level item ``item`` counts for, as :func:`dutygraph.queries.scope.top_item` finds
    it in the graph: up the parents, then to the earlier row reporting on the same item."""
    seen = {item.id}
    while item.parent and item.parent not in seen and item.parent in items:
        item = items[item.parent]
        seen.add(item.id)
    twin = item.same_as
    return twin if twin and twin in items and twin not in seen else item.id


_ROLE_OPS = frozenset({"set_lead", "add_office", "set_role"})


def _pairs(plan: Plan, items: dict[str, Item]) -> list[Row]:
    """The plan's (party, top-level item) pairs in reading order, as
    :func:`dutygraph.queries.scope.item_parties` counts them: lead if any assignment on the item
    or a sub-measure leads; the lines of every assignment, then those of the corrections file
    that set a role."""
    drafts: dict[tuple[str, str], list[Any]] = {}
    for item in plan.items:
        top = _top(item, items)
        fixes = [(c.file, c.line) for c in item.corrections if c.op in _ROLE_OPS]
        for a in sorted(item.assignments, key=lambda a: a.order):
            draft = drafts.setdefault((a.party, top), [False, [], []])
            draft[0] = draft[0] or a.role == "lead"
            draft[1].append((a.span.file, a.span.line))
            if a.rule == "corrected":
                draft[2].extend(fixes)
    rows = []
    for pos, ((party, top), (lead, where, fixed)) in enumerate(drafts.items()):
        ordered = sorted(set(where))
        sources = [f"{f}:{line}" for f, line in ordered]
        if fixed:
            sources = list(dict.fromkeys([*sources, *(f"{f}:{line}" for f, line in sorted(set(fixed)))]))
        rows.append((pos, party, top, int(lead), *ordered[0], _json(sources)))
    return rows


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _tuple(value: str | None) -> tuple[Any, ...]:
    return tuple(json.loads(value)) if value else ()


def _group(rows: Iterable[Row], width: int) -> dict[tuple[Any, ...], list[Row]]:
    """Rows by their first ``width`` columns (they arrive in key order)."""
    out: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        out.setdefault(row[:width], []).append(row)
    return out


def _builder(cls: Any) -> Any:
    """``cls(**fields)`` without validation, for rows written from valid models: what
    ``model_construct`` does, less its per-field work (every field is given)."""
    new, put = cls.__new__, object.__setattr__

    def build(**values: Any) -> Any:
        obj = new(cls)
        put(obj, "__dict__", values)
        put(obj, "__pydantic_fields_set__", set(values))
        put(obj, "__pydantic_extra__", None)
        put(obj, "__pydantic_private__", None)
        return obj

    return build


def _read_spans(rows: Iterable[Row], names: dict[int, str], texts: dict[int, str]) -> dict[tuple[int, int], SourceSpan]:
    build = _builder(SourceSpan)
    out = {}
    for doc, span, file, line, end_line, start, end, at, length, loc in rows:
        out[doc, span] = build(file=file or names[doc], line=line, end_line=end_line, start=start, end=end,
                               text=texts[doc][at:at + length],
                               where=None if loc is None else Locator.model_validate_json(loc))
    return out


def read_plans(db: Any, docs: Sequence[int] | None = None) -> list[Plan]:
    """The plans of the store (or of the documents ``docs``), in the documents' order."""
    where = "" if docs is None else f" WHERE doc IN ({','.join(str(int(d)) for d in docs)})"
    documents = db.execute(f"SELECT doc, name, sha256, format, encoding, normalisations, text FROM documents{where} "
                           "ORDER BY position").fetchall()
    names = {d[0]: d[1] for d in documents}
    texts = {d[0]: d[6] for d in documents}

    def rows(table: str, order: str) -> list[Row]:
        return db.execute(f"SELECT * FROM {table}{where} ORDER BY {order}").fetchall()

    spans = _read_spans(rows("spans", "doc, span"), names, texts)
    C = {cls: _builder(cls) for cls in (Task, Target, Progress, Assignment, Responsibility, Correction, Item,
                                               Section, QualityIssue, Plan, SourceDocument)}
    tasks = _group(((d, i, C[Task](id=x, order=o, text=t, span=spans[d, s])) for d, i, _, x, o, t, s
                    in rows("tasks", "doc, item, pos")), 2)
    targets = _group(((d, i, C[Target](
        id=x, order=o, text=t, metric=m, value=v, unit=u, comparator=c, deadline=_date(dl), horizon=h,
        deadline_rule=r, schedule=None if sc is None else Schedule.model_validate_json(sc),
        share=sh, part_of=po, span=spans[d, s], doubt=db))
        for d, i, _, x, o, t, m, v, u, c, dl, h, r, sc, sh, po, db, s in rows("targets", "doc, item, pos")), 2)
    progress = _group(((d, i, C[Progress](id=x, text=t, as_of=_date(a), status=st, status_rule=sr,
                                          status_evidence=se, span=spans[d, s]))
                       for d, i, _, x, t, a, st, sr, se, s in rows("progress", "doc, item, pos")), 2)
    assignments = _group(((d, i, C[Assignment](party=p, surface=sf, role=r, rule=ru, order=o, span=spans[d, s]))
                          for d, i, _, p, sf, r, ru, o, s in rows("assignments", "doc, item, pos")), 2)
    duties = _group(((d, w, i, C[Responsibility](leader=v, surface=sf, label=lb, span=spans[d, s]))
                     for d, w, i, _, v, sf, lb, s in rows("responsibilities", "doc, owner, parent, pos")), 3)
    fixes = _group(((d, i, C[Correction](op=op, file=f, line=ln, before=b, after=a))
                    for d, i, _, op, f, ln, b, a in rows("corrections", "doc, item, pos")), 2)

    def under(group: dict[tuple[Any, ...], list[Row]], *key: Any) -> tuple[Any, ...]:
        return tuple(r[-1] for r in group.get(key, ()))

    sections = _group(((d, C[Section](id=x, ordinal=o, number=n, level=lv, title=t, parent=p,
                                      responsibilities=under(duties, d, "section", pos), span=spans[d, s]))
                       for d, pos, x, o, n, lv, t, p, s in rows("sections", "doc, pos")), 1)
    items = _group(((d, C[Item](
        id=x, ref=ref, number=n, title=t, text=tx, section=sec, parent=par, tasks=under(tasks, d, pos),
        targets=under(targets, d, pos), assignments=under(assignments, d, pos),
        responsibilities=under(duties, d, "item", pos), progress=under(progress, d, pos), notes=_tuple(notes),
        references=_tuple(refs), open_list=bool(ol), status=st, status_from=sf,
        reports_on=tuple(Reference.model_construct(**r) for r in _tuple(ro)), same_as=sa,
        corrections=under(fixes, d, pos), span=spans[d, s],
        derived_from=tuple(ChainLink.model_construct(**c) for c in _tuple(df))))
        for d, pos, x, ref, n, t, tx, sec, par, _, notes, refs, ol, st, sf, ro, sa, df, s in rows("items", "doc, pos")), 1)
    quality = _group(((d, C[QualityIssue](kind=k, message=m, line=ln, item=i))
                      for d, _, k, m, ln, i in rows("quality", "doc, pos")), 1)
    plans = {d: p for d, *p in rows("plans", "doc")}
    out = []
    for doc, name, sha, fmt, enc, norms, _ in documents:
        pid, title, issuers, year, kind, number, cites = plans[doc]
        out.append(C[Plan](
            id=pid, title=title, issuers=tuple(json.loads(issuers)), year=year, kind=kind, doc_number=number,
            source=C[SourceDocument](name=name, sha256=sha, format=fmt, encoding=enc,
                                     normalisations=tuple(json.loads(norms))),
            sections=under(sections, doc), items=under(items, doc), quality=under(quality, doc),
            cites=tuple(Citation.model_validate(c) for c in _tuple(cites))))
    return out


def read_entities(db: Any) -> tuple[tuple[Organization, ...], tuple[Party, ...], tuple[Leader, ...]]:
    """The issuers, parties and leaders the documents describe, each once (as the first
    document describes it), in id order."""
    orgs = {i: Organization.model_construct(id=i, name=n, qualifier=q, rule=r, doubt=d, level=lv, level_rule=lr,
                                            level_evidence=le)
            for i, n, q, r, d, lv, lr, le in db.execute(
                "SELECT id, name, qualifier, rule, doubt, level, level_rule, level_evidence FROM organizations "
                "ORDER BY doc DESC")}
    parties: dict[str, Party] = {}
    for i, kind, issuer, name, aliases, scope in db.execute(
            "SELECT id, kind, issuer, name, aliases, scope FROM parties ORDER BY doc"):
        if i in parties:
            continue
        if kind == "collective":
            parties[i] = Collective.model_construct(kind=kind, id=i, issuer=issuer, name=name,
                                                    aliases=tuple(json.loads(aliases)), scope=scope)
        else:
            parties[i] = Office.model_construct(kind=kind, id=i, issuer=issuer, name=name,
                                                aliases=tuple(json.loads(aliases)))
    leaders = {i: Leader.model_construct(id=i, issuer=s, name=n, title=t)
               for i, s, n, t in db.execute("SELECT id, issuer, name, title FROM leaders ORDER BY doc DESC")}
    return (tuple(orgs[k] for k in sorted(orgs)), tuple(parties[k] for k in sorted(parties)),
            tuple(leaders[k] for k in sorted(leaders)))
