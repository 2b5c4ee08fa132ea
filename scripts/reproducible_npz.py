"""Writing a .npz whose bytes depend only on the arrays, so its SHA-256 can be checked in."""
import io
import zipfile

import numpy as np

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_npz(path, arrays):
    """Write `arrays` as np.savez_compressed would, with every zip header field pinned
    (date, system, permissions), through a temporary file replaced atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=ZIP_DATE)
            info.create_system = 3  # "Unix", whatever machine builds it
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(path)
