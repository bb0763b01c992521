#!/usr/bin/env python3
"""Lists the French texts of src/Contrevue that have no English entry in SharedResource.en.resx.

Keys are the French texts themselves: literal T["…"] / text["…"] keys, constants passed to the
localizer (text[AbuseCheck.TooManyDetail]), DataAnnotations ErrorMessage and Display(Name), and
the messages page models hand to the views or to ModelState. Mail templates and log messages are
French-only by design and are not looked at. Exit code 1 when something is missing.
"""
import pathlib, re, sys
import xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent / "src" / "Contrevue"
resx = root / "Resources" / "SharedResource.en.resx"
STRING = r'"((?:[^"\\]|\\.)*)"'

def unescape(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)

files = [p for p in root.rglob("*") if p.suffix in (".cs", ".cshtml")
         and "obj" not in p.parts and "bin" not in p.parts and "Mail" not in p.name]
sources = {p: p.read_text(encoding="utf-8") for p in files}

constants = {}
for text in sources.values():
    for name, value in re.findall(r'const string (\w+) = ' + STRING, text):
        constants[name] = unescape(value)
int_constants = {}
for text in sources.values():
    int_constants.update(re.findall(r'const int (\w+) = (\d+);', text))

keys = {}
def add(key, where):
    if re.search(r'[A-Za-zÀ-ÿ]', key):
        keys.setdefault(key, where)

for path, text in sources.items():
    rel = path.relative_to(root)
    for m in re.finditer(r'\b(?:T|text)\[\s*(?:' + STRING + r'|(?:\w+\.)?(\w+))', text):
        if m.group(1) is not None:
            add(unescape(m.group(1)), rel)
        elif m.group(2) in constants:
            add(constants[m.group(2)], rel)
    for m in re.finditer(r'(?:ErrorMessage|Display\(Name)\s*=\s*' + STRING, text):
        add(unescape(m.group(1)), rel)
    # Messages given to views (Error, Message, TempData) and to ModelState from page code.
    if rel.parts[-1].endswith(".cshtml.cs"):
        for m in re.finditer(r'(?:\b(?:Error|Message)\s*=|TempData\["\w+"\]\s*=|AddModelError\([^,]+,)([^;]*);', text):
            for s in re.findall(STRING, m.group(1)):
                add(unescape(s), rel)
    # Validation messages of services that pages show through ModelState; holes filled by int
    # constants are resolved, messages with other holes are left to the API alone.
    for m in [] if "Api" in rel.parts else re.finditer(r'(?:errors\[[^\]]+\]|\["\w+"\])\s*=\s*\[\s*(\$?)' + STRING + r'\s*\]', text):
        message = unescape(m.group(2))
        if m.group(1):
            message = re.sub(r'\{(\w+)\}', lambda h: int_constants.get(h.group(1), h.group(0)), message)
            if re.search(r"\{[^}]+\}", message):
                continue
        add(message, rel)

translated = {d.get("name") for d in ET.parse(resx).getroot().iter("data")}
missing = sorted((k, str(w)) for k, w in keys.items() if k not in translated)
for key, where in missing:
    print(f"{where}\t{key}")
print(f"{len(missing)} missing of {len(keys)} keys", file=sys.stderr)
sys.exit(1 if missing else 0)
