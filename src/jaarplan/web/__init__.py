"""The werkomgeving: ``jaarplan serve``, the plan in the browser for the team, over the library API.

Nothing is imported here, so the CLI can read the users file (``web.users``) without loading Flask.
"""
