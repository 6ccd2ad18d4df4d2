"""Keep one process running: ``python -m config.supervise [options] -- command args...``

The Procfile runs the Celery worker under it. A worker can exit on its own when the broker vanishes while it
holds an unacknowledged task (kombu's redis transport, docs/reliability.md), and honcho stops every process of
``make services`` when one exits; in production a systemd unit or Kubernetes restarts it, here this does.

- SIGTERM, SIGINT, SIGHUP and SIGQUIT are passed on to the child; the supervisor then waits for it and exits with
  its code (a worker finishes the tasks in hand). Nothing is restarted once a stop was asked.
- The child exiting with 0 ends the supervisor (0). Any other exit, or a death by a signal not sent by us, is
  restarted after a backoff: ``--backoff`` seconds doubled at each quick failure up to ``--max-backoff``; a child
  that ran ``--healthy-after`` seconds resets it.
- More than ``--max-restarts`` restarts within ``--window`` seconds: a crash loop; the supervisor gives up with
  the child's code (or 1), so the process manager above it sees the failure.

Each decision is one log line on stderr, JSON like the portal's (``LOG_FORMAT=plain`` for a readable line).
"""

import argparse
import collections
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT)


def log(level, message, **extra):
    if os.environ.get("LOG_FORMAT", "json") == "plain":
        line = f"supervise {level}: {message}" + "".join(f" {k}={v}" for k, v in extra.items())
    else:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        record = {
            "time": now,
            "level": level,
            "logger": "config.supervise",
            "message": message,
            "request_id": "-",
        }
        line = json.dumps({**record, **extra}, ensure_ascii=False)
    print(line, file=sys.stderr, flush=True)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m config.supervise", description=__doc__.split("\n")[0])
    parser.add_argument("--backoff", type=float, default=1.0, help="seconds before the first restart (1)")
    parser.add_argument("--max-backoff", type=float, default=30.0, help="longest wait between restarts (30)")
    parser.add_argument(
        "--healthy-after", type=float, default=60.0, help="a run this long resets the backoff"
    )
    parser.add_argument("--max-restarts", type=int, default=10, help="restarts allowed within --window (10)")
    parser.add_argument("--window", type=float, default=300.0, help="seconds (300)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the command and its arguments")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("a command to run is required after --")
    return args


class Supervisor:
    def __init__(self, args):
        self.args = args
        self.child = None
        self.stopping = None  # the signal that asked us to stop
        self.restarts = collections.deque()

    def _signal(self, signum, _frame):
        if self.stopping is None:
            log("INFO", "stop asked: passing it to the child", signal=signal.Signals(signum).name)
        self.stopping = signum
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)

    def _sleep(self, seconds):
        """Wait before a restart, woken early by a stop."""
        deadline = time.monotonic() + seconds
        while self.stopping is None and time.monotonic() < deadline:
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

    def run(self):
        for signum in FORWARDED:
            signal.signal(signum, self._signal)
        backoff = self.args.backoff
        while True:
            started = time.monotonic()
            self.child = subprocess.Popen(self.args.command)
            if self.stopping is not None:  # asked to stop while it was starting
                self.child.send_signal(self.stopping)
            log("INFO", "started", pid=self.child.pid, command=" ".join(self.args.command[:3]))
            while True:  # wait() is interrupted by our signal handlers: wait again
                try:
                    code = self.child.wait()
                    break
                except InterruptedError:  # pragma: no cover - Python retries wait() itself (PEP 475)
                    continue
            ran = time.monotonic() - started
            if self.stopping is not None:
                log("INFO", "stopped", pid=self.child.pid, code=code)
                return 128 + self.stopping if code < 0 else code
            if code == 0:
                log("INFO", "the child finished", pid=self.child.pid, code=0)
                return 0
            now = time.monotonic()
            self.restarts.append(now)
            while self.restarts and now - self.restarts[0] > self.args.window:
                self.restarts.popleft()
            how = f"signal {signal.Signals(-code).name}" if code < 0 else f"code {code}"
            if len(self.restarts) > self.args.max_restarts:
                log("ERROR", "crash loop: giving up", pid=self.child.pid, exited=how,
                    restarts=len(self.restarts) - 1, window_seconds=self.args.window)  # fmt: skip
                return code if code > 0 else 1
            if ran >= self.args.healthy_after:
                backoff = self.args.backoff
            log("WARNING", "the child exited: restarting", pid=self.child.pid, exited=how,
                ran_seconds=round(ran, 1), restart_in_seconds=backoff)  # fmt: skip
            self._sleep(backoff)
            if self.stopping is not None:
                log("INFO", "stopped before the restart", code=code)
                return 0
            backoff = min(self.args.max_backoff, backoff * 2)


def main(argv=None):
    return Supervisor(parse(sys.argv[1:] if argv is None else argv)).run()


if __name__ == "__main__":
    sys.exit(main())
