"""Mail over TLS to a real SMTP server: STARTTLS and implicit TLS, certificates checked.

aiosmtpd on loopback presents a certificate from a private CA made for the test (trustme);
the mailer trusts it only when ``TRACKER_SMTP_CA_FILE`` names that CA.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.integration.workers.conftest import free_port
from workers.mail import MailFailed, SmtpMailer
from workers.settings import SettingRefused, smtp_settings

USER, PASSWORD = "tracker", "a mail relay passphrase"


class Inbox:
    """Keeps what the server accepted, and who logged in to send it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    good = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=good, handled=False)  # not handled: the server answers 535


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def serve(inbox: Inbox, **options: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(ca: trustme.CA) -> Iterator[tuple[Inbox, int]]:
    """Plain on connect; STARTTLS required before login or mail, login required to send."""
    inbox = Inbox()
    for port in serve(inbox, tls_context=server_context(ca), require_starttls=True,
                      authenticator=authenticate, auth_required=True):  # fmt: skip
        yield inbox, port


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[tuple[Inbox, int]]:
    """TLS from the first byte (port 465 style)."""
    inbox = Inbox()
    for port in serve(inbox, ssl_context=server_context(ca)):
        yield inbox, port


def mailer(port: int, security: str, **more: str) -> SmtpMailer:
    environ = {"TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(port),
               "TRACKER_SMTP_SECURITY": security, "TRACKER_MAIL_FROM": "tracker@rocu.example.org",
               **more}  # fmt: skip
    return SmtpMailer(smtp_settings(environ))


def message() -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "tracker@rocu.example.org", "ana@example.org", "x"
    mail.set_content("Due soon: LA-1")
    return mail


def test_starttls_with_login_delivers_when_the_servers_ca_is_trusted(starttls_server, ca_file):
    inbox, port = starttls_server
    mailer(port, "starttls", TRACKER_SMTP_CA_FILE=ca_file, TRACKER_SMTP_USERNAME=USER,
           TRACKER_SMTP_PASSWORD=PASSWORD).send(message())  # fmt: skip
    assert inbox.received == [("tracker@rocu.example.org", ["ana@example.org"])]


def test_implicit_tls_delivers_when_the_servers_ca_is_trusted(tls_server, ca_file):
    inbox, port = tls_server
    mailer(port, "tls", TRACKER_SMTP_CA_FILE=ca_file).send(message())
    assert len(inbox.received) == 1


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_certificate_from_an_untrusted_ca_is_refused_and_nothing_is_sent(
    security, starttls_server, tls_server
):
    inbox, port = starttls_server if security == "starttls" else tls_server
    with pytest.raises(MailFailed, match="CERTIFICATE_VERIFY_FAILED") as refused:
        mailer(port, security, TRACKER_SMTP_USERNAME=USER,
               TRACKER_SMTP_PASSWORD=PASSWORD).send(message())  # fmt: skip
    assert not refused.value.permanent  # retried: a fixed setting lets it through later
    assert inbox.received == []


def test_a_certificate_for_another_host_is_refused(ca, ca_file):
    inbox = Inbox()
    elsewhere = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("mail.elsewhere.example").configure_cert(elsewhere)
    for port in serve(inbox, ssl_context=elsewhere):
        with pytest.raises(MailFailed, match=r"127\.0\.0\.1"):
            mailer(port, "tls", TRACKER_SMTP_CA_FILE=ca_file).send(message())
    assert inbox.received == []


def test_a_wrong_password_is_a_permanent_failure(starttls_server, ca_file):
    inbox, port = starttls_server
    with pytest.raises(MailFailed, match="login refused") as refused:
        mailer(port, "starttls", TRACKER_SMTP_CA_FILE=ca_file, TRACKER_SMTP_USERNAME=USER,
               TRACKER_SMTP_PASSWORD="not it").send(message())  # fmt: skip
    assert refused.value.permanent
    assert inbox.received == []


def test_a_ca_file_that_is_not_there_is_refused_by_name(tmp_path):
    with pytest.raises(SettingRefused, match="TRACKER_SMTP_CA_FILE"):
        mailer(25, "tls", TRACKER_SMTP_CA_FILE=str(tmp_path / "missing.pem"))
