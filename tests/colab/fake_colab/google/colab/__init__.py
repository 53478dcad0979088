"""A stand-in for Colab's google.colab package, for tests on a machine that cannot reach Colab.

It offers what the course notebooks use: _message.blocking_request("get_ipynb") returns the notebook
named by $FAKE_COLAB_NOTEBOOK, and files.download copies a file into $FAKE_COLAB_DOWNLOADS.
"""
