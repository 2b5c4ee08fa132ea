"""What the system tests share about the servers they start: free ports on 127.0.0.1, and
stopping a server with everything it started.

Each test takes its ports from a range: the browser and Binder tests from BPCORE_TEST_PORTS
(default 8890-8899), the hub test from BPCORE_HUB_PORTS (default 8800-8889), so parallel runs on
one machine can be given a range each, e.g. BPCORE_TEST_PORTS="8760-8769".
"""
import os
import signal
import socket
import subprocess


def port_range(variable, default):
    """The range "low-high" (inclusive) in the environment variable, else `default`."""
    low, _, high = os.environ.get(variable, default).partition("-")
    return range(int(low), int(high or low) + 1)


def free_port(ports, taken=()):
    """A port of `ports`, not in `taken`, that nothing on 127.0.0.1 listens on right now."""
    for port in ports:
        if port in taken:
            continue
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def stop_tree(process, timeout=30):
    """Stop `process` with SIGTERM (a Jupyter server shuts its kernels down itself), then kill
    whatever it started that is still alive. Returns the processes that had to be killed."""
    import psutil  # the system tests' own requirement, not the students'

    try:
        parent = psutil.Process(process.pid)
        tree = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    _, alive = psutil.wait_procs(tree, timeout=10)
    for leftover in alive:
        try:
            leftover.kill()
        except psutil.Error:
            pass
    if process.poll() is None:
        process.wait(10)
    return alive
