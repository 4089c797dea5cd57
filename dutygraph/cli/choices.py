"""The names options take, spelled out so that building the command line imports no library module.

``dutygraph --help`` only needs option names and help texts; the readers, the exporters and the
queries load when a command runs. ``tests/test_cli_startup.py`` checks that these names are the
library's own (:data:`dutygraph.importers.structure.formats.INPUT_FORMATS`,
:data:`dutygraph.graph.exports.EXPORT_FORMATS`, :data:`dutygraph.queries.workload.OVERLOAD_RULES`,
:data:`dutygraph.importers.cache.CACHE_ENV`), and that the start-up imports none of them.

>>> "docx" in INPUT_FORMATS, EXPORT_FORMATS[0]
(True, 'json')
"""

from __future__ import annotations

__all__ = ["CACHE_ENV", "EXPORT_FORMATS", "INPUT_FORMATS", "OVERLOAD_RULES"]

INPUT_FORMATS = ("csv", "doc", "docx", "et", "html", "markdown", "pdf", "rtf", "table", "text", "wps", "xls", "xlsx")
"""Every name ``--input-format`` takes."""

EXPORT_FORMATS = ("json", "ttl", "jsonld", "nt", "trig", "graphml", "gexf", "cyjs", "csv", "neo4j-csv")
"""Every name ``export --format`` takes."""

OVERLOAD_RULES = ("mean+1.5sd", "top-decile")
"""The rules ``--overload-rule`` takes."""

CACHE_ENV = "DUTYGRAPH_CACHE_DIR"
"""The environment variable naming the build cache's folder."""
