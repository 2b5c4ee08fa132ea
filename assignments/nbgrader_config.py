"""nbgrader's configuration of the course: this folder is the course directory (source/ holds the
assignments with their solutions and hidden tests; nbgrader makes release/, submitted/,
autograded/, feedback/ and gradebook.db next to it). Run nbgrader here, as root: autograde runs each
submission in the sandbox of sandbox.py (another user, a working copy and a mount namespace of its
own). The README's instructor's guide says how; grade.py grades one assignment, submission by
submission."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sandbox  # noqa: E402

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = os.environ.get("BPCORE_COURSE_ID", "bpcore")
c.CourseDirectory.root = HERE
# Files nbgrader leaves out of a release and a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
sandbox.configure(c, HERE)
