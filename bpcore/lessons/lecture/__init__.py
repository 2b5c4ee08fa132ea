"""The lecture's own objects that several notebooks use: the 2-3-2 worked example and its
Neuron Error nudge (`example`), the one definition of "saturated" (`saturation`), the curvature
of a cost near a minimum and the largest stable η, 2/λ_max, of notebooks 01 and 05
(`curvature`), every number the slides print checked (`slide_numbers`), and the algorithm step by
step (`steps`, `step_text`, `stepper`).
"""
