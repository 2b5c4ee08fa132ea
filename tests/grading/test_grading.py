"""The course's assignments graded end to end with nbgrader, as an instructor would, on this machine.

1. An environment of its own (tests/grading/requirements.txt: the course's stack and nbgrader, with
   bpcore copied in), built from a Python the sandbox user can run, kept in tests/grading/.cache.
2. A sandbox user, created here with useradd and removed at the end (the test runs as root, as
   CI does).
3. A copy of assignments/ as the course directory (mode 700): `nbgrader generate_assignment` for
   each assignment; the student versions hold no solution, no hidden test, no mark scheme, and
   none of the lessons' worked-example numbers.
4. Submissions (tests/grading/submissions.py): each reference solution (full marks), natural wrong
   ones (each its expected points and the feedback naming its slip), hostile ones (a loop that
   ignores interrupts, a raise, a killed kernel, megabytes of output, deleting files, reading the
   hidden tests, the gradebook and another student's work, changing its tests' grade) and bad
   input (not JSON, the wrong assignment, empty, missing, renamed).
5. `python3 grade.py ASSIGNMENT` (assignments/grade.py) grades them one by one in the sandbox and
   prints each one's points and seconds; the test checks every score and message, that the
   sources, the release and the submissions are unchanged, that the gradebook holds exactly these
   scores at the end (no submission changed another's) and that nothing of the sandbox user is
   left running.

    python3 tasks.py grading
"""
import hashlib
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import submissions

pytestmark = pytest.mark.grading

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SANDBOX_USER = "bpcore-grading-test"
SUBMISSION_TIMEOUT = 180           # seconds per submission, the grader's outer limit
CPU_SECONDS = 20                   # a kernel's CPU time (the reference a3 needs about 5)
SUPPORTED = [(3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]


def sh(*cmd, timeout=900, **kw):
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kw)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def as_user(user, *cmd):
    return subprocess.run(["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *map(str, cmd)],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def sandbox_user():
    if os.geteuid() != 0:
        pytest.fail("the grading test runs as root (as CI does): it creates the sandbox's user and grades as root")
    try:
        pwd.getpwnam(SANDBOX_USER)
        created = False
    except KeyError:
        sh("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SANDBOX_USER)
        created = True
    yield SANDBOX_USER
    sys.path.insert(0, str(ROOT / "assignments"))
    import sandbox
    uid = pwd.getpwnam(SANDBOX_USER).pw_uid
    sandbox.kill_processes(uid)
    sandbox.remove_workdirs(uid)
    if created:
        sh("userdel", SANDBOX_USER)


def world_runnable(path):
    """Whether any user may run this file: it and every folder above it are open to others."""
    path = Path(os.path.realpath(path))
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def base_python(user):
    """A supported Python the sandbox user may run (a Python under root's home is not one)."""
    candidates = [os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable),
                  "/usr/bin/python3", "/usr/local/bin/python3"]
    for python in dict.fromkeys(candidates):
        if not (os.path.exists(python) and world_runnable(python)):
            continue
        probe = as_user(user, python, "-c", "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])")
        if probe.returncode == 0 and tuple(map(int, probe.stdout.split("."))) in SUPPORTED:
            return python
    pytest.fail(f"no Python 3.11-3.15 with venv that the user {user} may run among {candidates} "
                f"(on Debian: apt-get install python3-venv)")


@pytest.fixture(scope="module")
def grading_env(sandbox_user):
    """The grading environment (kept between runs, keyed by its lists and its Python), with this
    tree's bpcore copied in: the kernels import it from there, so no one needs to read the tree."""
    python = base_python(sandbox_user)
    key = hashlib.sha256(b"".join((ROOT / n).read_bytes() for n in (
        "tests/grading/requirements.txt", "binder/requirements.txt")) + python.encode()).hexdigest()[:12]
    env = CACHE / f"env-{key}"
    if not (env / "complete").is_file():
        shutil.rmtree(env, ignore_errors=True)
        sh(python, "-m", "venv", env)
        sh(env / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q",
           "-r", HERE / "requirements.txt", timeout=1800)
        (env / "complete").write_text("")
    purelib = Path(sh(env / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    shutil.rmtree(purelib / "bpcore", ignore_errors=True)
    shutil.copytree(ROOT / "bpcore", purelib / "bpcore", ignore=shutil.ignore_patterns("__pycache__", "lessons"))
    assert world_runnable(env / "bin" / "python"), f"the user {sandbox_user} cannot run {env / 'bin' / 'python'}"
    return env


def git_dirs():
    """This repository's git folders (a worktree has two): they hold the sources' history."""
    found = []
    for flag in ("--absolute-git-dir", "--git-common-dir"):
        done = subprocess.run(["git", "-C", ROOT, "rev-parse", flag], capture_output=True, text=True)
        if done.returncode == 0:
            found.append(str((ROOT / done.stdout.strip()).resolve()))
    return list(dict.fromkeys(found))


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def hand_in(course, student, assignment, notebook=None, files=None):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    if notebook is not None:
        (folder / f"{assignment}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")


def reference(course, assignment, changes=()):
    return submissions.answered(read(course / "release" / assignment / f"{assignment}.ipynb"),
                                read(course / "source" / assignment / f"{assignment}.ipynb"), changes)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox_user, grading_env, report):
    course = tmp_path_factory.mktemp("course")
    course.chmod(0o700)
    for item in (ROOT / "assignments").iterdir():
        if item.name not in ("__pycache__",):
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, course / item.name)
    env = dict(os.environ, PATH=f"{grading_env / 'bin'}:{os.environ['PATH']}", BPCORE_SANDBOX_USER=sandbox_user,
               BPCORE_SANDBOX_HIDE=os.pathsep.join([str(ROOT / "assignments"), *git_dirs()]),
               BPCORE_SANDBOX_CPU=str(CPU_SECONDS), OPENBLAS_NUM_THREADS="1")
    python = grading_env / "bin" / "python"
    for assignment in submissions.ASSIGNMENTS:
        sh(python, "-m", "nbgrader", "generate_assignment", assignment, "--force", cwd=course, env=env)

    expected = {}
    for student, assignment, changes, points, phrase in submissions.REFERENCE + submissions.SLIPS:
        if phrase and student not in submissions.SYSTEM_TEST_SLIPS:
            continue
        hand_in(course, student, assignment, reference(course, assignment, changes))
        expected[assignment, student] = (points, phrase)
    for student, changes, points, phrase in submissions.hostile(course, ROOT):
        notebook = reference(course, "a1_feedforward", changes)
        if student == "hostile-grade":      # its test cells rewritten to pass, worth 100 points each
            for cell in notebook["cells"]:
                if cell["metadata"].get("nbgrader", {}).get("grade") and cell["cell_type"] == "code":
                    cell["source"], cell["metadata"]["nbgrader"]["points"] = "pass", 100
        hand_in(course, student, "a1_feedforward", notebook)
        expected["a1_feedforward", student] = (points or 0, phrase)
    for student, files, phrase in submissions.bad_input():
        text = {name: json.dumps(reference(course, value[1])) if isinstance(value, tuple) else value
                for name, value in files.items()}
        hand_in(course, student, "a1_feedforward", files=text)
        expected["a1_feedforward", student] = (0, phrase)

    before = {part: digest(course / part) for part in ("source", "release", "submitted")}
    results = {}
    for assignment in submissions.ASSIGNMENTS:
        out = course / f"{assignment}.json"
        done = subprocess.run([python, "grade.py", assignment, "--timeout", str(SUBMISSION_TIMEOUT), "--json", out],
                              cwd=course, env=env, capture_output=True, text=True, timeout=3600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        for row in read(out):
            results[assignment, row["student"]] = row
            report(f"grading: {assignment:<15} {row['student']:<24} {row['score']:g}/{row['max']:g} "
                   f"{row['seconds']:6.1f} s  {row['message'][:110]}")
    seconds = sorted(r["seconds"] for r in results.values() if r["graded"])
    report(f"grading: {len(results)} submissions; autograded ones took {seconds[0]:.1f}-{seconds[-1]:.1f} s, "
           f"median {seconds[len(seconds) // 2]:.1f} s")
    final = json.loads(sh(python, "-c", FINAL_SCORES, cwd=course, env=env))
    return {"course": course, "expected": expected, "results": results, "before": before,
            "after": {part: digest(course / part) for part in ("source", "release", "submitted")},
            "final": final, "uid": pwd.getpwnam(sandbox_user).pw_uid}


FINAL_SCORES = """
import json
from nbgrader.api import Gradebook
scores = {}
with Gradebook("sqlite:///gradebook.db", "bpcore") as gb:
    for assignment in gb.assignments:
        for s in assignment.submissions:
            grades = [g for nb in s.notebooks for g in nb.grades]
            scores[assignment.name + "/" + s.student.id] = [sum(g.auto_score or 0 for g in grades if g.cell.cell_type == "code"),
                                                            [g.manual_score for g in grades]]
print(json.dumps(scores))
"""


def feedback(course, assignment, student):
    """The error lines of the autograded notebook's test cells."""
    path = course / "autograded" / student / assignment / f"{assignment}.ipynb"
    if not path.is_file():
        return []
    return [f"{o['ename']}: {o['evalue']}" for c in read(path)["cells"] if c["cell_type"] == "code"
            for o in c["outputs"] if o["output_type"] == "error"]


def test_the_student_versions_give_nothing_away(graded):
    from bpcore.lessons.lecture import example as lecture_example

    course = graded["course"]
    example = [v for rows in (lecture_example.W2, lecture_example.W3) for v in sum(rows, ())] + [
        *lecture_example.B2, *lecture_example.B3]
    for assignment in submissions.ASSIGNMENTS:
        text = (course / "release" / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8")
        for secret in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "bpcore.grading", "checks.", "MARK SCHEME"):
            assert secret not in text, (assignment, secret)
        source = read(course / "source" / assignment / f"{assignment}.ipynb")
        for cell in source["cells"]:
            inside, body = False, []
            for line in cell["source"]:
                if "END SOLUTION" in line:
                    inside = False
                if inside and len(line.strip()) > 15:
                    body.append(line.strip())
                inside = inside or "BEGIN SOLUTION" in line
            for line in body:
                assert json.dumps(line)[1:-1] not in text, (assignment, line)
        for cell in read(course / "release" / assignment / f"{assignment}.ipynb")["cells"]:
            if cell["cell_type"] != "code":
                continue
            code = "".join(cell["source"])
            assert len(code.splitlines()) <= 15, (assignment, cell["metadata"]["nbgrader"]["grade_id"])
            for value in example:
                assert not re.search(r"(?<![\d.])%s(?!\d)" % re.escape(f"{value:.2f}"), code), (assignment, value)


def test_every_submission_gets_its_expected_score_and_message(graded):
    results, expected, course = graded["results"], graded["expected"], graded["course"]
    assert set(results) == set(expected)
    wrong = []
    for (assignment, student), (points, phrase) in expected.items():
        row = results[assignment, student]
        said = " | ".join([row["message"], *feedback(course, assignment, student)])
        phrases = phrase if isinstance(phrase, tuple) else (phrase,)
        if row["score"] != points or (phrase and not any(p in said for p in phrases)):
            wrong.append(f"{student}: {row['score']:g} points (expected {points:g}); expected {phrase!r} in: {said[:600]}")
    assert not wrong, "\n".join(wrong)


def test_hostile_code_is_contained(graded):
    course, results, uid = graded["course"], graded["results"], graded["uid"]
    cells = read(course / "autograded" / "hostile-read" / "a1_feedforward" / "a1_feedforward.ipynb")["cells"]
    outputs = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
    assert f"UID {uid} CWD /" in outputs and "bpcore-sandbox-" in outputs, outputs[:500]
    assert "READ" not in outputs and "WROTE" not in outputs, outputs[:2000]
    assert outputs.count("DENIED") == 7, outputs[:2000]
    printed = course / "autograded" / "hostile-print" / "a1_feedforward" / "a1_feedforward.ipynb"
    assert printed.stat().st_size < 200_000
    assert "REVIEW" in results["a1_feedforward", "hostile-grade"]["message"]
    assert not [pid for pid in os.listdir("/proc") if pid.isdigit() and _uid(pid) == uid]
    top = Path(tempfile.gettempdir())
    assert not [p for p in top.glob("bpcore-sandbox-*") if p.stat().st_uid == uid]   # no working copy left


def _uid(pid):
    try:
        return int(next(line for line in open(f"/proc/{pid}/status") if line.startswith("Uid:")).split()[1])
    except (OSError, StopIteration):
        return None


def test_sources_release_and_submissions_are_untouched(graded):
    assert graded["after"] == graded["before"]


def test_the_gradebook_holds_each_submissions_own_score(graded):
    final = graded["final"]
    for (assignment, student), row in graded["results"].items():
        points, manual = final[f"{assignment}/{student}"]
        assert points == row["score"], (assignment, student, points, row["score"])
        assert all(m is None for m in manual), (assignment, student, manual)   # nothing wrote a manual score
