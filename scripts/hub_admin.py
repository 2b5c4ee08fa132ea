"""What a JupyterHub administrator sets up for the course, in one place: `python3 tasks.py links
--hub URL` prints it, and the hub test (tests/hub) configures its JupyterHub from the same text, so
what the administrator is told is what was tested.

Standard library only.
"""
import math
import textwrap

# Measured by `python3 tasks.py hub` (JupyterHub 6.1.1, nbgitpuller 1.3.0, Python 3.11, numpy 2.4.6,
# one OpenBLAS thread; see the README's "Teaching with the suite"). Memory: a student's
# single-user server plus its kernel, peak resident memory, in MB. CPU: CPU-seconds of one kernel
# running the notebook top to bottom.
MEASURED = {
    "memory_mb_01": 420,          # server + kernel with 01 run top to bottom (measured 398-415)
    "cpu_s_01": 8.5,              # 01 top to bottom (measured 6.7-8.4 in three runs)
    "memory_mb_all": 2000,        # all ten notebooks open and run (issue 18's figure, not re-measured)
    "start_s": 36,                # ten servers started at once on 2 busy cores: 16-36 s each
}
CLASS_SIZES = (100, 300)
WITHIN_S = 120                    # the whole class runs the same notebook within two minutes
MEMORY_LIMIT = "2G"               # every notebook open and run fits; one heavy kernel cannot take the node
MEMORY_GUARANTEE = "512M"
IDLE_SERVER_S = 3600              # jupyterhub-idle-culler: stop a server idle for an hour
IDLE_KERNEL_S = 1200              # jupyter_server: shut down a kernel idle for 20 minutes


def install_lines(repo_url, requirements_url, branch):
    """The administrator's one-time install into the environment that runs the students' servers:
    it replaces that environment's JupyterLab and Notebook by the pinned ones, then adds bpcore's
    save hook to that environment's server configuration (bpcore/lessons/kit/saved_figures.py: a saved
    notebook keeps each live figure as last drawn and reopens without the unsaved-changes mark)."""
    return ('pip install nbgitpuller jupyterhub-idle-culler -r %s\n'
            'pip install --no-deps "bpcore @ git+%s@%s"\n'
            'python -m bpcore.lessons.kit.saved_figures' % (requirements_url, repo_url, branch))


def config_lines(folder):
    """The jupyterhub_config.py lines for the course; `folder` is the folder nbgitpuller clones
    into in each student's home (the repository's name)."""
    return textwrap.dedent('''\
        # --- bpcore course ---
        import os, pwd, sys

        def bpcore_clone(spawner):
            """The student's clone (nbgitpuller's folder in their home): its bpcore/ comes first on
            the kernels' import path, so an update the link pulls reaches the next kernel."""
            home = getattr(spawner, "home_dir", "") or pwd.getpwnam(spawner.user.name).pw_dir
            return os.path.join(home, %(folder)r)

        c.Spawner.environment = {
            "OPENBLAS_NUM_THREADS": "1",   # one BLAS thread per kernel: many students share the cores
            "PYTHONPATH": bpcore_clone,    # on Kubernetes: "/home/jovyan/%(folder)s"
        }
        # Shut down kernels idle for %(kernel_min)d minutes (their memory comes back; the notebook stays).
        c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=%(kernel_s)d",
                          "--MappingKernelManager.cull_interval=300"]
        # Enforced by spawners that can (systemdspawner, dockerspawner, kubespawner), not by
        # LocalProcessSpawner.
        c.Spawner.mem_limit = "%(mem_limit)s"
        c.Spawner.mem_guarantee = "%(mem_guarantee)s"
        c.Spawner.cpu_limit = 1
        # Stop servers idle for %(server_min)d minutes (files stay in the student's home).
        c.JupyterHub.services = [{"name": "idle-culler",
                                  "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                                              "--timeout=%(server_s)d"]}]
        c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                    "scopes": ["list:users", "read:users:activity", "read:servers",
                                               "delete:servers"]}]
        ''') % {"folder": folder, "kernel_s": IDLE_KERNEL_S, "kernel_min": IDLE_KERNEL_S // 60,
                "server_s": IDLE_SERVER_S, "server_min": IDLE_SERVER_S // 60,
                "mem_limit": MEMORY_LIMIT, "mem_guarantee": MEMORY_GUARANTEE}


def sizing(students, measured=MEASURED, within_s=WITHIN_S):
    """(cores, memory GB) for `students` running notebook 01 within `within_s` seconds: the CPU
    work spread over that time, and every student's server and kernel in memory at once, with a
    quarter more of each for the hub, the proxy and the spread between students."""
    cores = math.ceil(1.25 * students * measured["cpu_s_01"] / within_s)
    memory_gb = math.ceil(1.25 * students * measured["memory_mb_01"] / 1024)
    return cores, memory_gb


def sizing_text(measured=MEASURED):
    rows = ["| class | cores | memory |", "|---|---|---|"]
    for students in CLASS_SIZES:
        cores, memory_gb = sizing(students, measured)
        rows.append("| %d students | %d | %d GB |" % (students, cores, memory_gb))
    return ("Per student (measured by `python3 tasks.py hub`): %d MB of memory for the server and\n"
            "kernel with 01 run, about %.0f CPU-seconds to run 01 top to bottom (one BLAS thread),\n"
            "%d MB with all ten notebooks open and run; ten servers started at once took up to %d s.\n"
            "A class running 01 together within %d minutes (a quarter added for the hub and spread):\n\n"
            % (measured["memory_mb_01"], measured["cpu_s_01"], measured["memory_mb_all"],
               measured["start_s"], WITHIN_S // 60)
            + "\n".join(rows) + "\n")
