#!/usr/bin/env python3
"""Adds English entries to SharedResource.en.resx from a file of pairs: a French line, its English line,
then a blank line. An existing key is replaced. Usage: tools/add-translations.py PAIRS.txt"""
import pathlib, sys
from xml.sax.saxutils import escape, quoteattr

resx = pathlib.Path(__file__).resolve().parent.parent / "src" / "Contrevue" / "Resources" / "SharedResource.en.resx"
blocks = [b.split("\n") for b in pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").strip().split("\n\n")]
text = resx.read_text(encoding="utf-8")
for block in blocks:
    if len(block) != 2:
        sys.exit(f"a pair is two lines: {block}")
    french, english = block
    entry = f'  <data name={quoteattr(french)} xml:space="preserve">\n    <value>{escape(english)}</value>\n  </data>\n'
    start = text.find(f'<data name={quoteattr(french)} ')
    if start >= 0:
        start = text.rfind("\n", 0, start) + 1
        end = text.index("</data>\n", start) + len("</data>\n")
        text = text[:start] + entry + text[end:]
    else:
        text = text.replace("</root>", entry + "</root>")
resx.write_text(text, encoding="utf-8")
print(f"{len(blocks)} entries")
