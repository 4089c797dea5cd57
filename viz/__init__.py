"""Pages a person looks at: the interactive network (:mod:`~dutygraph.viz.page`) and the report.

Views (:mod:`~dutygraph.viz.views`) turn the graph into what a page draws; node details
(:mod:`~dutygraph.viz.details`) are plain text. Pages are single HTML files that load nothing
from the network.
"""
