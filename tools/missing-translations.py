#!/usr/bin/env python3
"""Lists the French texts of src/Contrevue that have no English entry in SharedResource.en.resx.

Keys are the French texts themselves: literal T["…"] / text["…"] / localizer["…"] keys (format keys
included: text["Commune inconnue « {0} ».", code]), constants passed to the localizer
(text[AbuseCheck.TooManyDetail]), DataAnnotations ErrorMessage and Display(Name), and
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

def is_mail(p):
    """What builds an e-mail's text (French-only): the mail infrastructure, the features' XxxMails, a mailing's rendering."""
    rel = p.relative_to(root)
    return rel.parts[:2] == ("Infrastructure", "Mail") or p.name.endswith("Mails.cs") or p.name == "MailingRendering.cs"

files = [p for p in root.rglob("*") if p.suffix in (".cs", ".cshtml")
         and "obj" not in p.parts and "bin" not in p.parts and not is_mail(p)]
sources = {p: p.read_text(encoding="utf-8") for p in files}

# String constants by declaring type and name; a value may be several literals joined with +.
constants = {}
for text in sources.values():
    for m in re.finditer(r'const string (\w+) =\s*(' + STRING + r'(?:\s*\+\s*' + STRING + r')*)\s*;', text):
        owner = re.findall(r'\b(?:class|record|struct|interface) (\w+)', text[:m.start()])
        value = ''.join(unescape(v) for v in re.findall(STRING, m.group(2)))
        constants[(owner[-1] if owner else None, m.group(1))] = value

def constant(owner, name):
    """Owner.Name names the type; a bare Name is taken from any type that declares it."""
    if owner is not None:
        return constants.get((owner, name))
    values = {v for (_, n), v in constants.items() if n == name}
    return values.pop() if len(values) == 1 else None
int_constants = {}
for text in sources.values():
    int_constants.update(re.findall(r'const int (\w+) = (\d+);', text))

keys = {}
def add(key, where):
    if re.search(r'[A-Za-zÀ-ÿ]', key):
        keys.setdefault(key, where)

for path, text in sources.items():
    rel = path.relative_to(root)
    for m in re.finditer(r'\b(?:T|text|Text|localizer)\[\s*(?:' + STRING + r'|(?:(\w+)\.)?(\w+)\s*[\],])', text):
        if m.group(1) is not None:
            add(unescape(m.group(1)), rel)
        elif m.group(2) is None or m.group(2)[0].isupper():
            # A member of a variable (unavailable.Title) is not a constant.
            if (value := constant(m.group(2), m.group(3))) is not None:
                add(value, rel)
    # Plurals: T.Plural(count, "{0, plural, one {…} other {…}}", …).
    for m in re.finditer(r'\.Plural\([^,()]*(?:\([^()]*\))?[^,()]*,\s*' + STRING, text):
        add(unescape(m.group(1)), rel)
    for m in re.finditer(r'(?:ErrorMessage|Display\(Name)\s*=\s*' + STRING, text):
        add(unescape(m.group(1)), rel)
    # Messages given to views (Error, Message, TempData) and to ModelState from page code.
    if rel.parts[-1].endswith(".cshtml.cs"):
        for m in re.finditer(r'(?:\b(?:Error|Message)\s*=|TempData\["\w+"\]\s*=|AddModelError\([^,]+,)([^;]*);', text):
            # Interpolated text is composed from keys found above (and refused by TranslatableMessagesTests).
            if '$"' in m.group(1):
                continue
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
