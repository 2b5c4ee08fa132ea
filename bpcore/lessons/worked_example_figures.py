"""The worked example's network drawn with its numbers, and its text alternative."""
from .drawing import draw, legend_text


def network_figure(net):
    """The 2-3-2 network with every weight w^l_jk and bias b^l_j written on it.
    Returns (Figure, alt text); the alt names the largest weight from the same numbers."""
    fig = draw(net, show=("w", "b"), figsize=(6.4, 4.0), title="The 2-3-2 network of the worked example")
    l, j, k = max(((l, j, k) for l in range(2, net.L + 1) for j in range(net.sizes[l - 1])
                   for k in range(net.sizes[l - 2])), key=lambda i: abs(net.w(i[0])[i[1], i[2]]))
    alt = (f"The {'-'.join(map(str, net.sizes))} network: inputs on the left, outputs on the right; every line is "
           f"labelled with its weight w^l_jk, every neuron of layers 2 to {net.L} with its bias b. "
           f"{legend_text()}; the largest weight is w^{l}_{j + 1}{k + 1} = {net.w(l)[j, k]:.2f}.")
    return fig, alt
