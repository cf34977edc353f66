"""Review reminders: the aggregate, its commands, the policy, the scan and their views."""
