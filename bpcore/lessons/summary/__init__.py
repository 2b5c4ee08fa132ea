"""Notebook 08, the summary: every fact on the page checked (`facts`)."""
