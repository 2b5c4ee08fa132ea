"""The lessons' helpers: figures, widgets and the experiments the notebooks run.

The lecture's math lives in the core, `bpcore` itself, which imports neither matplotlib nor
ipywidgets. Everything here stands on it:

- `widgets`: live figures redrawn in place, with sliders that have names;
- `sampling`: the mini-batch estimate of ∇C (notebook 01);
- `lecture_example`: the lecture's 2-3-2 worked example and its printed numbers;
- `exercises`: self-checks for BP1-BP4 written by a student;
- `saturation`: σ′, saturated neurons and the learning slowdown;
- `dashboard`: the MNIST training dashboard and the η × m map.
"""
