"""The tree a system test builds from: the committed tree (`git archive HEAD`), as Binder,
GitHub's archive and a hub's clone see it; with the test's variable set to "worktree"
(BINDER_TREE=worktree, COLAB_TREE=worktree), or before the first commit, the working-tree files
git does not ignore (uncommitted changes too)."""
import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args, **kwargs):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, **kwargs)


def export_tree(dest, variable="BINDER_TREE"):
    """The committed tree (git archive HEAD); before the first commit, or with
    `variable`=worktree, the working-tree files git does not ignore. Returns a description."""
    head = git("rev-parse", "--verify", "--quiet", "HEAD", text=True)
    if head.returncode == 0 and os.environ.get(variable, "HEAD") != "worktree":
        archive = git("archive", "--format=tar", "HEAD", check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(dest, filter="data")
            else:  # Python < 3.11.4; the archive comes from our own repository
                tar.extractall(dest)
        return f"committed tree, HEAD {head.stdout.strip()[:12]}"
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # skip files deleted but not yet committed
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return "working tree (files git does not ignore)" + ("" if head.returncode == 0 else ", no commit yet")
