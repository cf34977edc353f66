"""Mail on a laptop: each message a whole ``.eml`` file in a folder, named by its reminder."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from workers.mail import MailFailed, SmtpMailer
from workers.message_lines import Line
from workers.messages import compose
from workers.outbox import OutboxMailer, file_name, mailer_for
from workers.settings import worker_settings

KEY = "SR-2/overdue/2026-12-01T09:00Z/Head of Intelligence"


def reminder(key: str = KEY, to: str = "s.ellis@rocu.example") -> EmailMessage:
    return compose(
        key=key, kind="overdue", item="SR-2", recipient="Head of Intelligence", address=to,
        sender="tracker@rocu.example", base_url="http://127.0.0.1:8000",
        lines=[Line("SR-2 was due and is now overdue.", "/items/SR-2")],
        now=datetime(2026, 12, 2, 9, tzinfo=UTC),
    )  # fmt: skip


def test_a_message_becomes_one_eml_file_that_reads_back_as_the_same_message(tmp_path):
    outbox = tmp_path / "outbox"  # made when the first message arrives
    OutboxMailer(outbox).send(reminder())

    (written,) = outbox.iterdir()
    assert written.name.startswith("SR-2_overdue_2026-12-01T09_00Z_Head_of_Intelligence.")
    assert written.suffix == ".eml"
    read = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert read["X-Tracker-Reminder"] == KEY
    assert read["To"] == "s.ellis@rocu.example"
    assert "http://127.0.0.1:8000/items/SR-2" in read.get_body(("plain",)).get_content()
    assert b"\r\n" in written.read_bytes()  # as it would go over SMTP


def test_the_same_reminder_sent_again_replaces_its_file_and_others_get_their_own(tmp_path):
    outbox = OutboxMailer(tmp_path)
    outbox.send(reminder())
    outbox.send(reminder())
    outbox.send(reminder(KEY.replace("overdue", "escalation")))
    outbox.send(reminder(KEY.replace(" ", "_")))  # named the same once made safe

    assert len(list(tmp_path.glob("*.eml"))) == 3
    assert not [p for p in tmp_path.iterdir() if p.suffix != ".eml"]  # no temporary left


def test_a_file_name_is_safe_whatever_the_key_says():
    names = [file_name(reminder(key)) for key in ("../../etc/passwd", "a/b\\c:d*e?f", "x" * 500)]
    for name in names:
        assert "/" not in name and "\\" not in name and ":" not in name
        assert not name.startswith(".") and name.endswith(".eml") and len(name) < 160


def test_a_message_without_a_reminder_key_is_named_by_its_message_id(tmp_path):
    message = reminder()
    del message["X-Tracker-Reminder"]
    assert file_name(message).startswith("reminder-")


def test_a_folder_that_cannot_be_written_is_a_failure_worth_trying_again(tmp_path):
    not_a_folder = tmp_path / "outbox"
    not_a_folder.write_text("a file where the folder should be")
    with pytest.raises(MailFailed) as failed:
        OutboxMailer(not_a_folder).send(reminder())
    assert not failed.value.permanent
    assert str(not_a_folder) in str(failed.value)


def test_the_mail_folder_setting_chooses_the_outbox_and_nothing_set_chooses_smtp(tmp_path):
    store = {"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite"}
    folder = worker_settings({**store, "TRACKER_MAIL_FOLDER": f"{tmp_path}/outbox"})
    assert isinstance(mailer_for(worker_settings(store)), SmtpMailer)
    assert worker_settings(store).mail_folder is None
    chosen = mailer_for(folder)
    assert isinstance(chosen, OutboxMailer) and chosen.folder == tmp_path / "outbox"
