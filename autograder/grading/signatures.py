"""Call a student's function the way its signature allows, as the assignment declares.

Courses change their notebooks: the Deep Learning Specialization's `compute_cost` took
`(A2, Y, parameters)` before 2021 and `(A2, Y)` after; our `backward_propagation` has a
`hidden_activation` argument the course's never had. A hidden test calls the current form.
For a function the assignment declares (assignment.toml, `[signatures.NAME]`), a call that
does not fit the student's function is adapted, and never silently changed in meaning:

- an optional argument the student's function lacks is left out when the test passes its
  default (`hidden_activation="tanh"`); passed anything else, the call fails with a message
  that says so ("your backward_propagation has no hidden_activation parameter, so it cannot
  be graded with 'relu'");
- an earlier accepted form (`earlier = [["A2", "Y", "parameters"]]`) is called with the
  extra arguments the assignment supplies (`fill = { parameters = {} }`).

Arguments are passed by position in the form's order, so a student's own parameter names
(`A` for `A2`) do not matter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Parameters", "Signature", "SignatureMismatch", "adapt_call"]

_MISSING = object()


class SignatureMismatch(Exception):
    """The student's function cannot be called for this test; the message says why."""


@dataclass(frozen=True)
class Signature:
    """The declared form of a graded function (see the module's docstring)."""

    parameters: tuple[str, ...]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    earlier: tuple[tuple[str, ...], ...] = ()
    fill: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Parameters:
    """What a student's function accepts, as the sandbox reports it (untrusted: it only
    decides how this student's own calls are made)."""

    names: tuple[str, ...]        # positional parameters, in order
    required: int                 # how many of them have no default
    var_positional: bool = False
    keywords: tuple[str, ...] = ()   # keyword-only ones
    var_keyword: bool = False

    @classmethod
    def from_plain(cls, value: Any) -> Parameters | None:
        """From the load reply's `[names, required, *args, keyword-only, **kwargs]`."""
        try:
            names, required, var_positional, keywords, var_keyword = value
            parameters = cls(tuple(str(n)[:100] for n in names[:64]), int(required),
                             bool(var_positional), tuple(str(n)[:100] for n in keywords[:64]),
                             bool(var_keyword))
        except (TypeError, ValueError):
            return None
        return parameters if 0 <= parameters.required <= len(parameters.names) else None

    def accepts(self, positional: int, keywords: Sequence[str]) -> bool:
        """True if a call with this many positional arguments and these keywords binds."""
        if positional > len(self.names) and not self.var_positional:
            return False
        taken = set(self.names[:positional])
        for name in keywords:
            if name in taken:
                return False
            if name not in self.names and name not in self.keywords and not self.var_keyword:
                return False
        given = positional + sum(1 for name in keywords if name in self.names[positional:])
        return given >= self.required


def _bound(signature: Signature, args: Sequence[Any], kwargs: Mapping[str, Any]
           ) -> dict[str, Any] | None:
    if len(args) > len(signature.parameters):
        return None
    bound = dict(zip(signature.parameters, args, strict=False))
    for name, value in kwargs.items():
        if name not in signature.parameters or name in bound:
            return None
        bound[name] = value
    return bound


def _same(value: Any, default: Any) -> bool:
    try:
        return bool(type(value) is type(default) and value == default)
    except Exception:  # an array compared with a default: not the default
        return False


def _form_call(form: tuple[str, ...], signature: Signature, bound: Mapping[str, Any]
               ) -> list[Any] | str:
    """The positional arguments of `form` for this call, or why the form cannot take it."""
    for name, value in bound.items():
        if name not in form and not (name in signature.defaults
                                     and _same(value, signature.defaults[name])):
            return f"has no {name} parameter, so it cannot be graded with {value!r:.60}"
    values = []
    for name in form:
        if name in bound:
            values.append(bound[name])
        elif name in signature.defaults:
            values.append(signature.defaults[name])
        elif name in signature.fill:
            values.append(signature.fill[name])
        else:
            return f"needs {name}, which the grader does not have"
    return values


def _forms(signature: Signature) -> list[tuple[str, ...]]:
    """The current form, shortened by trailing optional parameters, then earlier forms."""
    forms = [signature.parameters]
    shorter = list(signature.parameters)
    while shorter and shorter[-1] in signature.defaults:
        shorter.pop()
        forms.append(tuple(shorter))
    return [*forms, *signature.earlier]


def adapt_call(function: str, signature: Signature, theirs: Parameters | None,
               args: Sequence[Any], kwargs: Mapping[str, Any]
               ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments to call the student's `function` with, or `SignatureMismatch`."""
    if theirs is None or theirs.accepts(len(args), list(kwargs)):
        return tuple(args), dict(kwargs)
    bound = _bound(signature, args, kwargs)
    if bound is None:
        return tuple(args), dict(kwargs)
    reasons = []
    for form in _forms(signature):
        if not theirs.accepts(len(form), ()):
            continue
        call = _form_call(form, signature, bound)
        if isinstance(call, list):
            return tuple(call), {}
        reasons.append(call)
    if reasons:
        raise SignatureMismatch(f"your {function} {reasons[0]}")
    wanted = " or ".join(f"({', '.join(form)})" for form in (signature.parameters,
                                                             *signature.earlier))
    raise SignatureMismatch(f"your {function} takes {_arity(theirs)}; it is called as "
                            f"{function}{wanted}")


def _arity(theirs: Parameters) -> str:
    count = len(theirs.names)
    if theirs.required == count:
        return f"{count} argument{'s' if count != 1 else ''} ({', '.join(theirs.names)})"
    return f"{theirs.required} to {count} arguments ({', '.join(theirs.names)})"
