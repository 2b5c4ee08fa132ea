"""Notebook 01, stochastic gradient descent: the mini-batch estimate of ∇C (`sampling`), one
neuron's cost surface and its curvature (`cost_surface`), the MNIST timings and runs
(`experiments`), the figures (`figures`, `surface_figures`), the live figures (`widgets`) and the
self-checks (`checks`).
"""
