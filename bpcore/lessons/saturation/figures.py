"""The static figures of notebook 06. Each function returns (figure, text alternative), the
text computed from the same numbers as the figure: show it with `figures.show(*...)`.
"""
import numpy as np

from bpcore.activations import sigmoid_prime
from bpcore.lessons.kit.figures import MIN_TEXT, new_figure

__all__ = ["sigma_prime_decay_figure", "scale_costs_figure", "single_neuron_figure", "layer_gradient_figure"]

def sigma_prime_decay_figure():
    """σ′(z) and e^{−|z|} on a log scale for −10 ≤ z ≤ 10: the exponential decay as two lines."""
    fig, ax = new_figure((7.2, 3.8))
    z = np.linspace(-10, 10, 401)
    ax.semilogy(z, sigmoid_prime(z), linewidth=2, label=r"$\sigma'(z)$ (solid)")
    ax.semilogy(z, np.exp(-np.abs(z)), "--", label=r"$e^{-|z|}$ (dashed)")
    ax.axhline(0.25, color="gray", linestyle=":", label=r"$1/4$ (dotted)")
    ax.set(xlabel="weighted input $z$", ylabel="value (log scale)")
    ax.set_title(r"$\sigma'(z)$ vanishes exponentially fast", fontsize=11)
    ax.legend(fontsize=MIN_TEXT)
    far = np.abs(z) >= 3
    gap = np.max(np.abs(np.log(sigmoid_prime(z[far]) / np.exp(-np.abs(z[far])))))
    alt = ("σ′(z) (solid) and e^(−|z|) (dashed) on a log scale for z from −10 to 10: σ′ peaks at 1/4 at "
           f"z = 0 and falls along two straight lines; for |z| ≥ 3 the two curves differ by less than "
           f"{np.expm1(gap):.0%}")
    return fig, alt


def scale_costs_figure(results, standard):
    """The cost per epoch (log scale) of the weight-scale study's runs: `results` maps s to a
    ScaleResult, `standard` is the N(0, 1) run."""
    fig, ax = new_figure((7.2, 4.0))
    styles = ["o-", "s--", "^-.", "D:"]
    for (s, r), style in zip(results.items(), styles):
        ax.semilogy(r.costs, style, label=f"s = {s:g}: {r.hidden_saturated:.0%} of hidden saturated")
    ax.semilogy(standard.costs, "kx-", label=f"N(0, 1) in both layers: {standard.output_saturated:.0%} of output too")
    epochs = len(standard.costs) - 1
    ax.set(xlabel="epoch", ylabel="quadratic cost $C$ (log scale)", xticks=range(epochs + 1))
    ax.set_title("larger hidden weights, slower start", fontsize=11)
    ax.legend(fontsize=MIN_TEXT)
    ends = ", ".join(f"{r.costs[-1]:.3f} (s = {s:g})" for s, r in results.items())
    alt = (f"Quadratic cost per epoch (log scale) for hidden weight scales s = "
           f"{', '.join(f'{s:g}' for s in results)} and for N(0, 1) weights in both layers. After {epochs} "
           f"epochs: {ends} and {standard.costs[-1]:.3f} (N(0, 1) in both layers)")
    return fig, alt


def single_neuron_figure(costs, outputs):
    """One saturated neuron trained with each cost: left C / C(start), right the output a."""
    fig, (ax_c, ax_a) = new_figure((11, 3.8), 2)
    for cost, style in zip(costs, ["-", "--"]):
        label = f"{cost} ({'solid' if style == '-' else 'dashed'})"
        ax_c.plot(costs[cost] / costs[cost][0], style, linewidth=2, label=label)
        ax_a.plot(outputs[cost], style, linewidth=2, label=label)
    ax_c.set(xlabel="epoch", ylabel="$C$ / (its value at the start)")
    ax_c.set_title("cost of one saturated neuron ($w = b = 2$, $x = 1$, $y = 0$)", fontsize=11)
    ax_a.set(xlabel="epoch", ylabel="output $a = \\sigma(wx + b)$")
    ax_a.set_title("the neuron's output (target $y = 0$)", fontsize=11)
    ax_c.legend(fontsize=MIN_TEXT)
    ax_a.legend(fontsize=MIN_TEXT)
    quadratic, cross = outputs["quadratic"], outputs["cross-entropy"]
    alt = (f"One saturated neuron trained for {len(quadratic) - 1} epochs with the quadratic cost (solid) and "
           "the cross-entropy (dashed). Left: each cost divided by its start; right: the output a. The "
           f"quadratic neuron's output goes from {quadratic[0]:.3f} to only {quadratic[100]:.3f} in 100 epochs, "
           f"the cross-entropy neuron's falls at once ({cross[50]:.2f} after 50)")
    return fig, alt


def layer_gradient_figure(sizes, rms):
    """The root mean square of ∂C/∂b^l_j per layer (log scale), one thin line per seed (a row
    of `rms`) and their mean."""
    layers = np.arange(2, len(sizes) + 1)
    fig, ax = new_figure((7.2, 4.0))
    for seed, row in enumerate(rms):
        ax.semilogy(layers, row, color="gray", alpha=0.6, linewidth=1, label="one seed (thin)" if seed == 0 else None)
    mean = rms.mean(axis=0)
    ax.semilogy(layers, mean, "o-", linewidth=2, label=f"mean over {len(rms)} seeds (thick, dots)")
    ax.set_xticks(layers, [f"l = {l}" + (" (output)" if l == len(sizes) else "") for l in layers])
    ax.set(xlabel="layer $l$", ylabel=r"rms of $\partial C / \partial b^l_j$ (log scale)")
    ax.set_title(f"{list(sizes)} at initialisation: the gradient shrinks backwards", fontsize=11)
    ax.legend(fontsize=MIN_TEXT)
    rises = all(np.all(np.diff(row) > 0) for row in rms)
    alt = (f"The root mean square of one bias's gradient ∂C/∂b^l_j for layers l = 2 to {len(sizes)} of a "
           f"{list(sizes)} network at initialisation, log scale, {len(rms)} seeds and their mean: "
           f"{'every line rises' if rises else 'the mean rises'} from layer 2 to the output layer; the mean "
           f"goes from {mean[0]:.2g} to {mean[-1]:.2g}")
    return fig, alt
