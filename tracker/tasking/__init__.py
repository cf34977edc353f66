"""NCA taskings under s.5(1)(a) Crime and Courts Act 2013: the aggregate, commands, board."""
