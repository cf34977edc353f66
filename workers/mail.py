"""Sending mail over SMTP, with failures sorted into worth retrying and not.

A connection refused, a timeout or a 4xx reply is transient: the server may take the
message later. A 5xx reply (no such mailbox, message refused) is permanent: sending it
again would get the same answer.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from workers.settings import SmtpSettings


class MailFailed(Exception):
    """The message was not accepted; ``permanent`` says whether trying again could help."""

    def __init__(self, reason: str, *, permanent: bool):
        super().__init__(reason)
        self.permanent = permanent


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hands ``message`` to the mail system, or raises ``MailFailed``."""


def _is_permanent(error: smtplib.SMTPException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


class SmtpMailer:
    """Sends each message over its own SMTP connection, as the settings say."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as smtp:
                if self.settings.username:
                    smtp.login(self.settings.username, self.settings.password)
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as error:
            raise MailFailed(f"SMTP login refused: {error}", permanent=True) from None
        except smtplib.SMTPException as error:
            raise MailFailed(f"SMTP: {error}", permanent=_is_permanent(error)) from None
        except OSError as error:  # refused, reset, timed out, unreachable
            raise MailFailed(f"SMTP server unreachable: {error}", permanent=False) from None

    def _tls(self) -> ssl.SSLContext:
        """Certificates and host names checked, against the system's CAs and any configured."""
        context = ssl.create_default_context()
        if self.settings.ca_file:
            context.load_verify_locations(cafile=self.settings.ca_file)
        return context

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._tls())
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            try:
                smtp.starttls(context=self._tls())
            except BaseException:
                smtp.close()  # the connection is ours until it is handed back
                raise
        return smtp
