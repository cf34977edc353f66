"""People and posts: who owns, leads, decides and is reminded, as records rather than text."""
