"""Notebook 07, the training dashboard: one MNIST training run (`training_run`), its figures
(`run_figures`), what the hidden neurons learned (`hidden_weights`), the live dashboard
(`dashboard`) and the η × m map (`eta_m_grid`).
"""
