"""Corrections files: a planner's edits to what was read, kept apart from the documents.

A corrections file (YAML, or TOML for ``.toml``) lists operations keyed by plan and item; they
are applied after extraction on every import (:func:`dutygraph.ontology.correct.apply_corrections`),
so they survive re-reading the documents. YAML::

    plan: 002_plan.txt            # default plan of the entries: file name, title or plan id
    corrections:
      - item: "12"                # the item's ref (a sub-measure's with its item's: 二.2)
        set_lead: 基础教育科       # the lead office (others leading become supporting)
      - item: "3"
        section: 二               # where refs repeat: the section's ordinal or title
        add_office: {office: 财务科, role: support}
        drop_target: 新建幼儿园3所  # the target's text (or its number on the item: 2)
      - plan: 001_report.txt
        item: "1"
        set_status: completed     # or {status: 已完成, as_of: 2022-09-30, note: 已销号}

TOML has the same keys, ``plan = "…"`` then one ``[[corrections]]`` table per entry.

Operations: ``set_lead`` OFFICE; ``add_office`` OFFICE or {office, role}; ``remove_office``
OFFICE; ``set_role`` {office, role}; ``drop_target`` N or TEXT; ``set_value`` {target, value,
unit, comparator}; ``set_deadline`` DATE or {target, deadline}; ``set_status`` STATUS or
{status, as_of, note}; ``set_leader`` LEADER or {leader, title, label} (the item's only leader);
``remove_leader`` LEADER (a collective or a sentence read as a leader); ``confirm_link``,
``reject_link`` and ``add_link`` {plan, item, section}: the item of a higher-level plan this item
carries out (:mod:`dutygraph.ontology.chains`), to confirm or reject a link that was found, or to
add one that was not. Offices are named as the documents do (aliases apply); ``target`` is the
target's number on its item (1 = first) or its whole text (safer: numbers move when the
document changes); statuses are ``completed``,
``on_track``, ``behind``, ``not_started`` or 已完成, 序时推进, 滞后, 未启动.

An entry without operations lists an item and changes nothing (a template's entries start so).
Every entry and operation keeps its line, so that what it did is cited as ``file:line`` and a
bad value is reported there (:class:`~dutygraph.errors.CorrectionError`).

>>> entries = parse_corrections('plan: a.txt\\ncorrections:\\n  - item: "3"\\n    set_lead: 财务科\\n', "fix.yaml")
>>> [(e.plan, e.item, [(o.op, o.value, o.line) for o in e.ops]) for e in entries]
[('a.txt', '3', [('set_lead', {'office': '财务科'}, 4)])]
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from dutygraph.errors import CorrectionError, Message, quoted
from dutygraph.ontology.offices import MAX_SETTINGS_BYTES
from dutygraph.ontology.model import CorrectionOp, Corpus, Item, Plan, ProgressStatus, display_ref

__all__ = ["CorrectionEntry", "CorrectionOperation", "STATUS_NAMES", "load_corrections", "parse_corrections", "template"]

OPS: tuple[str, ...] = get_args(CorrectionOp)
STATUS_NAMES: dict[str, ProgressStatus] = {
    **{s: s for s in get_args(ProgressStatus)},
    "已完成": "completed", "序时推进": "on_track", "滞后": "behind", "未启动": "not_started",
}
_COMPARATORS = {"=": "=", ">=": ">=", "<=": "<=", "≈": "≈", "≥": ">=", "≤": "<=", "~": "≈"}
_ENTRY_KEYS = {"plan", "item", "section"}


@dataclass(frozen=True)
class CorrectionOperation:
    """One operation of an entry, its arguments checked and named, and its line."""

    op: CorrectionOp
    value: dict[str, Any]
    line: int
    text: str


@dataclass(frozen=True)
class CorrectionEntry:
    """One entry of a corrections file: which item, and the operations on it."""

    file: str
    line: int
    plan: str
    item: str
    section: str | None
    ops: tuple[CorrectionOperation, ...]


def load_corrections(path: str | Path) -> list[CorrectionEntry]:
    """Read a corrections file; errors name the file and line."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise CorrectionError(str(path), "correction.too_large", mb=MAX_SETTINGS_BYTES >> 20)
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CorrectionError(str(path), "correction.not_found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionError(str(path), "correction.unreadable", reason=str(exc)) from None
    return parse_corrections(text, str(path))


def parse_corrections(text: str, name: str) -> list[CorrectionEntry]:
    """Parse a corrections file's text; ``name`` ending in ``.toml`` is read as TOML, else YAML."""
    data, entry_lines, op_lines = _toml(text, name) if name.endswith(".toml") else _yaml(text, name)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("corrections", []), list):
        raise CorrectionError(name, "correction.shape", line=1)
    unknown = set(data) - {"plan", "corrections"}
    if unknown:
        raise CorrectionError(name, "correction.unknown_key", line=1, key=quoted(sorted(unknown)[0]))
    lines = text.splitlines()
    entries = []
    for i, raw in enumerate(data.get("corrections", [])):
        line = entry_lines[i] if i < len(entry_lines) else 1
        entries.append(_entry(raw, data.get("plan"), name, line, op_lines[i] if i < len(op_lines) else {}, lines))
    return entries


def _fail(name: str, line: int, code: str, **params: Any) -> CorrectionError:
    return CorrectionError(name, f"correction.{code}", line=line, **params)


def _entry(raw: Any, plan: Any, name: str, line: int, op_lines: dict[str, int], lines: list[str]) -> CorrectionEntry:
    if not isinstance(raw, dict):
        raise _fail(name, line, "entry_shape")
    for key in raw:
        if key not in _ENTRY_KEYS and key not in OPS:
            raise _fail(name, op_lines.get(key, line), "unknown_op", op=quoted(str(key)), known=", ".join(OPS))
    plan = raw.get("plan", plan)
    if not isinstance(plan, str) or not plan.strip():
        raise _fail(name, line, "no_plan")
    item = raw.get("item")
    if isinstance(item, int) and not isinstance(item, bool):
        item = str(item)
    if not isinstance(item, str) or not item.strip():
        raise _fail(name, line, "no_item")
    section = raw.get("section")
    if section is not None and not isinstance(section, (str, int)):
        raise _fail(name, line, "section")
    ops = []
    for key in OPS:
        if key in raw:
            at = op_lines.get(key, line)
            text = lines[at - 1].strip() if 0 < at <= len(lines) else ""
            ops.append(CorrectionOperation(key, _arguments(key, raw[key], name, at), at, text))  # type: ignore[arg-type]
    return CorrectionEntry(name, line, plan.strip(), item.strip(), None if section is None else str(section).strip(),
                           tuple(ops))


def _text(value: Any, what: Message, name: str, line: int) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, line, "must_be_text", what=what)
    return value.strip()


def _date(value: Any, name: str, line: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(name, line, "not_a_date", value=repr(value))


def _target(value: Any, name: str, line: int) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, int) and value < 1):
        raise _fail(name, line, "target")
    return value if isinstance(value, int) else _text(value, Message("correction.what.a_target"), name, line)


def _role(value: Any, name: str, line: int) -> str:
    if value not in ("lead", "support"):
        raise _fail(name, line, "role", value=repr(value))
    return value


def _mapping(value: Any, allowed: set[str], required: set[str], op: str, name: str, line: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(name, line, "takes_mapping", op=op, keys=", ".join(sorted(required)))
    unknown = set(value) - allowed
    missing = required - set(value)
    if unknown or missing:
        raise _fail(name, line, "mapping_unknown" if unknown else "mapping_missing", op=op,
                    key=repr(sorted(unknown or missing)[0]), keys=", ".join(sorted(allowed)))
    return value


def _arguments(op: str, value: Any, name: str, line: int) -> dict[str, Any]:
    """An operation's arguments as a mapping, every value checked."""
    if op in ("set_lead", "remove_office"):
        return {"office": _text(value, _of(op, "office"), name, line)}
    if op == "remove_leader":
        return {"leader": _text(value, _of(op, "leader"), name, line)}
    if op == "set_leader":
        if not isinstance(value, dict):
            return {"leader": _text(value, _of(op, "leader"), name, line), "title": None, "label": None}
        value = _mapping(value, {"leader", "title", "label"}, {"leader"}, op, name, line)
        return {"leader": _text(value["leader"], _the("leader"), name, line),
                "title": _text(value["title"], _the("title"), name, line) if "title" in value else None,
                "label": _text(value["label"], _the("label"), name, line) if "label" in value else None}
    if op == "add_office":
        if not isinstance(value, dict):
            return {"office": _text(value, _of(op, "office"), name, line), "role": "support"}
        value = _mapping(value, {"office", "role"}, {"office"}, op, name, line)
        return {"office": _text(value["office"], _the("office"), name, line), "role": _role(value.get("role", "support"), name, line)}
    if op == "set_role":
        value = _mapping(value, {"office", "role"}, {"office", "role"}, op, name, line)
        return {"office": _text(value["office"], _the("office"), name, line), "role": _role(value["role"], name, line)}
    if op == "drop_target":
        return {"target": _target(value, name, line)}
    if op == "set_value":
        value = _mapping(value, {"target", "value", "unit", "comparator"}, {"value"}, op, name, line)
        number = value["value"]
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise _fail(name, line, "not_a_number", value=repr(number))
        comparator = value.get("comparator")
        if comparator is not None and comparator not in _COMPARATORS:
            raise _fail(name, line, "comparator", known=", ".join(_COMPARATORS))
        return {"target": _target(value["target"], name, line) if "target" in value else None, "value": float(number),
                "unit": _text(value["unit"], _the("unit"), name, line) if "unit" in value else None,
                "comparator": _COMPARATORS[comparator] if comparator else None}
    if op == "set_deadline":
        if not isinstance(value, dict):
            return {"target": None, "deadline": _date(value, name, line)}
        value = _mapping(value, {"target", "deadline"}, {"deadline"}, op, name, line)
        return {"target": _target(value["target"], name, line) if "target" in value else None,
                "deadline": _date(value["deadline"], name, line)}
    if op in ("confirm_link", "reject_link", "add_link"):
        value = _mapping(value, {"plan", "item", "section"}, {"plan", "item"}, op, name, line)
        return {key: _text(value[key], _of(op, key), name, line) for key in ("plan", "item", "section") if key in value}
    if not isinstance(value, dict):
        value = {"status": value}
    value = _mapping(value, {"status", "as_of", "note"}, {"status"}, op, name, line)
    status = STATUS_NAMES.get(str(value["status"]).strip())
    if status is None:
        raise _fail(name, line, "unknown_status", value=repr(value["status"]), known=", ".join(STATUS_NAMES))
    return {"status": status, "as_of": _date(value["as_of"], name, line) if "as_of" in value else None,
            "note": _text(value["note"], _the("note"), name, line) if "note" in value else ""}


def _of(op: str, key: str) -> Message:
    return Message("correction.what.of_op", op=op, key=key)


def _the(key: str) -> Message:
    return Message("correction.what.the", key=key)


def _yaml(text: str, name: str) -> tuple[Any, list[int], list[dict[str, int]]]:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise CorrectionError(name, "correction.yaml_too_deep") from None
    except ValueError as exc:  # a value the YAML loader cannot build: 2024-02-30 as a date
        raise CorrectionError(name, "correction.bad_yaml", reason=str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorrectionError(name, "correction.bad_yaml", line=mark.line + 1 if mark else None, reason=problem) from None
    finally:
        loader.dispose()
    entry_lines: list[int] = []
    op_lines: list[dict[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "corrections" and isinstance(value, yaml.SequenceNode):
                for entry in value.value:
                    entry_lines.append(entry.start_mark.line + 1)
                    op_lines.append({k.value: k.start_mark.line + 1 for k, _ in entry.value}
                                    if isinstance(entry, yaml.MappingNode) else {})
    return data, entry_lines, op_lines


_TOML_ENTRY = re.compile(r"^\s*\[\[\s*corrections\s*\]\]")
_TOML_KEY = re.compile(r"^\s*([A-Za-z_]+)\s*=")
_TOML_SUBTABLE = re.compile(r"^\s*\[\s*corrections\.([A-Za-z_]+)\s*\]")


def _toml(text: str, name: str) -> tuple[Any, list[int], list[dict[str, int]]]:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise CorrectionError(name, "correction.toml_too_deep") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        raise CorrectionError(name, "correction.bad_toml", line=int(at.group(1)) if at else None,
                              reason=str(exc).split(" (at")[0]) from None
    entry_lines: list[int] = []
    op_lines: list[dict[str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if _TOML_ENTRY.match(line):
            entry_lines.append(number)
            op_lines.append({})
        elif op_lines and (key := _TOML_KEY.match(line) or _TOML_SUBTABLE.match(line)):
            op_lines[-1].setdefault(key.group(1), number)
    return data, entry_lines, op_lines


def _quote(text: str) -> str:
    """A string as YAML and TOML both read it (a JSON string)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _about(item: Item, names: dict[str, str]) -> list[str]:
    """What was read of ``item``, in the template's comments (codes as the operations take them)."""
    from dutygraph.i18n import t

    none = t("help.template.none")
    lines = [f"{item.title[:40]} ({item.span.file}:{item.span.line})"]
    offices = "; ".join(f"{names.get(a.party, a.surface)} {a.role} ({a.rule})" for a in item.assignments)
    lines.append(t("help.template.offices", offices=offices or none))
    for n, target in enumerate(item.targets, 1):
        figure = (f"{target.comparator} {target.value:g} {target.unit or ''}".strip() if target.value is not None
                  else t("help.template.no_figure"))
        due = (t("help.template.due", deadline=target.deadline, rule=target.deadline_rule) if target.deadline else
               t("help.template.every", period=target.schedule.text or target.schedule.period) if target.schedule else
               t("help.template.no_deadline"))
        lines.append(t("help.template.target", n=n, text=target.text, figure=figure, due=due))
    lines.append(t("help.template.status", status=item.status or none))
    return lines


def template(corpus: Corpus, *, fmt: str = "yaml") -> str:
    """A starting corrections file for the plans of ``corpus``: every item, with its current
    offices, targets and status in comments, and the lead as an operation to uncomment; its
    words are in the language in force.

    >>> from dutygraph.i18n import language
    >>> from dutygraph.importers.reading import parse
    >>> corpus = parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", source="p.txt")
    >>> with language("en"):
    ...     text = template(corpus)
    >>> print(text.split("corrections:")[1])
    <BLANKLINE>
      - item: "1"
        # 新建幼儿园3所。 (p.txt:2)
        # offices: 基建科 lead (explicit); 财务科 support (explicit)
        # target 1: 新建幼儿园3所 — = 3 所, due 2023-12-31 (plan_year)
        # status: none
        # set_lead: "基建科"
    <BLANKLINE>
    >>> parse_corrections(text, "p.yaml")[0].ops
    ()
    >>> with language("zh"):
    ...     print(template(corpus).splitlines()[-3])
        # 目标 1：新建幼儿园3所 — = 3 所，时限 2023-12-31（plan_year）
    """
    names = {p.id: p.name for p in corpus.parties}
    toml = fmt == "toml"
    from dutygraph.i18n import t

    out = [f"# {line}".rstrip() for line in t("help.template.intro").splitlines()]
    single = len(corpus.plans) == 1
    if single:
        plan = corpus.plans[0]
        out += ["", f"# {plan.title}", f"plan = {_quote(plan.source.name)}" if toml else f"plan: {_quote(plan.source.name)}"]
    if not toml:
        out.append("corrections:")
    for plan in corpus.plans:
        out += _entries(plan, names, toml=toml, with_plan=not single)
    return "\n".join(out) + "\n"


def _entries(plan: Plan, names: dict[str, str], *, toml: bool, with_plan: bool) -> list[str]:
    by_id = {i.id: i for i in plan.items}
    refs = {i.id: display_ref(i, by_id) for i in plan.items}
    repeated = {r for r in refs.values() if list(refs.values()).count(r) > 1}
    sections = {s.id: s.ordinal for s in plan.sections}
    out = []
    for item in plan.items:
        keys = [("plan", plan.source.name)] if with_plan else []
        keys.append(("item", refs[item.id]))
        if refs[item.id] in repeated and item.section in sections:
            keys.append(("section", sections[item.section]))
        lead = next((names.get(a.party, a.surface) for a in item.assignments if a.role == "lead"), None)
        notes = _about(item, names) + ([f"set_lead{' =' if toml else ':'} {_quote(lead)}"] if lead else [])
        if toml:
            out += ["", "[[corrections]]", *(f"{k} = {_quote(v)}" for k, v in keys), *(f"# {n}" for n in notes)]
        else:
            first, *rest = keys
            out += [f"  - {first[0]}: {_quote(first[1])}", *(f"    {k}: {_quote(v)}" for k, v in rest),
                    *(f"    # {n}" for n in notes)]
    return out
