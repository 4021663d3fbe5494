"""Everything that knows MkDocs: the hooks, the build's state, and what makes builds fast (see hooks.py)."""
