"""Error answers in our own words: a page for people, ``{"error": ...}`` under /api/."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, make_response, render_template, request

MESSAGES = {
    400: "The request could not be understood.",
    401: "A valid bearer token is required.",
    405: "That method is not allowed here.",
    403: "You do not have permission to open this page.",
    404: "There is no such page, or no such item you may see.",
    413: "What was sent is too large: at most 1 MB of form or JSON input is accepted.",
    429: "Too many attempts: please wait a minute and try again.",
}


def _own_words(error: Exception, status: int) -> str:
    """Our own 400s say what was wrong with the input, our own 403s which rule refused;
    other errors keep the page's message."""
    said = str(getattr(error, "description", "") or "")
    if status == 400:
        return said
    if status == 403 and said != getattr(type(error), "description", said):
        return said
    return ""


def install_error_pages(app: Flask) -> None:
    for status, message in MESSAGES.items():

        def page(error: Exception, status: int = status, message: str = message) -> Any:
            said = _own_words(error, status)
            if request.path.startswith("/api/"):
                response = jsonify(error=said or message)
            else:
                shown = render_template("error.html", status=status, message=said or message)
                response = make_response(shown)
            # A 405 says which methods the address takes (RFC 9110, 15.5.6).
            allowed = getattr(error, "valid_methods", None)
            if status == 405 and allowed:
                response.headers["Allow"] = ", ".join(sorted(allowed))
            return response, status

        app.register_error_handler(status, page)
