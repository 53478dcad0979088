"""Generated notebooks keep stable cell ids, so a rebuild reproduces them byte for byte."""

import nbformat

from coursekit.generate.normalize import stable_cell_ids


def test_master_ids_are_kept_and_new_cells_get_content_ids():
    nb = nbformat.v4.new_notebook()
    kept = nbformat.v4.new_code_cell("x = 1")
    kept.id = "from-master"
    added = nbformat.v4.new_code_cell("y = 2")
    twin = nbformat.v4.new_code_cell("y = 2")
    nb.cells = [kept, added, twin]
    stable_cell_ids(nb, {"from-master"})
    ids = [c.id for c in nb.cells]
    assert ids[0] == "from-master"
    assert ids[1].startswith("g-") and ids[2].startswith(ids[1]) and ids[1] != ids[2]
    again = nbformat.v4.new_notebook()
    again.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("y = 2")]
    again.cells[0].id = "from-master"
    stable_cell_ids(again, {"from-master"})
    assert [c.id for c in again.cells] == ids[:2]  # the same content gets the same id on every build


def test_stream_outputs_are_merged_whatever_the_kernel_flushed():
    """One print before a long computation may arrive as its own stream message: the text decides, not timing."""
    from coursekit.generate.normalize import clean_notebook

    def cell_with(*outputs):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(...)")])
        nb.cells[0].outputs = [nbformat.v4.new_output(**o) for o in outputs]
        clean_notebook(nb)
        return nb.cells[0].outputs

    split = cell_with({"output_type": "stream", "name": "stdout", "text": "epoch 1: 0.3684"},
                      {"output_type": "stream", "name": "stdout", "text": "\nepoch 200: 0.0029\n"})
    whole = cell_with({"output_type": "stream", "name": "stdout", "text": "epoch 1: 0.3684\nepoch 200: 0.0029\n"})
    assert split == whole and len(split) == 1
    kept = cell_with({"output_type": "stream", "name": "stdout", "text": "a\n"},
                     {"output_type": "stream", "name": "stderr", "text": "warning\n"},
                     {"output_type": "stream", "name": "stdout", "text": "b\n"},
                     {"output_type": "display_data", "data": {"text/plain": "<Figure>"}},
                     {"output_type": "stream", "name": "stdout", "text": "c\n"})
    assert [(o.output_type, o.get("name")) for o in kept] == [("stream", "stdout"), ("stream", "stderr"),
                                                               ("stream", "stdout"), ("display_data", None),
                                                               ("stream", "stdout")]
