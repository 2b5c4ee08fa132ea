"""Notebook 02, matrices: one column of a mini-batch in and out (`figures`) and the
compute-first checks (`checks`).
"""
