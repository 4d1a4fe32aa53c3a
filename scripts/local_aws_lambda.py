"""The local AWS runs the code of `provided.*` Lambda functions (patch 9 of local_aws.py).

moto runs no function code without Docker: an invoke returns the next result queued at
`/moto-api/static/lambda-simple/response`, or its own input. For functions on an OS-only runtime
(`provided.al2023`, `provided.al2`, `provided`) packaged as a zip, this module runs the code the
way Lambda does, as a local process, without Docker:

- The function's zip (moto keeps the bytes it got from ZipFile or from S3) is unpacked once per
  code hash into a cache directory, file modes kept (`bootstrap` stays executable); what no
  launcher used for two days is removed when a launcher starts.
- An instance is `bootstrap` started in the unpacked directory with a clean environment: the
  function's variables, Lambda's reserved ones (`AWS_LAMBDA_FUNCTION_NAME`, ...,
  `AWS_LAMBDA_RUNTIME_API`, `LAMBDA_TASK_ROOT`, the function's `AWS_REGION`), test credentials
  and `AWS_ENDPOINT_URL` pointing at this emulator, so the function's own AWS calls reach it.
- Each instance has its own Lambda Runtime API, served here on a loopback port:
  `GET /2018-06-01/runtime/invocation/next` hands it one event with the
  `Lambda-Runtime-Aws-Request-Id`, `-Deadline-Ms`, `-Invoked-Function-Arn` and `-Trace-Id`
  headers; `POST .../invocation/{id}/response` and `.../{id}/error` answer it;
  `POST .../runtime/init/error` reports a failed start.
- Instances stay warm between invocations (what a function keeps in memory, such as a token read
  once, is kept); an invocation arriving while all are busy starts another, as Lambda scales out.
  New code or configuration retires the old instances; deleting the function stops them.
- The invoke returns what the function answered. An error is returned as Lambda returns it: HTTP
  200, `X-Amz-Function-Error: Unhandled`, the body the function posted (`errorType`,
  `errorMessage`), so Step Functions' Retry and Catch match the function's own error names.
- A function that runs longer than its Timeout is killed (the whole instance: its process group)
  and the invoke answers, as Lambda does, `{"errorType": "Sandbox.Timedout", "errorMessage":
  "RequestId: ... Error: Task timed out after N.00 seconds"}`. An instance that exits reports
  `Runtime.ExitError`; a zip without an executable `bootstrap`, `Runtime.InvalidEntrypoint`.
- What an instance writes (stdout and stderr) goes to the launcher's log, prefixed with the
  function's name, and to CloudWatch Logs (`/aws/lambda/<name>`, or the function's
  `LoggingConfig.LogGroup`), one stream per instance, with Lambda's START, END and REPORT lines;
  `LogType: Tail` returns the invocation's last 4 KB in `X-Amz-Log-Result`.
- Instances die with the launcher: they are started with PR_SET_PDEATHSIG from one long-lived
  thread, and killed at exit.

Functions of other runtimes keep moto's behaviour, queued results included.
"""
import base64
import ctypes
import hashlib
import io
import itertools
import json
import os
import queue
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from concurrent.futures import Future
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RUNTIME_API = "/2018-06-01/runtime"
# Lambda gives a function's initialization (up to its first `next`) 10 seconds of its own.
INIT_SECONDS = 10.0
TAIL_BYTES = 4096
# Unpacked code unused for this long is removed when a launcher starts.
CACHE_DAYS = 2


def runs_code(fn):
    """True when the launcher runs this function's code (an OS-only runtime, a zip)."""
    return (
        str(fn.run_time or "").startswith("provided")
        and getattr(fn, "package_type", "Zip") == "Zip"
        and bool(getattr(fn, "code_bytes", b""))
    )


def code_directory(code_bytes, cache_root):
    """The zip unpacked into `cache_root/<sha256>`, once per hash (atomic, so concurrent
    launchers can share the cache)."""
    digest = hashlib.sha256(code_bytes).hexdigest()
    target = os.path.join(cache_root, digest)
    if os.path.isdir(target):
        os.utime(target)  # in use: not pruned
        return target
    os.makedirs(cache_root, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=cache_root)
    try:
        with zipfile.ZipFile(io.BytesIO(code_bytes)) as archive:
            for info in archive.infolist():
                name = os.path.normpath(info.filename)
                if name.startswith("..") or os.path.isabs(name):
                    continue  # Lambda refuses such zips; never write outside the directory
                path = os.path.join(staging, name)
                if info.is_dir():
                    os.makedirs(path, exist_ok=True)
                    continue
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with archive.open(info) as source, open(path, "wb") as sink:
                    shutil.copyfileobj(source, sink)
                mode = (info.external_attr >> 16) & 0o7777
                if info.create_system == 3 and mode:  # made on Unix: keep its permissions
                    os.chmod(path, mode)
        try:
            os.rename(staging, target)
        except OSError:  # another launcher unpacked the same code first
            shutil.rmtree(staging, ignore_errors=True)
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def prune(cache_root, max_age=CACHE_DAYS * 86400):
    """Removes unpacked code not used for `max_age` seconds (a rebuilt zip has a new hash, so
    the cache would otherwise grow with every build)."""
    if not os.path.isdir(cache_root):
        return
    now = time.time()
    for name in os.listdir(cache_root):
        path = os.path.join(cache_root, name)
        try:
            if now - os.stat(path).st_mtime > max_age:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


class Spawner:
    """Starts processes from one long-lived thread. PR_SET_PDEATHSIG kills a child when the
    *thread* that forked it ends, so forking from a request's thread would kill the instance at
    the end of that request."""

    def __init__(self):
        self.jobs = queue.Queue()
        threading.Thread(target=self._run, name="lambda-spawner", daemon=True).start()

    def _run(self):
        while True:
            job, future = self.jobs.get()
            try:
                future.set_result(job())
            except BaseException as error:  # handed to the caller
                future.set_exception(error)

    def popen(self, *args, **kwargs):
        future = Future()
        self.jobs.put((lambda: subprocess.Popen(*args, **kwargs), future))
        return future.result()


def die_with_parent(parent):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the launcher died before prctl
        os._exit(1)


def error_body(error_type, message):
    return json.dumps({"errorType": error_type, "errorMessage": message}, separators=(",", ":")).encode()


class QuietServer(ThreadingHTTPServer):
    """A Runtime API server that says nothing when an instance it serves is killed mid-request."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, OSError)):
            super().handle_error(request, client_address)


class Invocation:
    def __init__(self, payload, arn, timeout, client_context):
        self.request_id = str(uuid.uuid4())
        self.payload = payload
        self.arn = arn
        self.timeout = timeout
        self.client_context = client_context
        self.delivered_at = None  # monotonic time the runtime took it
        self.deadline_ms = None
        self.outcome = None  # (is_error, body)
        self.logs = []


class Instance:
    """One running `bootstrap` with its own Runtime API."""

    counter = itertools.count(1)

    def __init__(self, runtime, fn, key, directory):
        self.runtime, self.key = runtime, key
        self.name, self.arn = fn.function_name, fn.function_arn
        self.timeout = float(fn.timeout or 3)
        self.condition = threading.Condition()
        self.current = None
        self.pending_init_logs = []
        self.init_error = None
        self.exit_status = None
        self.busy = True
        self.cold = True
        self.started = time.monotonic()
        self.init_duration = None
        self.number = next(Instance.counter)
        self.log = runtime.log_target(fn, self.number)
        self.server = self._serve()
        env = runtime.environment(fn, directory, self.server.server_address[1], self.log["stream"])
        self.process = runtime.spawner.popen(
            [os.path.join(directory, "bootstrap")], cwd=directory, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=lambda parent=os.getpid(): die_with_parent(parent))
        threading.Thread(target=self._read_output, daemon=True).start()

    # The Runtime API of this instance.
    def _serve(self):
        instance = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def body(self):
                if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def answer(self, status, body=b"", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path != f"{RUNTIME_API}/invocation/next":
                    return self.answer(404, error_body("NotFound", self.path))
                invocation = instance.next_invocation()
                if invocation is None:  # the instance is being stopped
                    return self.answer(500, error_body("Runtime.Stopped", "instance stopped"))
                headers = [
                    ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
                    ("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms)),
                    ("Lambda-Runtime-Invoked-Function-Arn", invocation.arn),
                    ("Lambda-Runtime-Trace-Id",
                     f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=0"),
                ]
                if invocation.client_context:
                    headers.append(("Lambda-Runtime-Client-Context", invocation.client_context))
                self.answer(200, invocation.payload, headers)

            def do_POST(self):
                body = self.body()
                path = self.path
                if path == f"{RUNTIME_API}/init/error":
                    instance.report_init_error(self.error_payload(body))
                    return self.answer(202, b'{"status":"OK"}')
                prefix = f"{RUNTIME_API}/invocation/"
                request_id, _, verb = path[len(prefix):].partition("/") if path.startswith(prefix) else ("", "", "")
                if verb not in ("response", "error"):
                    return self.answer(404, error_body("NotFound", path))
                payload = body if verb == "response" else self.error_payload(body)
                if not instance.report(request_id, verb == "error", payload):
                    return self.answer(400, error_body("InvalidRequestID", f"Invalid request ID: {request_id}"))
                self.answer(202, b'{"status":"OK"}')

            def error_payload(self, body):
                try:
                    if isinstance(json.loads(body), dict):
                        return body
                except ValueError:
                    pass
                kind = self.headers.get("Lambda-Runtime-Function-Error-Type") or "Unhandled"
                return error_body(kind, body.decode("utf-8", "replace"))

        server = QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def next_invocation(self):
        with self.condition:
            if self.init_duration is None:
                self.init_duration = time.monotonic() - self.started
            while self.exit_status is None and (self.current is None or self.current.delivered_at is not None):
                self.condition.wait()
            if self.exit_status is not None:
                return None
            invocation = self.current
            invocation.delivered_at = time.monotonic()
            invocation.deadline_ms = int((time.time() + invocation.timeout) * 1000)
            self.condition.notify_all()  # the invoke's clock starts now
            return invocation

    def report(self, request_id, is_error, body):
        with self.condition:
            if self.current is None or self.current.request_id != request_id or self.current.outcome:
                return False
            self.current.outcome = (is_error, body)
            self.condition.notify_all()
            return True

    def report_init_error(self, body):
        with self.condition:
            self.init_error = body
            self.condition.notify_all()

    def _read_output(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            print(f"[lambda {self.name} #{self.number}] {line}", file=sys.stderr, flush=True)
            with self.condition:
                (self.current.logs if self.current else self.pending_init_logs).append(line)
        status = self.process.wait()
        with self.condition:
            self.exit_status = status
            self.condition.notify_all()

    def invoke(self, payload, client_context):
        """Runs one invocation; returns (is_error, body, log lines)."""
        invocation = Invocation(payload, self.arn, self.timeout, client_context)
        with self.condition:
            invocation.logs.extend(self.pending_init_logs)
            self.pending_init_logs = []
            invocation.logs.append(f"START RequestId: {invocation.request_id} Version: $LATEST")
            self.current = invocation
            self.condition.notify_all()
            started = time.monotonic()
            timed_out = False
            while invocation.outcome is None and self.exit_status is None and self.init_error is None:
                limit = (invocation.delivered_at + self.timeout if invocation.delivered_at is not None
                         else started + INIT_SECONDS + self.timeout)
                remaining = limit - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                self.condition.wait(remaining)
            self.current = None
            outcome, exit_status, init_error = invocation.outcome, self.exit_status, self.init_error
        duration = (time.monotonic() - (invocation.delivered_at or started)) * 1000
        if outcome is not None:
            is_error, body = outcome
        elif timed_out:
            self.stop()
            is_error, body = True, error_body(
                "Sandbox.Timedout",
                f"RequestId: {invocation.request_id} Error: Task timed out after {self.timeout:.2f} seconds")
            invocation.logs.append(f"{utc_stamp()} {invocation.request_id} Task timed out after {self.timeout:.2f} seconds")
        elif init_error is not None:
            self.stop()
            is_error, body = True, init_error
        else:
            self.stop()
            is_error, body = True, error_body(
                "Runtime.ExitError",
                f"RequestId: {invocation.request_id} Error: Runtime exited with error: {describe_exit(exit_status)}")
        invocation.logs.append(f"END RequestId: {invocation.request_id}")
        report = (f"REPORT RequestId: {invocation.request_id}\tDuration: {duration:.2f} ms\t"
                  f"Billed Duration: {max(1, int(duration + 0.999))} ms\tMemory Size: {self.log['memory']} MB")
        if self.cold and self.init_duration is not None:
            report += f"\tInit Duration: {self.init_duration * 1000:.2f} ms"
        self.cold = False
        invocation.logs.append(report)
        self.runtime.write_logs(self.log, invocation.logs)
        return is_error, body, invocation.logs

    def alive(self):
        return self.exit_status is None and self.init_error is None

    def stop(self):
        with self.condition:
            if self.exit_status is None:
                self.exit_status = -signal.SIGKILL
            self.condition.notify_all()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        threading.Thread(target=self.server.shutdown, daemon=True).start()


def describe_exit(status):
    if status is not None and status < 0:
        try:
            return f"signal: {signal.Signals(-status).name.lower().removeprefix('sig')}"
        except ValueError:
            return f"signal {-status}"
    return f"exit status {status}"


def utc_stamp():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Runtime:
    """The instances of every function that runs code, by function."""

    def __init__(self, moto_port, cache_root):
        self.moto_port = moto_port
        self.cache_root = cache_root
        self.lock = threading.Lock()
        self.instances = {}  # function ARN -> [Instance]
        self.spawner = Spawner()

    @staticmethod
    def key(fn):
        return json.dumps([hashlib.sha256(fn.code_bytes).hexdigest(), fn.environment_vars, fn.timeout,
                           fn.memory_size, fn.handler, fn.run_time, fn.region], sort_keys=True, default=str)

    def environment(self, fn, directory, api_port, log_stream):
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            # The emulator, for the function's own AWS calls (a function's own setting wins).
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{self.moto_port}",
            # Not set by Lambda; here no instance metadata service exists to ask.
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        env.update({str(k): str(v) for k, v in (fn.environment_vars or {}).items()})
        env.update({  # Lambda's reserved variables: the function cannot set these
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api_port}",
            "AWS_LAMBDA_FUNCTION_NAME": fn.function_name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory_size),
            "AWS_LAMBDA_LOG_GROUP_NAME": self.log_group(fn),
            "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": fn.region,
            "AWS_DEFAULT_REGION": fn.region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "LAMBDA_TASK_ROOT": directory,
            "LAMBDA_RUNTIME_DIR": directory,
            "_HANDLER": str(fn.handler or ""),
        })
        return env

    @staticmethod
    def log_group(fn):
        return getattr(fn, "local_aws_log_group", None) or f"/aws/lambda/{fn.function_name}"

    def log_target(self, fn, number):
        now = datetime.now(timezone.utc)
        return {
            "account": fn.account_id, "region": fn.region, "group": self.log_group(fn),
            "stream": f"{now:%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}", "created": False,
            "memory": fn.memory_size,
        }

    def write_logs(self, target, lines):
        try:
            from moto.logs.models import logs_backends

            backend = logs_backends[target["account"]][target["region"]]
            if not target["created"]:
                backend.ensure_log_group(target["group"])
                backend.create_log_stream(target["group"], target["stream"])
                target["created"] = True
            now = int(time.time() * 1000)
            backend.put_log_events(target["group"], target["stream"],
                                   [{"timestamp": now, "message": line} for line in lines if line])
        except Exception as error:  # logs are a convenience; never fail the invocation
            print(f"local_aws.py: lambda logs: {error}", file=sys.stderr)

    def acquire(self, fn):
        key = self.key(fn)
        with self.lock:
            pool = self.instances.setdefault(fn.function_arn, [])
            for instance in [i for i in pool if i.key != key or not i.alive()]:
                pool.remove(instance)
                if not instance.busy:
                    instance.stop()
            for instance in pool:
                if not instance.busy:
                    instance.busy = True
                    return instance
        # A new instance (outside the lock: unpacking and starting take a moment).
        try:
            directory = code_directory(fn.code_bytes, self.cache_root)
        except zipfile.BadZipFile as error:
            raise InvokeFailure("Runtime.InvalidEntrypoint", f"The function's code is not a zip: {error}")
        bootstrap = os.path.join(directory, "bootstrap")
        if not (os.path.isfile(bootstrap) and os.stat(bootstrap).st_mode & stat.S_IXUSR):
            raise InvokeFailure("Runtime.InvalidEntrypoint",
                                "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]")
        try:
            instance = Instance(self, fn, key, directory)
        except OSError as error:
            raise InvokeFailure("Runtime.InvalidEntrypoint", f"cannot start bootstrap: {error}")
        with self.lock:
            self.instances.setdefault(fn.function_arn, []).append(instance)
        return instance

    def release(self, instance):
        with self.lock:
            pool = self.instances.get(instance.arn, [])
            if not instance.alive() or instance not in pool:
                if instance in pool:
                    pool.remove(instance)
                instance.stop()
            instance.busy = False

    def invoke(self, fn, payload, client_context=None):
        """Runs one invocation of `fn`; returns (is_error, body, log lines)."""
        try:
            instance = self.acquire(fn)
        except InvokeFailure as failure:
            return True, error_body(failure.error_type, failure.message), []
        try:
            return instance.invoke(payload, client_context)
        finally:
            self.release(instance)

    def retire(self, arn_prefix):
        """Stops the instances of the function (any version) whose ARN starts so."""
        with self.lock:
            for arn in [a for a in self.instances if a == arn_prefix or a.startswith(arn_prefix + ":")]:
                for instance in self.instances.pop(arn):
                    instance.stop()

    def stop_all(self):
        with self.lock:
            pools, self.instances = list(self.instances.values()), {}
        for pool in pools:
            for instance in pool:
                instance.stop()


class InvokeFailure(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type, self.message = error_type, message


def install(moto_port, cache_root):
    """Makes moto's Docker-less Lambda backend run the code of `provided.*` functions."""
    import atexit

    from moto.awslambda.models import LambdaBackend, LambdaFunction
    from moto.awslambda_simple.models import LambdaSimpleBackend

    prune(cache_root)
    runtime = Runtime(moto_port, cache_root)
    atexit.register(runtime.stop_all)
    original_invoke = LambdaSimpleBackend.invoke

    def invoke(self, function_name, qualifier, body, headers, response_headers):
        # Only functions that exist with an OS-only runtime run their code; anything else
        # (other runtimes, and names moto's queued results answer without a function) is
        # left to moto as it was.
        try:
            fn = self.get_function(function_name, qualifier)
        except Exception:
            fn = None
        if fn is None or not runs_code(fn):
            return original_invoke(self, function_name, qualifier, body, headers, response_headers)
        payload = body.encode() if isinstance(body, str) else (body or b"")
        payload = payload or b"{}"
        invocation_type = headers.get("X-Amz-Invocation-Type") or "RequestResponse"
        context = headers.get("X-Amz-Client-Context")
        if context:
            try:
                context = base64.b64decode(context).decode()
            except ValueError:
                pass
        response_headers["x-amz-executed-version"] = "$LATEST"
        if invocation_type == "DryRun":
            return b""
        if invocation_type == "Event":
            threading.Thread(target=runtime.invoke, args=(fn, payload, context), daemon=True).start()
            return b""
        is_error, result, logs = runtime.invoke(fn, payload, context)
        if is_error:
            response_headers["x-amz-function-error"] = "Unhandled"
        tail = "\n".join(logs).encode()[-TAIL_BYTES:]
        response_headers["x-amz-log-result"] = base64.b64encode(tail).decode()
        return result

    LambdaSimpleBackend.invoke = invoke

    original_delete = LambdaBackend.delete_function

    def delete_function(self, function_name, qualifier=None):
        arn = None
        try:
            arn = self.get_function(function_name).function_arn
        except Exception:
            pass
        result = original_delete(self, function_name, qualifier)
        if arn:
            runtime.retire(arn)
        return result

    LambdaBackend.delete_function = delete_function

    # The log group a function writes to: its LoggingConfig's (moto keeps no LoggingConfig).
    original_init = LambdaFunction.__init__

    def init(self, account_id, spec, *args, **kwargs):
        original_init(self, account_id, spec, *args, **kwargs)
        self.local_aws_log_group = (spec.get("LoggingConfig") or {}).get("LogGroup")

    LambdaFunction.__init__ = init
    original_cfn_create = LambdaFunction.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, *args, **kwargs):
        fn = original_cfn_create(cls, resource_name, cloudformation_json, *args, **kwargs)
        group = ((cloudformation_json.get("Properties") or {}).get("LoggingConfig") or {}).get("LogGroup")
        if isinstance(group, str):
            fn.local_aws_log_group = group
        return fn

    LambdaFunction.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    return runtime
