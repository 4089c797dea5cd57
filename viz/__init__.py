"""Pages a person looks at: the interactive network (:mod:`~dutygraph.viz.page`) and the report.

Views (:mod:`~dutygraph.viz.views`) turn the graph into what a page draws; node details
(:mod:`~dutygraph.viz.details`) are plain text; :mod:`~dutygraph.viz.report` is the planner's
report. Pages are single HTML files that load nothing from the network, drawn by Jinja2
templates with autoescape (:mod:`~dutygraph.viz.templating`) from plain data
(:mod:`~dutygraph.viz.parts`).

>>> from dutygraph.viz import render_page, responsibility_view
>>> callable(render_page) and callable(responsibility_view)
True
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import viz` from the repository root would be a second copy

_NAMES = {
    "render_page": "page", "render_report": "report", "ReportOptions": "report",
    **dict.fromkeys(["responsibility_view", "dependency_view", "ego_view", "fit", "View"], "views"),
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
