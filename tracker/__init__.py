"""The domain: items and their lifecycles, the commands users give, and what was recorded."""

# Importing each area's commands registers their handlers with the application.
from tracker import (  # noqa: F401
    account_commands,
    decision_commands,
    item_commands,
    learning_commands,
    reminder_commands,
    support_request_commands,
    tasking_commands,
)
