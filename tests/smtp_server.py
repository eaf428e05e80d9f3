"""A local SMTP server (aiosmtpd) for the reminder tests: ``smtp_server`` yields its inbox (the
messages received, parsed) and the ``TRACKER_SMTP_URL`` that points at it."""

from __future__ import annotations

import email
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}?from=tracker@example.gov.cn"
    finally:
        controller.stop()
