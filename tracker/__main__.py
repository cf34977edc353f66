"""``python -m tracker``: the ``tracker`` command, as ``tracker up`` starts its children."""

from tracker.cli.main import main

main(prog_name="tracker")
