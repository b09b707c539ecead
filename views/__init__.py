"""The pages of the dashboard, one home each: a script, or a package whose `page.py` is the script (docs/links.md)."""
