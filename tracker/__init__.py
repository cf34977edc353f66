"""The domain: items and their lifecycles, the commands users give, and what was recorded.

One folder an area (``tasking``, ``support``, ``decisions``, ``learning``, ``accounts``,
``reminders``, ``oversight``) over a small shared ``kernel``; ``views`` is the read-side
machinery, ``cli`` the ``tracker`` command, ``ops`` what production needs. ``application``
holds the ``Tracker`` service; ``acting`` says who may do what and which handler does it.
"""
