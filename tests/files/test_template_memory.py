"""Templates that would build huge values are refused before they allocate them.

Each renders in a fresh Python process that measures its own peak memory
(``resource.getrusage``) around the render, with its address space capped
so that a template the sandbox lets through fails with ``MemoryError``
instead of taking the machine's memory.
"""

from __future__ import annotations

import pytest
from processes import python_lines

#: Renders argv[1] with views only, prints the outcome and the peak growth in MB.
PROBE = """
import resource, sys
from stalker.exceptions import TemplateSecurityError
from stalker.files.templates import render

render("{{ 'warm' ~ 1 }}{% for i in range(2) %}{{ i }}{% endfor %}", {}, "warm")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
used = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (used + 2**30, resource.RLIM_INFINITY))
try:
    render(sys.argv[1], {}, "TypeTemplate('Shot').file_code")
    outcome = "rendered"
except TemplateSecurityError as error:
    outcome = "refused: " + str(error)
except BaseException as error:
    outcome = type(error).__name__
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(outcome)
print(grown // 1024)
"""

#: Peak growth a refused template may cause, in MB.
SMALL_MB = 20


@pytest.mark.parametrize(
    "source",
    [
        "{{ ('x'.encode() * 10**9)|length }}",
        "{{ ('x' * 10) * 10**9 }}",
        "{{ '%(a)999999999s' % {'a': 'x'} }}",
        "{{ '%(()a)999999999s' % {'()a': 'x'} }}",
        "{{ '%(()a)999999999s'|format(**{'()a': 'x'}) }}",
        "{{ '%(a)s' % {'a': [range(10000)|list] * 10000} }}",
        "{{ [range(10000)|list] * 10000 }}",
        "{{ ([range(10000)|list] * 10000)|string|length }}",
        "{{ ([range(10000)|list] * 10000)|join|length }}",
        "{{ [range(10000)|list] * 10000 ~ '' }}",
        "{{ '%s' % ([range(10000)|list] * 10000,) }}",
        "{{ ([range(10000)|list] * 10000)|lower }}",
        "{{ [[['x'] * 10000] * 10000] * 10000 }}",
        "{{ ([[['x' * 100] * 10000] * 10000] * 10000)|length }}x"
        "{{ [[['x' * 100] * 10000] * 10000] * 10000 }}",
        "{% set n = namespace(v=range(10000)|list) %}"
        "{% for i in range(5) %}{% set n.v = [n.v] * 10000 %}{% endfor %}{{ n.v }}",
        "{{ dict(a=[range(10000)|list] * 10000) }}",
        "{{ ''.join(['x' * 10000] * 10000) }}",
        "{{ (['x' * 10000] * 10000)|join('y' * 10000) }}",
        "{{ (['x'] * 10000)|map('center', 10000)|join }}",
        "{{ 'x'.center(10**9) }}",
        "{{ 'x'|center(10**9) }}",
        "{{ (1).to_bytes(10**9, 'big')|length }}",
        "{{ range(10**9)|list|length }}",
        "{{ 'x'|replace('', 'y' * 10000)|replace('y', 'z' * 10000) }}",
    ],
)
def test_big_values_are_refused_before_they_are_made(source):
    """Refused with TemplateSecurityError, before memory grows."""
    outcome, grown = python_lines(PROBE, source)
    assert outcome.startswith("refused: TypeTemplate('Shot').file_code is refused")
    assert int(grown) < SMALL_MB
