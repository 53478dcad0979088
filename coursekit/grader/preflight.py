"""What this host can confine a submission with, asked before grading starts.

The zygote asks the same questions (``probe``) and applies what it finds, so the mode named here is the
mode the children get. Modes, strongest first (``docs/grading.md`` states what each guarantees):

    root             an unprivileged uid per worker, mount/network/IPC namespaces, Landlock, seccomp
    user namespaces  not root: user/PID/mount/network/IPC namespaces of the child's own, Landlock, seccomp
    Landlock only    not root, no unprivileged user namespaces: Landlock and seccomp, the grader's uid
    unconfined       none of the above: resource limits only

A host that cannot keep a submission from the autograders and from the grader's own processes is
refused (``refusal``) unless the instructor passes ``--allow-unconfined``.
"""

import os
from dataclasses import dataclass, field

from . import confine, seccomp

LAYERS = ("userns", "landlock", "seccomp")  # what a test may leave out (``without``)


class Unconfined(RuntimeError):
    """Grading refused: this host cannot confine submissions (the message is ``refusal``'s line)."""


@dataclass
class Confinement:
    root: bool
    userns: bool
    landlock: int          # Landlock ABI, 0 if none
    seccomp: bool
    missing: list = field(default_factory=list)

    @property
    def mode(self):
        if self.root:
            return "root"
        if self.userns:
            return "user namespaces"
        if self.landlock:
            return "Landlock only"
        return "unconfined"

    def to_dict(self):
        return {"mode": self.mode, "root": self.root, "userns": self.userns, "landlock": self.landlock,
                "seccomp": self.seccomp, "missing": list(self.missing)}


def probe(without=()):
    """The confinement this process (and a zygote started like it) can apply. ``without``: layers of
    ``LAYERS`` to leave out (a misspelt one would leave a test confined by everything: it raises)."""
    unknown = set(without) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown confinement layers {sorted(unknown)}: choose from {LAYERS}")
    root = os.geteuid() == 0
    # tried in a throwaway child: a sysctl or a security module may forbid it
    userns = not root and "userns" not in without and confine.succeeds_in_child(confine.user_namespace)
    abi = 0 if "landlock" in without else confine.landlock_abi()
    filters = "seccomp" not in without and seccomp.program() is not None
    found = Confinement(root, userns, abi, filters)
    if not root and not userns:
        found.missing.append("no user namespaces for an unprivileged user (see the sysctls "
                             "kernel.unprivileged_userns_clone, user.max_user_namespaces)")
    if not abi:
        found.missing.append("no Landlock (Linux >= 5.13 with landlock in the lsm= list)")
    elif not root and not userns and abi < 6:
        found.missing.append(f"Landlock ABI {abi} cannot stop signals to the grader (ABI 6, Linux >= 6.12)")
    if not filters:
        found.missing.append("no seccomp filter for this architecture")
    return found


def refusal(found):
    """One line saying why this host cannot grade safely, or None if it can."""
    files = found.root or found.userns or found.landlock > 0
    processes = found.root or found.userns or (found.seccomp and found.landlock >= 6)
    if files and processes:
        return None
    risk = []
    if not files:
        risk.append("read and rewrite the autograders")
    if not processes:
        risk.append("change or stop the grader's own processes")
    return (f"this host cannot confine submissions ({'; '.join(found.missing)}): a notebook could "
            f"{' and '.join(risk)}. Run as root, or pass --allow-unconfined to grade anyway.")
