"""Helpers for the notebooks' own cells: demos that wait for unfinished stubs, and the submission step."""

import contextlib
import glob
import inspect
import json
import os
import sys


@contextlib.contextmanager
def unfinished_ok():
    """Run a demo cell, but if it calls a function that is still a stub, say so instead of failing.

    Lets the untouched notebook run top to bottom; once the stubs are filled in, the demo runs as usual.
    """
    try:
        yield
    except NotImplementedError as exc:
        print(f"(skipped: {exc or 'a function above is not implemented yet'}; fill it in and rerun this cell)")


def on_colab():
    """True inside Google Colab, whose kernel always has google.colab imported."""
    return "google.colab" in sys.modules


def _notebook_path(expected_name):
    """The notebook file this kernel runs, even if the student renamed it ("Copy of ...")."""
    session = os.environ.get("JPY_SESSION_NAME", "")  # set by Jupyter Server >= 2 to the notebook's path
    if session.endswith(".ipynb") and os.path.isfile(session):
        return session
    if os.path.isfile(expected_name):
        return expected_name
    found = glob.glob("*.ipynb")
    return found[0] if len(found) == 1 else None


def _code_cells(path):
    """The sources of the saved notebook's code cells (a clear error if the file cannot be read)."""
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    return ["".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def _squash(text):
    return "".join(text.split())


def unsaved_functions(path, namespace):
    """Functions defined in this session whose current code is not in the saved notebook file.

    A non-empty answer means the file on disk is older than what was run: submitting it would lose work.
    """
    saved = _squash("\n".join(_code_cells(path)))
    stale = []
    for name, value in namespace.items():
        if inspect.isfunction(value) and value.__module__ == "__main__" and not name.startswith("_"):
            try:
                source = inspect.getsource(value)
            except (OSError, TypeError):
                continue
            if _squash(source) not in saved:
                stale.append(name)
    return stale


def save_from_browser(path, timeout):
    """Ask the front end to save the notebook; True once the file on disk has changed.

    The way otter-grader's ``Notebook.export(force_save=True)`` does it: ipylab's ``docmanager:save``
    command in JupyterLab and Notebook 7, JavaScript in the classic Notebook. The kernel cannot hear the
    front end's answer while this cell runs, so the only confirmation is a newer file on disk.
    """
    import time

    before = os.path.getmtime(path)
    try:
        from IPython.display import Javascript, display

        display(Javascript("if (window.Jupyter && Jupyter.notebook) { Jupyter.notebook.save_checkpoint(); }"))
    except Exception:  # noqa: BLE001 - no front end to ask: the saved file is checked below
        pass
    try:
        import ipylab

        ipylab.JupyterFrontEnd().commands.execute("docmanager:save")
    except Exception:  # noqa: BLE001 - no ipylab or no JupyterLab: the saved file is checked below
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.getmtime(path) > before and os.path.getsize(path) > 0:
            time.sleep(0.2)  # let a save that replaces the file finish
            return True
        time.sleep(0.1)
    return False


def _zip_submission(path, out):
    """otter's submission zip, with the notebook stored under its own name only (no folders from the disk)."""
    import zipfile

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(path, arcname=os.path.basename(path))
        if os.path.isfile(".OTTER_LOG"):
            z.write(".OTTER_LOG", arcname=".OTTER_LOG")
        z.writestr("__zip_filename__", os.path.basename(out))


def submit(expected_name, grader=None, save_timeout=10):
    """Write the file to hand in and say where it is.

    In Colab the notebook is not on disk: its current contents are fetched from the browser, written to
    ``<name>_submission.ipynb`` and downloaded. In Jupyter the notebook is saved first (JupyterLab,
    Notebook 7, classic Notebook), then the saved file is zipped into ``<name>_submission.zip`` (or copied
    if otter is unavailable); if the saved file still lacks code that was run, no file is written at all.
    Either file is accepted by the grader.
    """
    stem = os.path.splitext(os.path.basename(expected_name))[0]
    if on_colab():
        from google.colab import _message, files  # only importable in Colab

        reply = _message.blocking_request("get_ipynb", request="", timeout_sec=60)
        nb = reply.get("ipynb") if isinstance(reply, dict) else None
        if not nb or not nb.get("cells"):
            raise RuntimeError("Colab did not hand over the notebook. Use File > Download > Download .ipynb "
                               "and submit that file instead.")
        out = f"{stem}_submission.ipynb"
        with open(out, "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1)
        print(f"Saved {out} ({len(_code_cells(out))} code cells); your browser is downloading it now.")
        print("Submit that file. If no download starts: File > Download > Download .ipynb works too.")
        files.download(out)
        return out
    path = _notebook_path(expected_name)
    if path is None:
        raise FileNotFoundError(f"Cannot find this notebook's file ({expected_name}). Save it, then submit the "
                                ".ipynb file itself.")
    namespace = inspect.currentframe().f_back.f_globals
    stale = unsaved_functions(path, namespace)
    # Save in any case (a short wait when the file already holds the code that ran), then look again.
    saved = save_from_browser(path, timeout=save_timeout if stale else 2)
    if saved:
        stale = unsaved_functions(path, namespace)
    out = f"{stem}_submission.zip" if grader is not None else f"{stem}_submission.ipynb"
    if stale:
        print(f"NOT SUBMITTED: no file was written. The saved notebook {os.path.basename(path)} does not hold "
              f"the code you ran for {', '.join(stale)}, and this cell could not save it for you.\n"
              "Save the notebook yourself (Ctrl+S, or File > Save Notebook), then run this cell again.",
              file=sys.stderr)
        if os.path.exists(out):
            print(f"The {out} already here is from an earlier run: it does not hold this work either.",
                  file=sys.stderr)
        return None
    print(f"Saved the notebook and packed {os.path.basename(path)}: it holds the code you ran." if saved else
          f"Using the saved file {os.path.basename(path)}: it holds the code you ran.")
    if grader is not None:
        _zip_submission(path, out)
    else:
        import shutil

        shutil.copyfile(path, out)
    print(f"Wrote {os.path.abspath(out)}: submit this file.")
    return out
