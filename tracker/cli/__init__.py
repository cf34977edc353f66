"""The `tracker` command: every subcommand, and the demo it loads."""
