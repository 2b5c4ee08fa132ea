"""The lessons' helpers: figures, widgets, self-checks and the experiments the notebooks run.

The lecture's math lives in the core, `bpcore` itself, which needs numpy alone
(`pip install bpcore[lessons]` adds what this layer needs). Everything here stands on the
core's public API. Each module has one job; a lesson's math is kept apart from its figures
and widgets.

For every notebook:
- `figures`: `show(fig, alt)`, a figure sharp on HiDPI screens with a text alternative;
- `widgets`: `LivePlot` and `interactive`, live figures redrawn in place by named controls,
  visible before the notebook runs;
- `controls`: sliders on a native range input, named and announced as they are shown;
- `drawing`: a small network drawn in the lecture's notation;
- `checking`: how every self-check reads an answer and names the slip (`Verdict`).

Notebook by notebook:
- 01: `sampling`, `cost_surface`: the mini-batch estimate of ∇C; one neuron's cost surface,
  its Hessian and the stable-η limit 2/λ_max; `sgd_checks`: the self-checks;
  `sgd_experiments`: the MNIST timings and runs; `sgd_figures`, `surface_figures`,
  `sgd_widgets`: the static figures, the cost-surface drawings and the live figures;
- 02: `matrix_figures`: one column of a mini-batch, in and out; `number_checks` (with 06):
  the compute-first checks;
- 03: `derivation`, `derivation_checks`, `equations_figures`, `backprop_figures`: why BP1-BP4
  hold, the student's hand computations checked, the nudged neuron; `neuron_error`: δ^l_j
  measured by central differences; `steps`, `step_text`, `stepper`: the algorithm step by
  step (its numbers, their text, the view; also 05);
- 04: `algorithm_checks`, `equation_checks`, `algorithm_figures`, `speed`: the insights,
  writing BP1-BP4 yourself, backprop timed against central differences;
- 05: `lecture_example`: the lecture's 2-3-2 worked example as data (also 03);
  `slide_numbers`, `worked_example_checks`, `worked_example_figures`: every printed number
  against bpcore's, the student's own computation checked, the network drawn; `eta_study`,
  `eta_figures`: repeated gradient-descent steps named by the curvature 2/λ_max, their figure
  and slider;
- 06: `saturation`, `weight_scale`, `saturation_figures`, `saturation_widgets`: what
  "saturated" means (one threshold, |z| > ln 99), σ′, the initial weights' scale and the
  gradient per layer;
- 07: `training_run`, `run_figures`, `hidden_weights`, `dashboard`, `eta_m_grid`: one MNIST
  training run (the stall rule, the clocks of epochs and updates), its figures, what the hidden
  neurons learned, the live dashboard, and the η × m map;
- 08: `summary_facts`: every fact on the summary page checked.
"""
