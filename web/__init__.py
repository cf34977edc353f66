"""The web application: pages for people, a JSON API for systems, sign-in, roles and clearance."""
