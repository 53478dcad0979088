"""A student in a real browser: JupyterLab (from requirements.txt) on 127.0.0.1, driven by Playwright with
Debian's Chromium. Used by tests/browser/ and by `make screenshot` (python -m coursekit.browser).

Playwright's own browser download is not reachable from these machines, so the system's Chromium is
launched by path ($CHROMIUM, else /usr/bin/chromium or chromium on PATH). The server runs with a known
token, its own configuration, workspace and settings folders (so nothing of the user's leaks in), no news
and no update check.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .config import ROOT

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
SCREENSHOT = ROOT / "docs" / "images" / "jupyterlab-student.png"


def chromium_path():
    """The system's Chromium, or None."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root_dir: Path, startup_timeout=60):
    """Serve JupyterLab on 127.0.0.1 (a free port, a random token); yields (base url, token)."""
    port, token = _free_port(), secrets.token_hex(16)
    private = Path(tempfile.mkdtemp(prefix="jupyterlab-home-"))
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR")}
    env.update(JUPYTER_CONFIG_DIR=str(private / "config"), JUPYTER_RUNTIME_DIR=str(private / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(private / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(private / "ws"),
               IPYTHONDIR=str(private / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root_dir}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--ServerApp.allow_root=True"]
    quiet = private / "settings" / "@jupyterlab" / "apputils-extension"
    quiet.mkdir(parents=True)
    (quiet / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    labconfig = private / "config" / "labconfig"  # what a student has: no nbgrader panels
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text('{"disabledExtensions": {"@jupyter/nbgrader": true}}')
    log = open(private / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (private / "server.log").read_text()[-3000:]
                    raise RuntimeError(f"JupyterLab did not start:\n{log}") from None
                time.sleep(0.3)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(private, ignore_errors=True)


@contextlib.contextmanager
def chromium(viewport=(1280, 900)):
    """A Playwright page in headless system Chromium."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            yield context
        finally:
            browser.close()


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on show


class Lab:
    """What a student does in JupyterLab, step by step, on one page."""

    def __init__(self, page, base, token):
        self.page, self.base, self.token = page, base, token

    def open(self, relative_path, timeout=60_000):
        """Open a notebook and wait until its kernel is idle."""
        workspace = relative_path.replace("/", "-").replace(".", "-")  # its own workspace: no other tab reopens
        self.page.goto(f"{self.base}/lab/workspaces/{workspace}/tree/{relative_path}?reset&token={self.token}")
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
        self.wait_idle(timeout)

    def wait_idle(self, timeout=120_000):
        """Wait until the kernel has run everything queued (the toolbar's indicator says idle)."""
        page = self.page
        page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)
        # queued cells show [*]; wait until none does
        page.wait_for_function("""() => !Array.from(document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')).some(p => p.textContent.includes('*'))""",
                               timeout=timeout)
        page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)

    def cell_with(self, text):
        """The code cell whose editor shows this text."""
        return self.page.locator(f"{PANEL} .jp-CodeCell").filter(has=self.page.locator(".cm-line", has_text=text)).first

    def replace_line(self, line_text, code):
        """Click the editor line holding line_text, select it and type code with the keyboard, line by line.

        Each new line is typed with its own indentation over whatever the editor indented by itself.
        """
        page = self.page
        line = page.locator(f"{PANEL} .cm-line", has_text=line_text).first
        line.scroll_into_view_if_needed()
        line.click()
        page.keyboard.press("End")
        page.keyboard.press("Shift+Home")  # the line from its indentation to its end
        for i, text in enumerate(code.strip("\n").split("\n")):
            if i == 0:
                page.keyboard.type(text.lstrip())
            else:
                page.keyboard.press("Enter")
                page.keyboard.press("Shift+Home")  # the indentation the editor added
                page.keyboard.type(text)
        page.keyboard.press("Escape")  # leave the editor (command mode), as after typing

    def menu(self, top, item):
        """Click a menu of the menu bar, then one of its items (e.g. "Run", "Run All Cells")."""
        page = self.page
        page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
        page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=item).first.click()

    def run_cell_with(self, text):
        cell = self.cell_with(text)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").first.click()  # select the cell (command mode)
        self.page.keyboard.press("Shift+Enter")

    def close_all(self):
        """Close every tab and shut down every kernel, without saving (File > Close and Shut Down All)."""
        import json

        req = urllib.request.Request(f"{self.base}/api/sessions?token={self.token}")
        for session in json.loads(urllib.request.urlopen(req, timeout=10).read()):
            urllib.request.urlopen(urllib.request.Request(
                f"{self.base}/api/sessions/{session['id']}?token={self.token}", method="DELETE"), timeout=10)


def typed_answer(solution_source):
    """The body a student types for a solution cell: the function's code after its docstring."""
    after = solution_source.split('"""')[-1] if solution_source.count('"""') >= 2 else solution_source
    return "\n".join(line.rstrip() for line in after.strip("\n").split("\n") if line.strip())


WRONG_GRADIENT = "return (predictions - targets) / predictions.size"  # the factor 2 from the square left out


def show_mistake(lab, relative_path):
    """Open part 1 (its mse_loss already right), type a mistaken mse_gradient, Run All: the check says why."""
    lab.open(relative_path)
    lab.replace_line('raise NotImplementedError("mse_gradient:', WRONG_GRADIENT)
    lab.menu("Run", "Run All Cells")
    lab.wait_idle()
    return lab.cell_with('grader.check("mse_gradient")')


def screenshot(out=SCREENSHOT):
    """docs/images/jupyterlab-student.png: part 1 in JupyterLab, a mistaken mse_gradient typed in and run: the
    public check's message (its output scrolled, as the output's context menu does) and the tangent figure."""
    import nbformat

    from .sample_submissions import make_submission, solution_sources

    assignment = "01_loss_gradient"
    with tempfile.TemporaryDirectory(prefix="screenshot-") as tmp:
        folder = Path(tmp) / assignment
        folder.mkdir()
        loss_only = {"mse_loss": solution_sources(assignment)["mse_loss"]}
        nbformat.write(make_submission(assignment, answers=loss_only, solved=False), folder / f"{assignment}.ipynb")
        with jupyterlab(Path(tmp)) as (base, token), chromium(viewport=(1280, 1640)) as context:
            lab = Lab(context.new_page(), base, token)
            check = show_mistake(lab, f"{assignment}/{assignment}.ipynb")
            page = lab.page
            output = check.locator(".jp-OutputArea-output").first
            output.scroll_into_view_if_needed()
            output.click(button="right")
            page.locator(".lm-Menu-itemLabel", has_text="Enable Scrolling for Outputs").first.click()
            page.keyboard.press("Escape")
            output.evaluate("""out => {  // scroll the output to the first message a student reads
                const walker = document.createTreeWalker(out, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode()) && !node.textContent.includes('AssertionError')) {}
                if (!node) return;
                const range = document.createRange(), at = node.textContent.indexOf('AssertionError');
                range.setStart(node, at);
                range.setEnd(node, at + 14);
                let box = node.parentElement;
                while (box && !(box.scrollHeight > box.clientHeight + 2
                                && ['auto', 'scroll'].includes(getComputedStyle(box).overflowY))) {
                    box = box.parentElement;
                }
                if (box) box.scrollTop += range.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
            }""")
            answer = lab.cell_with("def mse_gradient(")
            answer.evaluate("cell => cell.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(800)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            lab.close_all()
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit.browser",
                                     description="make docs/images/jupyterlab-student.png")
    parser.add_argument("--out", type=Path, default=SCREENSHOT)
    args = parser.parse_args(argv)
    print(f"wrote {screenshot(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
