"""gunicorn's settings for the portal (issue 16): ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Threads (gthread) rather than many processes: a request mostly waits on PostgreSQL, and each process holds
one connection pool (``DB_POOL_MAX_SIZE``, default = threads). Defaults suit 2 cores; every value comes
from the environment.
"""

import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 2)  # processes: one per core
threads = _int("GUNICORN_THREADS", 4)  # per process
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 30)  # a request longer than this is killed (and logged)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)  # seconds to finish requests on SIGTERM
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)  # recycle a process now and then
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "-": stdout; empty: off
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "portal-web"


# With several processes, prometheus-client keeps each process's samples in PROMETHEUS_MULTIPROC_DIR. A file left
# by an earlier run would be summed into this run's figures: empty the directory when the server starts, and
# tell the library when a worker process ends (its live gauges then stop counting).
def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
