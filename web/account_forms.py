"""The forms of one's own account: a new password, a new API token, a token to revoke."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class PasswordForm(FlaskForm):  # type: ignore[misc]
    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField(
        "New password (at least 12 characters)", validators=[DataRequired(), Length(max=1024)]
    )
    again = PasswordField(
        "New password again", validators=[EqualTo("new", message="The two do not match.")]
    )


class TokenForm(FlaskForm):  # type: ignore[misc]
    label = StringField("What the token is for", validators=[DataRequired(), Length(max=100)])


class RevokeForm(FlaskForm):  # type: ignore[misc]
    token_id = HiddenField(validators=[DataRequired()])
