"""Build code of the base de projets: load, validate, render and export case sheets.

The core modules know nothing of MkDocs; `hooks.py` is the thin MkDocs adapter
and `build.py` the standalone writer.
"""
