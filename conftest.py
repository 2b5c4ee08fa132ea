"""Settings shared by the unit tests and `pytest --nbval` (notebook kernels inherit them)."""
import os

# One BLAS thread: on a busy 2-core machine two OpenBLAS threads can make a notebook run
# several times slower, and Binder gives one CPU anyway. Set before numpy is imported here
# and in every kernel nbval starts; a value the user set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
