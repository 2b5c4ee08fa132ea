"""The lecture's own objects that several notebooks use: the 2-3-2 worked example and its
Neuron Error nudge (`example`), the one definition of "saturated" (`saturation`), every number
the slides print checked (`slide_numbers`), and the algorithm step by step (`steps`, `step_text`,
`stepper`).
"""
