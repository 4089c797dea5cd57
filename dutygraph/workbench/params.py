"""A workbench page's query: the links that carry it, its date, and the filter form of its tables.

>>> link("/items", office="office:1", role="lead", tier="")
'/items?office=office%3A1&role=lead'
>>> as_of({"as_of": "2024-09-30"}), as_of({"as_of": "soon"}) == dt.date.today()
(datetime.date(2024, 9, 30), True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from dutygraph.i18n import join, t
from dutygraph.labels import PARTY_KINDS, ROLES, STATUS, label
from dutygraph.workbench.snapshot import TIERS, Snapshot

__all__ = ["Params", "as_of", "filters", "issuer_names", "link", "tier_label"]

Params = Mapping[str, str]


def link(path: str, **query: object) -> str:
    """``path?key=value…`` with the empty values left out.

    >>> link("/items", office="office:1", role="lead", tier="")
    '/items?office=office%3A1&role=lead'
    """
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def as_of(params: Params) -> dt.date:
    """The date of the page's deadline tiers (``as_of``, else today)."""
    try:
        return dt.date.fromisoformat(params.get("as_of", ""))
    except ValueError:
        return dt.date.today()


def tier_label(code: str) -> str:
    """A deadline tier's name in the page's language."""
    return t(f"tier.{code}")


def issuer_names(snap: Snapshot, ids: tuple[str, ...]) -> str:
    """The names of the issuers ``ids``, joined."""
    return join(snap.orgs.get(i, i) for i in ids)


def filters(snap: Snapshot, params: Params, names: tuple[str, ...], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The select boxes of a table's filter form, with the chosen values and the hidden ones kept."""
    choices = {
        "issuer": [(o.id, o.name + (f"（{o.qualifier[:12]}）" if o.qualifier else "")) for o in snap.corpus.organizations],
        "plan": [(p.id, p.title) for p in snap.corpus.plans],
        "role": [(r, label(ROLES, r)) for r in ("lead", "support")],
        "tier": [(c, tier_label(c)) for c in TIERS],
        "status": [(s, label(STATUS, s)) for s in STATUS],
        "kind": [(k, label(PARTY_KINDS, k)) for k in ("office", "collective")],
    }
    return {"selects": [(n, t(f"app.filter.{n}"), choices[n], params.get(n, "")) for n in names],
            "hidden": [(k, params[k]) for k in keep if params.get(k)]}
