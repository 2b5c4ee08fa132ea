"""The lessons' helpers: one package per notebook, a kit they share, and the lecture's own objects.

The lecture's math lives in the core, `bpcore` itself, which needs numpy alone
(`pip install bpcore[lessons]` adds what this layer needs). Everything here stands on the
core's public API, and the core imports nothing from here. A notebook imports from its own
package, from `kit` and from `lecture`; no lesson package imports another.

- `kit`: what every lesson uses: figures with text alternatives, live figures and their
  accessible controls, the ipywidgets 7/8 layer, the drawn network, the one self-check judge,
  the Jupyter server's save hook;
- `lecture`: the lecture's own objects several notebooks use: the 2-3-2 worked example and its
  Neuron Error nudge, the one definition of "saturated", the curvature of a cost and 2/λ_max,
  the slides' printed numbers checked, the algorithm step by step;
- `stochastic_gradient_descent` (01), `matrices` (02), `backprop_equations` (03),
  `backprop_algorithm` (04), `worked_example` (05), `saturation` (06), `training_dashboard` (07),
  `summary` (08): each lesson's math, figures, widgets and checks. Notebook 09 uses `lecture`.
"""
