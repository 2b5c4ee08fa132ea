"""The lessons' helpers: figures, widgets and the experiments the notebooks run.

The lecture's math lives in the core, `bpcore` itself, which imports neither matplotlib nor
ipywidgets. Everything here stands on it.

Figures and widgets, for every notebook:
- `figures`: `show(fig, alt)`, a figure sharp on HiDPI screens with a text alternative;
- `widgets`: `LivePlot` and `interactive`, live figures redrawn in place by named controls,
  visible before the notebook runs;
- `drawing`: a small network drawn in the lecture's notation.

One module per lesson:
- `sampling`, `cost_surface`, `sgd_figures`: the mini-batch estimate of ∇C, and gradient
  descent and SGD on one neuron's cost surface (notebook 01);
- `matrix_figures`: one column of a mini-batch, in and out (02);
- `derivation`, `backprop_figures`, `stepper`, `exercises`, `speed`: why BP1-BP4 hold, the
  algorithm step by step, self-checks, and backprop timed against finite differences (03, 04);
- `lecture_example`: the lecture's 2-3-2 worked example and its printed numbers (05);
- `saturation`: σ′, saturated neurons and the learning slowdown (06);
- `dashboard`: the MNIST training dashboard and the η × m map (07).
"""
