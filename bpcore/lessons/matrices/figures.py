"""The live figure of notebook 02: one column of a mini-batch, its input image and its outputs."""
import numpy as np

from bpcore.lessons.kit.controls import IntSlider
from bpcore.lessons.kit.widgets import LivePlot, interactive


class ColumnView:
    """Column x of a batch: left its input a^{x,1} as a 28 × 28 image, right its output
    activations a^{x,L} as bars. The largest bar, the network's answer, is told apart by a
    hatch and a label above it as well as by its colour."""

    def __init__(self, inputs, outputs, labels):
        self.inputs, self.outputs, self.labels = inputs, outputs, labels
        self.live = LivePlot(1, 2, figsize=(8, 3.4))
        left, right = self.live.axes
        self.image = left.imshow(inputs[:, 0].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        left.set_xticks([])
        left.set_yticks([])
        self.title = left.set_title(" ", fontsize=11)
        # hatches take the bars' black edge colour (matplotlib 3.11's default; 3.10's hatch.color)
        self.bars = right.bar(range(10), outputs[:, 0], color="C0", edgecolor="black", linewidth=0.6)
        self.answer = right.text(0, 0, "answer", ha="center", va="bottom", fontsize=10)
        right.set(xticks=range(10), ylim=(0, 1.12), xlabel="output neuron $j$ (digit)",
                  ylabel="activation $a^L_j$")
        right.set_title("output activations $a^L$ (hatched: largest)", fontsize=11)
        self.live.moving(self.image, self.title, *self.bars, self.answer)

    def update(self, column):
        """Show column `column`; returns its output activations a^{x,L}."""
        a = self.outputs[:, column]
        best = int(np.argmax(a))
        self.image.set_data(self.inputs[:, column].reshape(28, 28))
        self.title.set_text(f"input $a^1$: column {column}, label {self.labels[column]}")
        for j, bar in enumerate(self.bars):
            bar.set_height(a[j])
            bar.set_facecolor("C1" if j == best else "C0")
            bar.set_hatch("//" if j == best else "")
        self.answer.set_position((best, a[best] + 0.02))
        self.live.describe(
            f"Column {column} of the batch: an image of a {self.labels[column]} (left) and the ten output "
            f"activations (right). The largest, the network's answer, is neuron {best} with {a[best]:.2f}; "
            f"the next largest is {np.sort(a)[-2]:.2f}.")
        self.live.redraw()
        return a

    def widget(self, column=0):
        slider = IntSlider(value=column, min=0, max=self.outputs.shape[1] - 1, description="column",
                           tooltip="column x of the mini-batch: which test image to show")
        return interactive(self.live, self.update, column=slider)
