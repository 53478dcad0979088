"""Colab's files.download; here it copies the file into $FAKE_COLAB_DOWNLOADS."""

import os
import shutil


def download(filename):
    if not os.path.isfile(filename):
        raise FileNotFoundError(filename)
    shutil.copy(filename, os.environ["FAKE_COLAB_DOWNLOADS"])
