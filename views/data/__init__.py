"""The Data page: `page.py` is its script; the upload card and the sections after it live beside it."""
