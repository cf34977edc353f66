"""User accounts: the aggregate, its commands, passwords, sign-in and the directory view."""
