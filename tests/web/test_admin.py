"""Managing accounts in the pages: the list, and changes that are events in the trail."""

from __future__ import annotations

import re

from tests.cast import CastTracker
from tests.web.conftest import csrf_token, make_app, sign_in
from tracker.accounts.sign_in import by_password
from tracker.cli.demo import load_demo


def test_an_admin_lists_accounts_registers_one_and_changes_its_roles(tmp_path):
    tracker = CastTracker(f"sqlite:///{tmp_path / 'tracker.sqlite'}", create_schema=True)
    load_demo(tracker)
    app = make_app(tracker)
    admin = app.test_client()
    sign_in(admin, "admin")
    listed = admin.get("/admin/users").get_data(as_text=True)
    assert re.findall(r"<tr>\s*<td>([a-z.]+)</td>", listed) == [
        "a.patel", "acc.morgan", "admin", "g.hale", "j.owens", "k.hughes", "r.khan", "s.ellis", "v.ward"]  # fmt: skip
    assert "secret" not in listed.lower() and "argon2" not in listed
    form = "/act/register-user"
    response = admin.post(form, data={
        "username": "n.new", "display_name": "New Analyst", "email": "n.new@rocu.example",
        "roles": ["staff"], "clearance": "official", "password": "a long new password",
        "csrf_token": csrf_token(admin, form)})  # fmt: skip
    assert response.status_code == 302
    assert "n.new" in admin.get("/admin/users").get_data(as_text=True)
    change = "/act/change-user-roles?username=n.new"
    assert 'value="n.new"' in admin.get(change).get_data(as_text=True)  # filled from the link
    admin.post(change, data={"username": "n.new", "roles": ["viewer"], "reason": "Moved team.",
                             "csrf_token": csrf_token(admin, change)})  # fmt: skip
    assert by_password(tracker, "n.new", "a long new password").roles == ("viewer",)
    staff = app.test_client()
    sign_in(staff, "r.khan")
    assert staff.get("/admin/users").status_code == 403
    assert staff.get("/act/register-user").status_code == 403
    app.extensions["tracker"].views.close()
    tracker.close()
