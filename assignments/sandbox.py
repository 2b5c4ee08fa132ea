"""Autograding a submission in a sandbox: nbgrader runs each notebook in a kernel that is not the
grader's own process, and this module decides how that kernel starts.

- An isolated working copy: the kernel runs in a new folder of its own (mode 700, removed after
  the notebook ran) holding a copy of the submission's other files, never in the course directory.
- Another operating-system user (`SandboxKernelManager.sandbox_user`, default "bpcore-sandbox"):
  the kernel cannot write the gradebook, the sources or anyone else's submission, and reads only
  what that user may read.
- A mount namespace of its own in which the course directory (and `hidden_paths`, e.g. the
  repository that holds the sources) is covered by an empty, unreadable folder: even files the
  user could read on this machine are out of sight.
- Limits (setrlimit): CPU seconds, memory, file size, processes; no core files; no new privileges.
- Between submissions, every process of the sandbox user is killed, so nothing a student started
  is still running when the next student's notebook is graded.

Grading runs as root, since only root can start a process as another user and make a mount
namespace. `python3 sandbox.py ...` is the launcher the kernel manager runs: it sets all this up,
then becomes the kernel.

`SandboxedExecute` is nbgrader's Execute with this kernel manager and three more rules for what a
notebook may leave in its outputs: each cell's printed text is cut to MAX_OUTPUT_CHARS characters,
and a test cell that shows a result (nbgrader would read it as partial credit) fails instead.
"""
import ctypes
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MAX_OUTPUT_CHARS = 20_000
CLONE_NEWNS, PR_SET_NO_NEW_PRIVS = 0x00020000, 38
WORKDIR_PREFIX = "bpcore-sandbox-"


def processes_of(uid):
    """The PIDs of every process whose real user is uid (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as status:
                    uids = next(line for line in status if line.startswith("Uid:")).split()
            except (OSError, StopIteration):
                continue
            if int(uids[1]) == uid:
                found.append(int(entry))
    return found


def kill_processes(uid, wait=5.0):
    """SIGKILL every process of the sandbox user uid (never root's or this process's user)."""
    if uid in (0, os.getuid()):
        raise ValueError(f"refusing to kill the processes of uid {uid}: the sandbox user must be a user of its own")
    deadline = time.monotonic() + wait
    while (pids := processes_of(uid)) and time.monotonic() < deadline:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.05)
    return processes_of(uid)


def remove_workdirs(uid):
    """Remove the working copies of the sandbox user left in the temporary folder."""
    top = tempfile.gettempdir()
    for name in os.listdir(top):
        path = os.path.join(top, name)
        if name.startswith(WORKDIR_PREFIX) and os.stat(path).st_uid == uid:
            shutil.rmtree(path, ignore_errors=True)


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Integer, List, Unicode

    class SandboxKernelManager(AsyncKernelManager):
        """Starts the kernel through this file's launcher: another user, its own working copy and
        mount namespace, resource limits."""
        sandbox_user = Unicode("bpcore-sandbox", help="the user the kernels run as").tag(config=True)
        hidden_paths = List(Unicode(), help="paths covered by an empty folder in the kernel's view").tag(config=True)
        cpu_seconds = Integer(60, help="CPU seconds a kernel may use").tag(config=True)
        memory_bytes = Integer(4 << 30, help="address space of a kernel").tag(config=True)
        file_bytes = Integer(64 << 20, help="largest file a kernel may write").tag(config=True)
        processes = Integer(64, help="processes and threads of the sandbox user").tag(config=True)

        _workdir = None

        def _user(self):
            if os.geteuid() != 0:
                raise RuntimeError("autograding runs each notebook as the user %r, which needs root: run nbgrader "
                                   "autograde as root (sudo)" % self.sandbox_user)
            try:
                user = pwd.getpwnam(self.sandbox_user)
            except KeyError:
                raise RuntimeError("there is no user %r to run the notebooks as: create it once with\n"
                                   "    useradd --system --no-create-home --shell /usr/sbin/nologin %s"
                                   % (self.sandbox_user, self.sandbox_user)) from None
            if user.pw_uid == 0:
                raise RuntimeError("the sandbox user %r is root" % self.sandbox_user)
            return user

        async def _async_pre_start_kernel(self, **kw):
            user = self._user()
            left = kill_processes(user.pw_uid)
            if left:
                raise RuntimeError(f"processes of {self.sandbox_user} survive SIGKILL: {left}")
            submission = kw.get("cwd") or os.getcwd()
            self._workdir = tempfile.mkdtemp(prefix=WORKDIR_PREFIX)
            shutil.copytree(submission, self._workdir, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
            for top, dirs, files in os.walk(self._workdir):
                for name in [top, *(os.path.join(top, n) for n in dirs + files)]:
                    os.chown(name, user.pw_uid, user.pw_gid, follow_symlinks=False)
            os.chmod(self._workdir, 0o700)
            kw["cwd"] = self._workdir
            kw["env"] = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": self._workdir, "TMPDIR": self._workdir,
                         "USER": user.pw_name, "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1",
                         "MPLBACKEND": "agg", "PYTHONNOUSERSITE": "1"}
            self.connection_file = os.path.join(self._workdir, ".kernel.json")
            cmd, kw = await super()._async_pre_start_kernel(**kw)
            os.chown(self.connection_file, user.pw_uid, user.pw_gid)
            hidden = [p for path in self.hidden_paths for p in ("--hide", os.path.abspath(path))]
            launcher = [sys.executable, os.path.abspath(__file__), "--user", user.pw_name, "--dir", self._workdir,
                        "--cpu", str(self.cpu_seconds), "--memory", str(self.memory_bytes),
                        "--files", str(self.file_bytes), "--processes", str(self.processes), *hidden, "--", *cmd]
            return launcher, kw

        async def _async_cleanup_resources(self, restart=False):
            await super()._async_cleanup_resources(restart=restart)
            if not restart and self._workdir:
                kill_processes(self._user().pw_uid)
                shutil.rmtree(self._workdir, ignore_errors=True)
                self._workdir = None

    return SandboxKernelManager


def _execute_class():
    from nbformat.notebooknode import NotebookNode
    from nbgrader.preprocessors import Execute

    kernel_manager = _kernel_manager_class()

    class SandboxedExecute(Execute):
        """nbgrader's Execute, its kernels in the sandbox, its outputs kept within bounds."""

        def __init__(self, **kw):
            kw["kernel_manager_class"] = kernel_manager
            super().__init__(**kw)

        def on_cell_executed(self, **kw):
            super().on_cell_executed(**kw)
            cell = kw["cell"]
            left = MAX_OUTPUT_CHARS
            for output in cell.outputs:
                if output.output_type == "stream":
                    if len(output.text) > left:
                        output.text = output.text[:left] + "\n... output cut by the grader ...\n"
                    left = max(0, left - len(output.text))
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                shown = [o for o in cell.outputs if o.output_type == "execute_result"]
                if shown:
                    cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
                    cell.outputs.append(NotebookNode(
                        output_type="error", ename="GradingError",
                        evalue="this test cell showed a result it does not show: the notebook changed the "
                               "grading machinery", traceback=["GradingError: the test cell showed a result"]))

    return SandboxedExecute, kernel_manager


def configure(c, course_root):
    """nbgrader's configuration for autograding in the sandbox (nbgrader_config.py calls this)."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades

    execute, kernel_manager = _execute_class()
    c.Autograde.autograde_preprocessors = [execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    c.Execute.timeout = int(os.environ.get("BPCORE_CELL_TIMEOUT", "30"))   # seconds per cell, wall clock
    c.Execute.interrupt_on_timeout = True
    c.LimitOutput.max_lines = 200
    c.LimitOutput.max_traceback = 40
    c.SandboxKernelManager.sandbox_user = os.environ.get("BPCORE_SANDBOX_USER", "bpcore-sandbox")
    extra = [p for p in os.environ.get("BPCORE_SANDBOX_HIDE", "").split(os.pathsep) if p]
    c.SandboxKernelManager.hidden_paths = [course_root, *extra]
    c.SandboxKernelManager.cpu_seconds = int(os.environ.get("BPCORE_SANDBOX_CPU", "60"))
    return kernel_manager


# --- the launcher: root sets up, then becomes the kernel as the sandbox user -----------------------

def launch(argv):
    split = argv.index("--")
    options, cmd = argv[:split], argv[split + 1:]
    pairs = list(zip(options[::2], options[1::2]))
    value = dict(pairs)
    hidden = [v for k, v in pairs if k == "--hide"]
    user = pwd.getpwnam(value["--user"])
    libc = ctypes.CDLL(None, use_errno=True)
    if hidden:
        if libc.unshare(CLONE_NEWNS) != 0:
            sys.exit("sandbox: cannot make a mount namespace (%s); grading needs root with CAP_SYS_ADMIN"
                     % os.strerror(ctypes.get_errno()))
        subprocess.run(["mount", "--make-rprivate", "/"], check=True)
        for path in hidden:
            if os.path.isdir(path):
                subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k,mode=000", "hidden", path], check=True)
            elif os.path.exists(path):
                subprocess.run(["mount", "--bind", "/dev/null", path], check=True)
    cpu = int(value["--cpu"])
    for limit, amount in ((resource.RLIMIT_CPU, (cpu, cpu + 5)), (resource.RLIMIT_CORE, (0, 0)),
                          (resource.RLIMIT_AS, (int(value["--memory"]),) * 2),
                          (resource.RLIMIT_FSIZE, (int(value["--files"]),) * 2),
                          (resource.RLIMIT_NPROC, (int(value["--processes"]),) * 2)):
        resource.setrlimit(limit, amount)
    os.setgroups([])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        sys.exit("sandbox: prctl(PR_SET_NO_NEW_PRIVS) failed")
    os.umask(0o077)
    os.chdir(value["--dir"])
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    launch(sys.argv[1:])
