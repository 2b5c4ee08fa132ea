"""Autograde one assignment, submission by submission, in the sandbox (sandbox.py):

    sudo python3 grade.py ASSIGNMENT [--student ID ...] [--timeout SECONDS] [--json FILE]

run in this folder (the course directory) with the Python nbgrader is installed in. Each
submission in submitted/<student>/ASSIGNMENT/ is first checked: a missing, empty or renamed
notebook, one that is not valid JSON or not a notebook, or another assignment's notebook gets a
zero in the gradebook and a line saying so, and is not run. The others are graded by
`nbgrader autograde ASSIGNMENT --student ID` one at a time, each within --timeout seconds (then
it is stopped and gets a zero): one submission cannot stop the others from being graded.

It prints one line per submission (student, autograded points, seconds, what happened) and
appends nbgrader's own output to grading.log. A submission whose code touches the grading
machinery (get_ipython, bpcore.grading, builtins, ...) is graded as usual and marked REVIEW.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sandbox  # noqa: E402

SUSPICIOUS = ("get_ipython", "set_custom_exc", "showtraceback", "bpcore.grading", "sys.modules", "builtins",
              "__code__", "importlib", "ctypes", "sqlite3", "gradebook", "os.kill", "signal")


def grade_ids(notebook):
    return {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in notebook.get("cells", [])} - {None}


def source_ids():
    """{assignment: the grade_ids of its source notebook}."""
    found = {}
    for path in sorted((HERE / "source").glob("*/*.ipynb")):
        found[path.parent.name] = grade_ids(json.loads(path.read_text(encoding="utf-8")))
    return found


def problem(folder, assignment, known):
    """Why this submission cannot be graded, or None."""
    import nbformat

    name = f"{assignment}.ipynb"
    path = folder / name
    if not path.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
        if others:
            return (f"no {name}, but {', '.join(others)}: renamed? Rename it to {name} in "
                    f"{folder} and grade it again")
        return f"no {name} in the submission: nothing to grade"
    data = path.read_bytes()
    if not data.strip():
        return f"{name} is empty ({len(data)} bytes)"
    try:
        notebook = json.loads(data)
    except ValueError as error:
        return f"{name} is not valid JSON ({error}): the file is damaged or not a notebook"
    try:
        nbformat.validate(nbformat.reads(data.decode("utf-8"), as_version=4))
    except Exception as error:  # nbformat raises several kinds
        return f"{name} is not a Jupyter notebook ({type(error).__name__}: {str(error)[:200]})"
    ids = grade_ids(notebook)
    if not ids & known[assignment]:
        theirs = [a for a, other in known.items() if ids & other]
        if theirs:
            return f"{name} holds the cells of {', '.join(theirs)}, not of {assignment}: the wrong assignment was handed in"
        return f"{name} holds none of {assignment}'s cells"
    return None


def review(folder, assignment):
    """The suspicious names in the submission's code cells."""
    try:
        notebook = json.loads((folder / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    code = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in notebook.get("cells", []) if c.get("cell_type") == "code")
    return [word for word in SUSPICIOUS if word in code]


def gradebook():
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{HERE / 'gradebook.db'}", os.environ.get("BPCORE_COURSE_ID", "bpcore"))


def zero(assignment, student):
    """Every autograded cell of this submission 0 in the gradebook, as nbgrader does for a
    missing notebook."""
    with gradebook() as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()


def score(assignment, student):
    """(autograded points, their maximum) of this submission in the gradebook."""
    with gradebook() as gb:
        submission = gb.find_submission(assignment, student)
        grades = [g for notebook in submission.notebooks for g in notebook.grades if g.cell.cell_type == "code"]
        return sum(g.auto_score or 0 for g in grades), sum(g.max_score for g in grades)


def maximum(assignment):
    with gradebook() as gb:
        return sum(c.max_score for notebook in gb.find_assignment(assignment).notebooks
                   for c in notebook.grade_cells if c.cell_type == "code")


def autograde(assignment, student, timeout, log):
    """Run nbgrader autograde for one student; None if it graded, else why not."""
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", student, "--force"]
    process = subprocess.Popen(command, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        output, _ = process.communicate()
        why = f"grading took longer than {timeout:g} s and was stopped"
    else:
        why = None if process.returncode == 0 else failure(output.decode(errors="replace"), process.returncode)
    cleanup()      # whatever the submission left: its processes and its working copy, also after a failed start
    log.write(f"\n===== {assignment} / {student}\n" + output.decode(errors="replace")[-200_000:])
    return why


def failure(output, code):
    """What made nbgrader give up on a submission, from its output."""
    lines = [line.strip() for line in output.splitlines()]
    if any("DeadKernel" in line or "Kernel died" in line or "kernel died" in line for line in lines):
        return "its kernel died (it exited, was killed, or ran out of its CPU time or memory)"
    if any("CellTimeoutError" in line or "Timeout waiting" in line for line in lines):
        return ("a cell ran past the time limit and its kernel did not answer the interrupt "
                "(CellTimeoutError: an endless loop?)")
    errors = [line for line in lines if ("ERROR" in line or "Error" in line) and "Please see" not in line]
    return "nbgrader could not grade it: " + (errors[-1][:300] if errors else f"exit {code}")


def cleanup():
    import pwd

    uid = pwd.getpwnam(os.environ.get("BPCORE_SANDBOX_USER", "bpcore-sandbox")).pw_uid
    sandbox.kill_processes(uid)
    sandbox.remove_workdirs(uid)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--student", action="append", help="grade only these students (repeat)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per submission (default 240)")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    known = source_ids()
    if args.assignment not in known:
        sys.exit(f"no assignment {args.assignment!r} in source/ (there are: {', '.join(known)})")
    submitted = HERE / "submitted"
    students = args.student or sorted(p.name for p in submitted.iterdir()
                                      if (p / args.assignment).is_dir()) if submitted.is_dir() else []
    top = maximum(args.assignment)
    results = []
    with open(HERE / "grading.log", "a", encoding="utf-8") as log:
        for student in students:
            start = time.monotonic()
            folder = submitted / student / args.assignment
            why = problem(folder, args.assignment, known)
            graded = why is None and (why := autograde(args.assignment, student, args.timeout, log)) is None
            if not graded:
                zero(args.assignment, student)
                log.write(f"\n===== {args.assignment} / {student}: 0 points: {why}\n")
            points = score(args.assignment, student)[0] if graded else 0.0
            flagged = review(folder, args.assignment)
            message = ("" if graded else why) + (f" REVIEW: its code uses {', '.join(flagged)}" if flagged else "")
            seconds = time.monotonic() - start
            print(f"{student:<26} {points:5g} / {top:g}  {seconds:6.1f} s  {message.strip()}", flush=True)
            results.append({"student": student, "assignment": args.assignment, "score": points, "max": top,
                            "seconds": round(seconds, 2), "graded": graded, "message": message.strip()})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
