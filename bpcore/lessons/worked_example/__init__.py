"""Notebook 05, the worked example: the student's own computation checked (`checks`), repeated
gradient-descent steps named by the curvature 2/λ_max (`eta_study`), and the figures
(`figures`).
"""
