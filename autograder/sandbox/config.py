"""The limits and isolation a sandboxed submission runs under."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["SandboxConfig"]


@dataclass(frozen=True)
class SandboxConfig:
    """Defaults suit one notebook of small numpy exercises; `autograder grade` flags override.

    `call_timeout_s` bounds one call into student code (wall time); `submission_timeout_s`
    bounds all the work for one submission, and is also its CPU-time limit. `hidden_paths`
    are covered inside the sandbox; `warm_modules` are imported once by the warm parent
    (the modules the course's notebook imports), so that no submission pays for them.
    `lazy_modules` are those it imports with a plain `import`: each sandbox binds them to
    modules that load on first use, so the warm parent imports them only if a sandbox
    could not (a module outside the Python install the sandbox sees).

    `memory_mb` and `max_processes` hold for a submission's processes all together, not
    each: by cgroups where the grader may make them beneath its own cgroup (v2, or v1's
    memory and pids hierarchies; the sandboxes of one grader also keep to its CPUs and to
    one CPU's worth of time), else by a watchdog that sums the tree's memory and CPU time
    from /proc and stops it past the memory limit or past one CPU (the staff log says
    which is in force). Each process is also held to `memory_mb` of address space and the
    sandbox's uid to `max_processes` processes (setrlimit), as before. `cgroups=False` (or
    AUTOGRADER_CGROUPS=0 in the environment of whoever builds the config) forces the
    watchdog.

    `uid` is the first uid tried for the sandboxes (when the grader runs as root): each
    warm parent claims the first one from there that no other living grader on the
    machine holds (a lock file per uid under /run/autograder/uids), so two graders' sandboxes
    never share a uid, nor so its process limit.
    """

    call_timeout_s: float = 10.0
    submission_timeout_s: float = 60.0
    memory_mb: int = 1024
    max_processes: int = 32
    max_open_files: int = 64
    max_file_mb: int = 16
    output_limit_bytes: int = 64 * 1024
    max_reply_mb: int = 64
    uid: int = 61000
    cgroups: bool = field(default_factory=lambda: os.environ.get("AUTOGRADER_CGROUPS") != "0")
    hidden_paths: tuple[str, ...] = field(default=())
    warm_modules: tuple[str, ...] = field(default=())
    lazy_modules: tuple[str, ...] = field(default=())
    # (name, file) of the assignment's helper modules, imported by the warm parent by path
    helper_modules: tuple[tuple[str, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hidden_paths"] = list(self.hidden_paths)
        data["warm_modules"] = list(self.warm_modules)
        data["lazy_modules"] = list(self.lazy_modules)
        data["helper_modules"] = [list(pair) for pair in self.helper_modules]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SandboxConfig:
        values = dict(data)
        values["hidden_paths"] = tuple(values.get("hidden_paths", ()))
        values["warm_modules"] = tuple(values.get("warm_modules", ()))
        values["lazy_modules"] = tuple(values.get("lazy_modules", ()))
        values["helper_modules"] = tuple((str(name), str(path)) for name, path
                                         in values.get("helper_modules", ()))
        return cls(**values)
