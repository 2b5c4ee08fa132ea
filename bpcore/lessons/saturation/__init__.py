"""Notebook 06, saturation: σ′ and the slowdown measured (`experiments`), the initial weights'
scale (`weight_scale`), the figures (`figures`), the live figures (`widgets`) and the self-checks
(`checks`). What "saturated" means is defined once, in `bpcore.lessons.lecture.saturation`.
"""
