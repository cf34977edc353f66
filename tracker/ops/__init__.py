"""Running in production: settings checks, readiness, logs, the broker and processes."""
