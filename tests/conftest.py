"""Fixtures shared by the system tests (browser, binder): a free loopback port, and a
`report` that prints a measurement now (seen with -s) and again at the end of the run."""
import os
import socket

import pytest

# The loopback ports the system tests may use: BPCORE_TEST_PORTS="8760-8769" gives parallel
# runs on one machine a range each.
_low, _, _high = os.environ.get("BPCORE_TEST_PORTS", "8890-8899").partition("-")
PORTS = range(int(_low), int(_high or _low) + 1)
_REPORT = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[_REPORT] = []


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("measurements")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def report(pytestconfig):
    """report(line): print now and again in the terminal summary."""
    def add(line):
        print(line, flush=True)
        pytestconfig.stash[_REPORT].append(line)
    return add


@pytest.fixture(scope="session")
def free_port():
    """free_port(): a port in 8890-8899 that nothing on 127.0.0.1 listens on right now."""
    def find():
        for port in PORTS:
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")
    return find
