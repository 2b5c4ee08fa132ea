"""Notebook 03, the four equations: why BP1-BP4 hold, step by step (`derivation`), the student's
hand computations checked (`checks`), the spotlighted network (`figures`) and the nudged neuron
(`nudge_plot`).
"""
