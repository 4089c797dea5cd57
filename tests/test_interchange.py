"""GraphML, GEXF, Cytoscape JSON, CSV and neo4j-admin CSV: what other tools read back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from dutygraph.cli import cli
from dutygraph.errors import Neo4jUnavailable, UsageError
from dutygraph.graph.neo4j import server as neo4j_server
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.exports import EXPORT_FORMATS
from dutygraph.graph.interchange import BOM, csv_files, cytoscape_json, gexf_text, graphml_text, node_label
from dutygraph.graph.neo4j.admin_csv import import_command, neo4j_csv_files
from dutygraph.graph.neo4j.store import pull
from neo4j_support import unavailable, wait_for_bolt

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]


def _labels(G):
    return {n: node_label(d) for n, d in G.nodes(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_load_back_with_every_node_edge_and_chinese_label(seed_corpus, tmp_path, fmt):
    G = to_networkx(seed_corpus)
    path = tmp_path / f"seeds.{fmt}"
    path.write_text(graphml_text(G) if fmt == "graphml" else gexf_text(G), "utf-8")
    H = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    want = _labels(G)
    assert {n: d["label"] for n, d in H.nodes(data=True)} == want
    assert "基础教育处" in want.values() or any("教育" in label for label in want.values())
    edges = sorted((u, v, d["edge_key"]) for u, v, d in H.edges(data=True))
    assert edges == sorted((u, v, str(k)) for u, v, k in G.edges(keys=True))
    office = next(n for n, d in G.nodes(data=True) if d["type"] == "Office")
    assert H.nodes[office]["name"] == G.nodes[office]["name"]
    assert json.loads(H.nodes[office]["aliases"]) == list(G.nodes[office]["aliases"])


def test_cytoscape_json_has_every_element(seed_corpus):
    G = to_networkx(seed_corpus)
    data = json.loads(cytoscape_json(G))
    assert len(data["elements"]["nodes"]) == G.number_of_nodes()
    assert len(data["elements"]["edges"]) == G.number_of_edges()
    back = nx.cytoscape_graph(data)
    assert set(back.nodes) == set(G.nodes)


def test_node_and_edge_csv_are_utf8_with_bom(seed_corpus):
    G = to_networkx(seed_corpus)
    files = csv_files(G)
    assert all(text.startswith(BOM) for text in files.values())
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"].removeprefix(BOM))))
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"].removeprefix(BOM))))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert {r["id"]: r["label"] for r in nodes} == _labels(G)
    assert {r["relation"] for r in edges} <= {"ISSUED_BY", "HAS_SECTION", "SUBSECTION_OF", "HAS_ITEM", "IN_SECTION",
                                               "PART_OF", "HAS_TASK", "HAS_TARGET", "HAS_PROGRESS", "REPORTS_ON",
                                               "SAME_AS", "ASSIGNED_TO", "RESPONSIBLE", "BELONGS_TO"}


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_writes_every_format(seeds_dir, tmp_path, fmt):
    out = tmp_path / ("out" if fmt in ("csv", "neo4j-csv") else f"seeds.{fmt}")
    result = CliRunner().invoke(cli, ["export", str(seeds_dir), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out.is_dir() and len(list(out.iterdir())) >= 2) or out.stat().st_size > 10_000
    if fmt in ("ttl", "jsonld", "nt", "trig"):
        again = CliRunner().invoke(cli, ["import", str(out)])
        assert again.exit_code == 0 and "items 10" in again.output


def test_a_folder_format_needs_a_folder(seeds_dir):
    result = CliRunner().invoke(cli, ["export", str(seeds_dir), "--format", "neo4j-csv"])
    assert isinstance(result.exception, UsageError) and "-o" in str(result.exception)


def test_neo4j_csv_headers_and_command(seed_corpus):
    files = neo4j_csv_files(seed_corpus)
    header = files["nodes-Target.csv"].splitlines()[0].split(",")
    assert header[:2] == [":ID", ":LABEL"] and "value:double" in header and "deadline:date" in header
    assert files["relationships-ASSIGNED_TO.csv"].startswith(":START_ID,:END_ID,:TYPE,")
    assert '"--nodes=$here/nodes-Item.csv"' in files["import.sh"]


def _java() -> str:
    try:
        return neo4j_server.find_java()
    except Neo4jUnavailable as exc:
        unavailable(str(exc))


def test_neo4j_admin_imports_the_csv_and_pull_gives_the_model_back(seed_corpus, tmp_path):
    """The real import tool (the jars of .cache/neo4j), then a server on that database."""
    java, lib = _java(), ROOT / ".cache" / "neo4j" / "lib"
    if not any(lib.glob("neo4j-import-tool-*.jar")):
        unavailable(f"no neo4j-import-tool jar in {lib} (run scripts/neo4j/prepare)")
    folder, home = tmp_path / "csv", tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    files = neo4j_csv_files(seed_corpus)
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    args = import_command(list(files), folder=str(folder))[1:] + ["--max-off-heap-memory=256m", "--threads=1"]
    done = subprocess.run([java, "-Xmx256m", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *args],
                          env={**os.environ, "NEO4J_HOME": str(home)}, cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    with neo4j_server.start(data_dir=home) as server:
        wait_for_bolt(server.uri, None)
        with GraphDatabase.driver(server.uri) as driver:
            assert pull(driver) == seed_corpus
