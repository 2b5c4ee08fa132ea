"""The submissions the grading test hands in: the reference solution of each assignment, natural
wrong ones (each with the autograded score it must get and a phrase its feedback must contain),
hostile ones and bad input. A submission is built from the released (student) notebook with the
source's solutions filled in, then the changes applied; nothing here is a notebook file, so
`pytest --nbval` has nothing to collect in this folder.

A change is (grade_id of a solution cell, text, replacement): the solution's text is replaced
(it must occur), or with text None the replacement is appended to that cell.
"""
ASSIGNMENTS = {"a1_feedforward": 8, "a2_backprop": 12, "a3_sgd": 9}   # the autograded points

# (student, assignment, changes, autograded score, phrase of the feedback)
REFERENCE = [(f"reference-{a[:2]}", a, [], points, None) for a, points in ASSIGNMENTS.items()]

SLIPS = [
    ("a1-missing-bias", "a1_feedforward", [("a1_layer", "z = w @ a_prev + b", "z = w @ a_prev")],
     1, "the bias is missing"),
    ("a1-transpose", "a1_feedforward", [("a1_layer", "z = w @ a_prev + b", "z = a_prev.T @ w.T + b.T")],
     1, "a transpose"),
    ("a1-wrong-layer", "a1_feedforward", [("a1_feedforward", "zip(weights, biases)", "zip(weights[:-1], biases[:-1])")],
     4, "a wrong layer"),
    ("a1-sigmoid-sign", "a1_feedforward", [("a1_sigmoid", "np.exp(-z)", "np.exp(z)")], 0, "σ(−z)"),
    ("a2-sigma-prime-of-a", "a2_backprop", [("a2_bp1", "sigmoid(z) * (1 - sigmoid(z))", "sigmoid(a) * (1 - sigmoid(a))")],
     6, "σ′(a) where σ′(z) belongs"),
    ("a2-w-not-transposed", "a2_backprop", [("a2_bp2", "w_next.T @ delta_next", "w_next @ delta_next")],
     6, "w where wᵀ belongs"),
    ("a2-a-delta-transposed", "a2_backprop", [("a2_bp3_bp4", "delta @ a_prev.T", "a_prev @ delta.T")],
     7, "a δᵀ where δ aᵀ belongs"),
    ("a2-sum-not-mean", "a2_backprop", [("a2_bp3_bp4", "delta.mean(axis=1, keepdims=True)", "delta.sum(axis=1, keepdims=True)"),
                                         ("a2_bp3_bp4", "delta @ a_prev.T / delta.shape[1]", "delta @ a_prev.T")],
     6, "where the mean belongs"),
    ("a2-n-for-m", "a2_backprop", [("a2_bp3_bp4", "/ delta.shape[1]", "/ delta.shape[0]")], 7, "n where m belongs"),
    ("a2-sign", "a2_backprop", [("a2_bp1", "(a - y)", "(y - a)")], 6, "the sign"),
    ("a2-forward-difference", "a2_backprop", [("a2_numerical", "(plus - minus) / (2 * eps)", "(plus - C()) / eps")],
     9, "a forward difference"),
    ("a2-no-bias-gradient", "a2_backprop", [("a2_backprop", "nabla_b[i] = bias_gradient(delta)",
                                             "nabla_b[i] = np.zeros_like(biases[i])")], 8, "the bias gradients are zero"),
    ("a3-n-for-m", "a3_sgd", [("a3_update", "m = X.shape[1]", "m = X.shape[0]")], 3, "n where m belongs"),
    ("a3-sum-not-mean", "a3_sgd", [("a3_update", "(eta / m) * g for w", "eta * g for w"),
                                   ("a3_update", "(eta / m) * g for b", "eta * g for b")], 3, "where the mean belongs"),
    ("a3-sign", "a3_sgd", [("a3_update", "w - (eta / m)", "w + (eta / m)"), ("a3_update", "b - (eta / m)", "b + (eta / m)")],
     3, "the sign"),
    ("a3-xy-shuffled-apart", "a3_sgd", [("a3_sgd", "Y[:, batch]", "Y[:, rng.permutation(n)[k:k + m]]")],
     3, "not shuffled together"),
    ("a3-no-shuffle", "a3_sgd", [("a3_sgd", "order = rng.permutation(n)", "order = np.arange(n)")], 6, "not shuffled"),
    ("a3-last-batch-dropped", "a3_sgd", [("a3_sgd", "range(0, n, m)", "range(0, n - m + 1, m)")], 6, "is dropped"),
    ("a3-calls-bpcore", "a3_sgd", [("a3_update", None, "\n\nimport bpcore\n\n\ndef update_mini_batch(weights, biases, X, Y, eta, gradient):\n"
                                    "    net = bpcore.Network.from_params(weights, biases)\n"
                                    "    bpcore.update_mini_batch(net, X, Y, eta)\n"
                                    "    return net.weights, net.biases\n")], 3, "calls bpcore"),
]

# The wrong ones nbgrader grades in `tasks.py grading` (a dozen minutes of kernels otherwise); every
# one of SLIPS is graded in-process by tests/test_grading_checks.py.
SYSTEM_TEST_SLIPS = {"a1-missing-bias", "a1-wrong-layer", "a2-sigma-prime-of-a", "a2-w-not-transposed",
                     "a2-a-delta-transposed", "a2-sum-not-mean", "a2-forward-difference", "a3-n-for-m",
                     "a3-xy-shuffled-apart", "a3-no-shuffle", "a3-calls-bpcore"}


def hostile(course, root):
    """The hostile submissions of assignment 1, each the reference solution plus code that tries
    something: (student, changes, autograded score or None for "graded 0 with a message",
    phrase of the feedback or the grading log). `course` is the course directory and `root` this
    repository: paths an attacker who knows the machine would try."""
    a1 = "a1_feedforward"
    targets = [f"{course}/source/{a1}/{a1}.ipynb", f"{course}/gradebook.db",
               f"{course}/submitted/reference-a1/{a1}/{a1}.ipynb", f"{root}/assignments/source/{a1}/{a1}.ipynb",
               f"../../source/{a1}/{a1}.ipynb", f"{root}/.git/HEAD"]
    read = ("\nimport os, sqlite3\nprint('UID', os.getuid(), 'CWD', os.getcwd())\nfor path in %r:\n    try:\n        print('READ', path, open(path, 'rb').read(200))\n"
            "    except OSError as error:\n        print('DENIED', path, type(error).__name__)\n"
            "try:\n    sqlite3.connect(%r).execute('UPDATE grade SET manual_score = 99')\n    print('WROTE gradebook')\n"
            "except Exception as error:\n    print('DENIED gradebook', type(error).__name__)\n") % (targets, f"{course}/gradebook.db")
    delete = ("\nimport os, shutil\nfor path in %r:\n    shutil.rmtree(path, ignore_errors=True)\n"
              "    try:\n        os.remove(path)\n    except OSError:\n        pass\n"
              % ([f"{course}/gradebook.db", f"{course}/source", f"{course}/submitted", f"{course}/release", str(course),
                  f"{root}/assignments"]))
    tamper = ("\nimport numpy, bpcore.grading.checks\nget_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n"
              "numpy.allclose = lambda *a, **k: True\n"
              "for name in ('sigmoid', 'layer', 'feedforward'):\n    setattr(bpcore.grading.checks, name, lambda f: None)\n")
    wrong_sigmoid = ("a1_sigmoid", "np.exp(-z)", "np.exp(z)")
    wrong_layer = ("a1_layer", "z = w @ a_prev + b", "z = w @ a_prev")
    return [
        ("hostile-loop", [("a1_sigmoid", "return 1.0", "while True:   # catches the interrupt of a cell's timeout\n"
                                                       "        try:\n            while True:\n                pass\n"
                                                       "        except BaseException:\n            pass\n    return 1.0")],
         None, ("kernel died", "CellTimeoutError")),    # killed at its CPU limit, or each test cell timed out
        ("hostile-raise", [("a1_layer", "def layer", "raise RuntimeError('a cell that raises')\n\n\ndef layer")], 1,
         "NameError"),
        ("hostile-exit", [("a1_feedforward", None, "\nimport os\nos.kill(os.getpid(), 9)\n")], None, "kernel"),
        ("hostile-print", [("a1_sigmoid", None, "\nprint('x' * 3_000_000)\nfor i in range(100_000):\n    print(i)\n")],
         8, None),
        ("hostile-delete", [("a1_sigmoid", None, delete)], 8, None),
        ("hostile-read", [("a1_sigmoid", None, read)], 8, None),
        ("hostile-grade", [wrong_sigmoid, wrong_layer, ("a1_sigmoid", None, tamper)], 0, "grading machinery"),
    ]


def bad_input():
    """(student, what to put in the submission folder, phrase of the grading log): graded 0."""
    return [
        ("bad-json", {"a1_feedforward.ipynb": "{\"cells\": [ not json"}, "not valid JSON"),
        ("bad-wrong-assignment", {"a1_feedforward.ipynb": ("notebook", "a2_backprop")}, "a2_backprop"),
        ("bad-empty", {"a1_feedforward.ipynb": ""}, "empty"),
        ("bad-missing", {}, "no a1_feedforward.ipynb"),
        ("bad-renamed", {"a1_feedforward (1).ipynb": ("notebook", "a1_feedforward")}, "renamed"),
    ]


def solution_code(source_cell, changes=()):
    """The code a student who wrote the reference solution has in this solution cell (the source's
    solution, its markers taken out), with this cell's changes applied."""
    text = "".join(source_cell["source"])
    text = "\n".join(line for line in text.split("\n") if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    grade_id = source_cell["metadata"]["nbgrader"]["grade_id"]
    for cell_id, old, new in changes:
        if cell_id != grade_id:
            continue
        if old is None:
            text += "\n" + new
        else:
            assert old in text, (grade_id, old)
            text = text.replace(old, new)
    return text


def answered(released, source, changes=()):
    """The released notebook (a dict) with every solution cell filled in: what a student hands in."""
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: c for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    for cell in released["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            if cell["cell_type"] == "markdown":
                cell["source"] = "A written answer."
            else:
                cell["source"] = solution_code(solutions[grade_id], changes)
    return released
