"""The Jinja2 templates of the offline pages (``viz/templates/*.html``), with autoescape on.

Every value a template writes is escaped, except what the Python side marks as code of its own
(the inlined scripts and styles); a value that must be raw JSON inside a ``<script>`` element
goes through the ``safe_json`` filter, which escapes ``<``, ``>`` and ``&`` so that no document
text can end the element or open a comment in it. Templates look words up with ``t``, and
tell the cells of :mod:`~dutygraph.viz.parts` apart with the tests ``badge`` and ``bar``.

>>> page = environment().from_string("<p>{{ text }}</p><script>{{ data|safe_json }}</script>")
>>> page.render(text="<b>甲</b>", data={"t": "</script><!--"})
'<p>&lt;b&gt;甲&lt;/b&gt;</p><script>{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}</script>'
"""

from __future__ import annotations

import functools
import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from dutygraph.i18n import t
from dutygraph.viz.parts import Badge, Bar

__all__ = ["environment", "render", "safe_json"]


def safe_json(value: Any) -> str:
    """JSON that cannot end a ``<script>`` element or open a comment inside it.

    >>> safe_json({"t": "</script><!--"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@functools.cache
def environment() -> Environment:
    """The environment of ``viz/templates``: autoescape on, a missing variable an error.

    >>> environment().autoescape("page.html")
    True
    """
    env = Environment(loader=PackageLoader("dutygraph.viz", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["t"] = t
    env.filters["safe_json"] = lambda value: Markup(safe_json(value))
    env.tests.update(badge=lambda value: isinstance(value, Badge), bar=lambda value: isinstance(value, Bar))
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` filled with ``context``."""
    return environment().get_template(name).render(context)
