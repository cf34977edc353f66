"""Celery jobs that chase the work: reminders, meeting digests, escalations and chain digests."""
