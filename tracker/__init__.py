"""The domain: items and their lifecycles, the commands users give, and what was recorded."""

from tracker import item_commands, tasking_commands  # noqa: F401  (register handlers)
