"""The shared kernel: aggregate and command bases, errors, input checks, numbering, the clock."""
