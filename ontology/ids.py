"""Stable, deterministic ids.

An id is derived from what identifies a thing in the world (issuer, plan, ref), never from
run order or file paths, so importing the same documents twice yields the same ids in every
store.

>>> make_id("office", "湖北省教育厅", "财务处")
'office:ac53f34e42f0c057'
>>> make_id("office", "湖北省教育厅", "财务处") == make_id("office", "湖北省教育厅", "财务处")
True
"""

from __future__ import annotations

import hashlib

__all__ = ["make_id"]


def make_id(kind: str, *parts: object) -> str:
    """Return ``kind:<16 hex digits>``, a hash of ``parts`` that never changes between runs."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{kind}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"
