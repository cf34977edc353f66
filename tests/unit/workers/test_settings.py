"""The workers' settings: nothing set works, and a bad setting is refused by name."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Directory
from tracker.support import lifecycle as sr
from workers.celery_app import make_celery
from workers.settings import SettingRefused, worker_settings


def test_nothing_set_means_the_embedded_broker_beside_the_store(tmp_path):
    settings = worker_settings({"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite"})
    assert settings.embedded
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path}/broker.sqlite"
    assert (settings.smtp.host, settings.smtp.port, settings.smtp.security) == (
        "localhost", 25, "none",
    )  # fmt: skip
    assert settings.policy == ReminderPolicy()
    assert settings.recipients == Directory()


def test_redis_in_production_with_late_acks_json_and_a_long_visibility_timeout():
    settings = worker_settings({"TRACKER_BROKER_URL": "redis://127.0.0.1:6379/0",
                                "TRACKER_SMTP_SECURITY": "starttls"})  # fmt: skip
    conf = make_celery(settings, {}).conf
    assert not settings.embedded and settings.smtp.port == 587
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    timeout = conf.broker_transport_options["visibility_timeout"]
    assert timeout > max(settings.lease, settings.retry_max).total_seconds()
    assert conf.beat_schedule["scan reminders"]["task"] == "workers.jobs.scan_reminders"


@pytest.mark.parametrize(
    ("environ", "complaint"),
    [
        ({"TRACKER_SMTP_SECURITY": "ssl"}, "TRACKER_SMTP_SECURITY: 'ssl' is not one of"),
        ({"TRACKER_SMTP_PORT": "twenty-five"}, "TRACKER_SMTP_PORT: 'twenty-five' is not a number"),
        ({"TRACKER_SMTP_USERNAME": "tracker"}, "TRACKER_SMTP_PASSWORD is not"),
        ({"TRACKER_SCAN_SECONDS": "0"}, "TRACKER_SCAN_SECONDS: must be more than 0"),
        ({"TRACKER_REMINDER_SEND_AT": "9am"}, "TRACKER_REMINDER_SEND_AT: '9am' is not a time"),
        ({"TRACKER_REMINDER_DUE_SOON_DAYS": "-1"}, "is not a whole number"),
        ({"TRACKER_WEEKLY_MEETING": "tuesdays"}, "should read like 'tuesday 10:00'"),
        ({"TRACKER_RTTCG_MEETING": "fifth thursday 10:00"}, "should read like"),
        ({"TRACKER_RECIPIENTS_FILE": "/nonexistent/r.json"}, "cannot read /nonexistent/r.json"),
    ],
)
def test_a_bad_setting_is_refused_by_name(environ, complaint):
    with pytest.raises(SettingRefused) as refused:
        worker_settings(environ)
    assert complaint in str(refused.value)


def test_a_visibility_timeout_shorter_than_a_countdown_is_refused():
    settings = worker_settings({"TRACKER_BROKER_URL": "redis://127.0.0.1:6379/0"})
    with pytest.raises(SettingRefused, match="must be longer than the longest countdown"):
        make_celery(settings, {"TRACKER_BROKER_VISIBILITY_SECONDS": "60"})


def test_meetings_and_hours_are_set_in_london_time():
    policy = ReminderPolicy.from_environment({
        "TRACKER_WEEKLY_MEETING": "Wednesday 14:30", "TRACKER_RTTCG_MEETING": "last Friday 9:00",
        "TRACKER_REMINDER_SEND_AT": "08:15", "TRACKER_REMINDER_ESCALATE_DAYS": "14",
    })  # fmt: skip
    weekly, rttcg, monitoring = policy.meetings  # the last as its standard terms have it
    assert (weekly.forum, weekly.weekday, weekly.at, weekly.nth) == (
        sr.WEEKLY_MEETING, 2, time(14, 30), None,
    )  # fmt: skip
    assert (rttcg.forum, rttcg.weekday, rttcg.nth) == (sr.RTTCG, 4, "last")
    assert (monitoring.weekday, monitoring.at, monitoring.nth) == (0, time(14, 0), None)
    assert policy.send_at == time(8, 15) and policy.thresholds.escalate_after_days == 14
    assert policy.horizon == timedelta(days=1)


def test_the_recipients_file_is_checked_entry_by_entry(tmp_path):
    path = tmp_path / "r.json"
    for text, complaint in [
        ("{", "is not JSON"),
        ("[]", "must hold one JSON object"),
        ('{"people": {}}', "unknown entries: people"),
        ('{"addresses": {"ana": 1}}', "addresses must map names to text"),
        ('{"governance": "ana"}', "governance must be a list of names"),
    ]:
        path.write_text(text)
        with pytest.raises(SettingRefused, match=complaint):
            worker_settings({"TRACKER_RECIPIENTS_FILE": str(path)})


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_tracker_worker_and_beat_refuse_a_bad_setting_in_one_line(command):
    from click.testing import CliRunner

    from tracker.cli.main import main

    result = CliRunner().invoke(main, [command], env={"TRACKER_SMTP_SECURITY": "ssl"})
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: TRACKER_SMTP_SECURITY: 'ssl' is not one of ('none', 'starttls', 'tls')"
    )
