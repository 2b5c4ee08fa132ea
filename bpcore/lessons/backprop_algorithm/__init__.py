"""Notebook 04, the algorithm: the insights' self-checks (`checks`), BP1-BP4 written by the
student and checked (`equation_checks`), the figures (`figures`) and backprop timed against
central differences (`speed`).
"""
