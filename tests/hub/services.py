"""What the hub test runs besides JupyterHub: a smart-HTTP git server standing in for GitHub, a
kernel client that runs a notebook's code cells through a single-user server's REST and websocket
API (as JupyterLab does), and per-student process measurements. All on 127.0.0.1."""
import asyncio
import json
import os
import socketserver
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import psutil

from loopback import free_port as find_free_port, port_range

PORTS = port_range("BPCORE_HUB_PORTS", "8800-8889")  # the other system tests use 8890-8899


def free_port(taken=()):
    return find_free_port(PORTS, taken)


# --- git over smart HTTP --------------------------------------------------------------------------

class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def git_http_server(project_root, port):
    """`git http-backend` (git's own smart-HTTP server, as CGI) behind a WSGI server: clone and
    fetch http://127.0.0.1:PORT/NAME for every bare repository PROJECT_ROOT/NAME. Returns the
    server; serve_forever runs in a daemon thread, shutdown() stops it."""
    def app(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        cgi = {key: environ.get(key, "") for key in (
            "PATH_INFO", "REQUEST_METHOD", "QUERY_STRING", "CONTENT_TYPE", "REMOTE_ADDR",
            "HTTP_CONTENT_ENCODING", "HTTP_GIT_PROTOCOL")}
        cgi.update(GIT_PROJECT_ROOT=str(project_root), GIT_HTTP_EXPORT_ALL="1", CONTENT_LENGTH=str(len(body)),
                   GIT_PROTOCOL=environ.get("HTTP_GIT_PROTOCOL", ""), PATH=os.environ.get("PATH", "/usr/bin:/bin"))
        done = subprocess.run(["git", "http-backend"], input=body, env=cgi, capture_output=True, timeout=120)
        ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") for i in [done.stdout.find(sep)] if i >= 0]
        cut, length = min(ends) if ends else (0, 0)
        head, payload = done.stdout[:cut], done.stdout[cut + length:]
        status, headers = "200 OK", []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            elif name:
                headers.append((name, value.strip()))
        start_response(status, headers)
        return [payload]

    server = make_server("127.0.0.1", port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- the hub's REST API ---------------------------------------------------------------------------

class Hub:
    def __init__(self, url, token):
        self.url, self.token = url.rstrip("/"), token

    def request(self, path, method="GET", body=None, timeout=30, raw=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content = response.read()
        if raw:
            return content
        return json.loads(content) if content.strip() else None

    def api(self, path, method="GET", body=None, timeout=30):
        return self.request("/hub/api" + path, method, body, timeout)

    def wait_ready(self, name, timeout=120):
        """Seconds until the user's server is ready (its start was requested just before)."""
        start = time.monotonic()
        while True:
            server = (self.api(f"/users/{name}").get("servers") or {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{name}: server not ready after {timeout} s: {server}")
            time.sleep(0.25)

    def pull(self, name, repo, branch, timeout=180):
        """What the nbgitpuller link does in the student's server: clone, or fetch and merge.
        Returns nbgitpuller's messages; fails on its error phase."""
        query = urllib.parse.urlencode({"repo": repo, "branch": branch})
        stream = self.request(f"/user/{name}/git-pull/api?{query}", timeout=timeout, raw=True).decode()
        events = [json.loads(line[5:]) for line in stream.splitlines() if line.startswith("data:")]
        phases = [event.get("phase") for event in events]
        assert phases and phases[-1] == "finished", f"{name}: nbgitpuller did not finish: {events[-3:]}"
        return events

    def contents(self, name, path, model=None):
        if model is None:
            return self.request(f"/user/{name}/api/contents/{path}")
        return self.request(f"/user/{name}/api/contents/{path}", "PUT", model)


# --- a kernel driven as JupyterLab drives it ------------------------------------------------------

def kernel_pid(kernel_id):
    """The kernel process: its command line names its connection file, kernel-<id>.json."""
    for process in psutil.process_iter(["cmdline"]):
        if any(f"kernel-{kernel_id}.json" in part for part in process.info["cmdline"] or ()):
            return process.pid
    return None


def cpu_seconds(pid):
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system + times.children_user + times.children_system


async def run_cells(hub, name, notebook_path, codes, cell_timeout=180):
    """Start a kernel for the notebook (a session, as opening it in JupyterLab does), run the
    codes in order over the kernel's websocket and return {"errors", "cpu_s", "kernel_id",
    "seconds", "outputs"}; the kernel is shut down at the end. Stops at the first error."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = hub.request(f"/user/{name}/api/sessions", "POST",
                          {"path": notebook_path, "type": "notebook", "name": "",
                           "kernel": {"name": "python3"}})
    kernel_id = session["kernel"]["id"]
    ws_url = hub.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel_id}/channels"
    connection = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {hub.token}"},
                                                     connect_timeout=30, request_timeout=30))
    result = {"errors": [], "kernel_id": kernel_id, "outputs": []}
    session_id = uuid.uuid4().hex
    start = time.monotonic()
    try:
        for code in codes:
            msg_id = uuid.uuid4().hex
            connection.write_message(json.dumps({
                "header": {"msg_id": msg_id, "session": session_id, "username": name, "date": "",
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            replied = idle = False
            while not (replied and idle):
                message = await asyncio.wait_for(connection.read_message(), cell_timeout)
                if message is None:
                    raise AssertionError(f"{name}: the kernel's websocket closed")
                if not isinstance(message, str):
                    continue  # a binary frame (a widget's buffers)
                message = json.loads(message)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "error":
                    result["errors"].append(f"{content['ename']}: {content['evalue']}")
                elif kind == "stream" and content.get("name") == "stdout":
                    result["outputs"].append(content["text"])
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
                elif kind == "execute_reply":
                    replied = True
            if result["errors"]:
                break
        result["seconds"] = time.monotonic() - start
        pid = kernel_pid(kernel_id)
        result["cpu_s"] = cpu_seconds(pid) if pid else None
    finally:
        connection.close()
        try:
            hub.request(f"/user/{name}/api/sessions/{session['id']}", "DELETE")
        except OSError:
            pass
    return result


# --- memory per student ---------------------------------------------------------------------------

def server_pids(name):
    """The student's single-user server: the process whose environment says JUPYTERHUB_USER=name
    and that runs jupyterhub-singleuser."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if "jupyterhub-singleuser" in " ".join(process.info["cmdline"] or ()) and \
                    process.environ().get("JUPYTERHUB_USER") == name:
                found.append(process.pid)
        except psutil.Error:
            pass
    return found


class MemorySampler:
    """Samples, every 0.2 s, each student's server plus its kernels (resident memory, summed) and
    keeps the peak per student, in MB; and once more when the `with` block ends, so the state
    after the last thing done in it is always sampled."""

    def __init__(self, names):
        self.names, self.peak_mb = list(names), {name: 0.0 for name in names}
        self._servers, self._stop = {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(10)
        self._sample()

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.2)

    def _sample(self):
        for name in self.names:
            if not self._servers.get(name):
                self._servers[name] = server_pids(name)
            total = 0
            for pid in self._servers[name]:
                try:
                    server = psutil.Process(pid)
                    tree = [server, *server.children(recursive=True)]
                except psutil.Error:
                    self._servers[name] = []
                    continue
                for process in tree:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:
                        pass
            self.peak_mb[name] = max(self.peak_mb[name], total / 2 ** 20)
