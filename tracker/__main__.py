"""``python -m tracker``: the ``tracker`` command, as ``tracker up`` starts its children."""

from tracker.cli import main

main(prog_name="tracker")
