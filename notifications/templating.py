"""Admin-editable message templates: ``{name}`` placeholders only, nothing else is evaluated.

``str.format`` would let an editor reach attributes (``{title.__class__}``); this does a plain
substitution of known names and leaves anything else as written.
"""

import re

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template, values):
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def unknown_placeholders(template, allowed):
    return sorted({name for name in _PLACEHOLDER.findall(template) if name not in allowed})
