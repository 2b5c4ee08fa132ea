"""Fixtures shared by the system tests (browser, binder): a free loopback port, and a
`report` that prints a measurement now (seen with -s) and again at the end of the run."""

import pytest

from loopback import free_port as find_free_port
from loopback import port_range

PORTS = port_range("BPCORE_TEST_PORTS", "8890-8899")   # see loopback.py
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
    """free_port(): a port of PORTS that nothing on 127.0.0.1 listens on right now."""
    return lambda: find_free_port(PORTS)
