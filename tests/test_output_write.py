"""Writing outputs: broken targets give one line and exit 2, signals leave no temp file, modes and links stay.

Every case runs the real command line in a child process against a real fault: a full or read-only
file system (a tmpfs in a mount namespace of the child's own, so nothing outside sees it), a file
size limit, ``/dev/full``, a FIFO, real SIGTERM / SIGINT / SIGKILL.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ENV = {**os.environ, "PYTHONWARNINGS": "error", "DUTYGRAPH_LANG": "en"}  # built before the fixture runs


def run(*args: str, **options) -> subprocess.CompletedProcess[str]:
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], text=True, env=ENV, timeout=120, **options)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dutygraph: ") and "Traceback" not in result.stderr
    return lines[0]


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_output_naming_a_folder(tmp_path):
    result = run("export", str(EXAMPLES), "-o", str(tmp_path))
    assert result.returncode == 2
    assert one_line(result) == f"dutygraph: {tmp_path}: is a folder; give a file name"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["export", str(EXAMPLES)], ["workload", str(EXAMPLES)], ["schema"]])
def test_stdout_on_a_full_device(args):
    with open("/dev/full", "w") as full:
        result = run(*args, stdout=full)
    assert result.returncode == 2
    assert one_line(result) == "dutygraph: standard output: cannot write: no space left on device"


def test_output_to_a_full_device(tmp_path):
    # through a link of our own: code that renames over its target replaces the link, not /dev/full
    full = tmp_path / "full"
    full.symlink_to("/dev/full")
    result = run("export", str(EXAMPLES), "-o", str(full))
    assert result.returncode == 2
    assert one_line(result) == f"dutygraph: {full}: cannot write: no space left on device"
    assert Path("/dev/full").is_char_device() and full.is_symlink()


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # Python ignores SIGXFSZ: writes fail with EFBIG


def test_a_file_size_limit_keeps_the_old_file(tmp_path):
    out = tmp_path / "plans.json"
    out.write_text("old\n")
    result = run("export", str(EXAMPLES), "-o", str(out), preexec_fn=_limit_file_size)
    assert result.returncode == 2
    assert one_line(result) == f"dutygraph: {out}: cannot write: file too large"
    assert out.read_text() == "old\n" and hidden(tmp_path) == []


def _userns_mounts() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "true"], capture_output=True)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _userns_mounts(), reason="needs `unshare --mount --map-root-user` "
                                  "(user and mount namespaces) to mount a small tmpfs")


def in_tmpfs(folder: Path, mount_options: str, script: str) -> subprocess.CompletedProcess[str]:
    """Run the shell ``script`` with a tmpfs mounted on ``folder`` (``$D``) that only it sees."""
    folder.mkdir()
    command = f'D="$0"; mount -t tmpfs -o {mount_options} dutygraph-test "$D" || exit 99; {script}'
    result = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", command, str(folder)],
                            capture_output=True, text=True, env={**ENV, "PY": sys.executable}, timeout=120)
    assert result.returncode != 99, result.stderr
    return result


@needs_mounts
def test_a_full_disk_keeps_the_old_file(tmp_path):
    result = in_tmpfs(tmp_path / "disk", "size=16k", f"""
        printf 'old\\n' > "$D/plans.json"
        "$PY" -m dutygraph export {EXAMPLES} -o "$D/plans.json"
        echo "status $?" >&2
        ls -A "$D"; cat "$D/plans.json"
    """)
    *messages, status = result.stderr.strip().splitlines()
    assert status == "status 2" and messages == [
        f"dutygraph: {tmp_path}/disk/plans.json: cannot write: no space left on device"]
    assert result.stdout.split() == ["plans.json", "old"]  # no temp file, the old text


@needs_mounts
def test_a_read_only_folder(tmp_path):
    result = in_tmpfs(tmp_path / "ro", "ro", f"""
        "$PY" -m dutygraph export {EXAMPLES} -o "$D/plans.json"
        echo "status $?" >&2
    """)
    assert result.stderr.strip().splitlines() == [
        f"dutygraph: {tmp_path}/ro/plans.json: cannot write: read-only file system", "status 2"]


# The child sends itself the signal just before the temp file is renamed over the target: the test
# picks the moment, the signal and its handling are real.
SIGNAL_AT_RENAME = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst, **kw):
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return real_replace(src, dst, **kw)
os.replace = replace
from dutygraph.cli import main
main(sys.argv[2:])
"""


def signal_at_rename(sig: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SIGNAL_AT_RENAME, sig, *args], capture_output=True, text=True,
                          env=ENV, timeout=120)


@pytest.mark.parametrize(("sig", "status", "message"), [("SIGTERM", 143, "terminated"), ("SIGINT", 130, "interrupted")])
def test_a_signal_during_a_write_leaves_no_temp_file(tmp_path, sig, status, message):
    out = tmp_path / "plans.json"
    out.write_text("old\n")
    result = signal_at_rename(sig, "export", str(EXAMPLES), "-o", str(out))
    assert result.returncode == status
    assert result.stderr.strip().splitlines()[-1] == f"dutygraph: {message}"
    assert out.read_text() == "old\n" and hidden(tmp_path) == []


def test_the_next_run_removes_what_a_sigkill_left(tmp_path):
    out = tmp_path / "plans.json"
    killed = signal_at_rename("SIGKILL", "export", str(EXAMPLES), "-o", str(out))
    assert killed.returncode == -signal.SIGKILL
    left = hidden(tmp_path)
    assert len(left) == 1 and left[0].startswith(".plans.json.") and left[0].endswith(".dutygraph-tmp")
    live = f".other.json.abcdefgh.{os.getpid()}.dutygraph-tmp"  # a process that still runs: not stale
    for name in (live, ".plans.json.notours", ".hidden"):
        (tmp_path / name).write_text("keep")
    assert run("export", str(EXAMPLES), "-o", str(out)).returncode == 0
    assert hidden(tmp_path) == sorted([live, ".plans.json.notours", ".hidden"])
    assert len(json.loads(out.read_text("utf-8"))["plans"]) == 3


def test_an_existing_file_keeps_its_mode(tmp_path):
    out = tmp_path / "plans.json"
    out.write_text("old\n")
    out.chmod(0o640)
    assert run("export", str(EXAMPLES), "-o", str(out)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text("utf-8") != "old\n"
    fresh = tmp_path / "fresh.json"
    assert run("export", str(EXAMPLES), "-o", str(fresh), umask=0o027).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


def test_a_symlink_is_written_through(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "plans.json"
    target.write_text("old\n")
    link = tmp_path / "plans.json"
    link.symlink_to(Path("real") / "plans.json")
    assert run("export", str(EXAMPLES), "-o", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "plans.json")
    assert len(json.loads(target.read_text("utf-8"))["plans"]) == 3
    assert hidden(tmp_path) == [] and hidden(tmp_path / "real") == []


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "plans.fifo"
    os.mkfifo(fifo)
    os.link(fifo, tmp_path / "same.fifo")  # the FIFO under a second name, should the first be replaced
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text("utf-8")))
    reader.start()
    result = run("export", str(EXAMPLES), "-o", str(fifo))
    if reader.is_alive():  # the command never wrote into the FIFO: unblock the reader
        with open(tmp_path / "same.fifo", "w"):
            pass
    reader.join()
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(json.loads(received[0])["plans"]) == 3
