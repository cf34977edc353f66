"""Requests for support: the aggregate, its commands and the support request board."""
