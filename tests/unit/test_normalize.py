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


def test_printed_text_split_by_the_kernel_is_one_output_whatever_the_split():
    """The kernel flushes stdout on a timer: part 4's training cell came out as one or two stream outputs."""
    from coursekit.generate.normalize import clean_notebook

    def cell(*outputs):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("print(1)\nprint(2)", outputs=list(outputs))]
        clean_notebook(nb)
        return nb.cells[0].outputs

    one = cell(nbformat.v4.new_output("stream", name="stdout", text="epoch 1\nepoch 200\n"))
    two = cell(nbformat.v4.new_output("stream", name="stdout", text="epoch 1"),
               nbformat.v4.new_output("stream", name="stdout", text="\nepoch 200\n"))
    assert one == two and len(one) == 1
    mixed = cell(nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                 nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
                 nbformat.v4.new_output("stream", name="stdout", text="b\n"))
    assert [o.name for o in mixed] == ["stdout", "stderr", "stdout"]  # only neighbours of one name merge
