"""The teaching kit every lesson uses: figures with text alternatives in the lessons' one figure
style (`figures`), live figures redrawn in place by named controls (`widgets`, `controls`,
`range_view`), the ipywidgets 7/8 layer (`compat`), the drawn network and its labels (`drawing`,
`notation`), the one self-check judge (`judge`), and the Jupyter server save hook that stores
live figures as last drawn (`saved_figures`, standard library only).
"""
