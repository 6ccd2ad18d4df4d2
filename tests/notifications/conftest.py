"""A real SMTP server (aiosmtpd, in this process, on a free port) and the mock SMS gateway as its own
process (``manage.py run_mock_sms``), both spoken to over the network like the real ones."""

import email
import email.policy

import pytest
import requests
from aiosmtpd.controller import Controller

from tests.processes import free_port, serving


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(
            {"to": envelope.rcpt_tos, "subject": str(message["subject"]), "body": message.get_content()}
        )
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = False
    yield server
    server.stop()


class SmsGateway:
    def __init__(self, port):
        self.url = f"http://127.0.0.1:{port}/mock-sms/"

    def messages(self):
        return requests.get(self.url + "api/messages", timeout=10).json()["messages"]

    def fault(self, mode, delay=0):
        requests.post(
            self.url + "api/faults", json={"mode": mode, "delay": delay}, timeout=10
        ).raise_for_status()


@pytest.fixture(scope="session")
def _sms_process():
    with serving("run_mock_sms", env={"MOCK_SMS_MOUNTED": "true", "SMS_GATEWAY_TOKEN": ""}) as port:
        yield SmsGateway(port)


@pytest.fixture
def sms(_sms_process, settings):
    settings.SMS_GATEWAY_URL = _sms_process.url
    settings.SMS_GATEWAY_TOKEN = ""
    settings.SMS_GATEWAY_TIMEOUT = 5
    requests.delete(_sms_process.url + "api/messages", timeout=10)
    _sms_process.fault("")
    return _sms_process
