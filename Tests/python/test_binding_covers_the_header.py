"""Every C function of include/osimage.h has a ctypes prototype with its parameter count
and is called by the package's code, so no function is left without a Python method."""
import os
import re
import unittest

from osimage import _prototypes

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PACKAGE = os.path.join(ROOT, "python", "osimage")


def header_functions():
    """{name: parameter count} of the functions declared in include/osimage.h."""
    with open(os.path.join(ROOT, "include", "osimage.h"), encoding="utf-8") as header:
        text = re.sub(r"/\*.*?\*/", "", header.read(), flags=re.S)
    functions = {}
    for name, parameters in re.findall(r"\b(osi_\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*;", text):
        parameters = parameters.strip()
        functions[name] = 0 if parameters in ("", "void") else parameters.count(",") + 1
    return functions


def package_source_without_prototypes():
    text = ""
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py") and name != "_prototypes.py":
            with open(os.path.join(PACKAGE, name), encoding="utf-8") as source:
                text += source.read()
    return text


class HeaderCoverageTests(unittest.TestCase):
    def test_every_header_function_has_a_prototype_with_its_parameter_count(self):
        functions = header_functions()
        self.assertGreater(len(functions), 100)
        for name, count in functions.items():
            with self.subTest(function=name):
                self.assertIn(name, _prototypes.PROTOTYPES)
                self.assertEqual(len(_prototypes.PROTOTYPES[name][1]), count)
        self.assertEqual(sorted(set(_prototypes.PROTOTYPES) - set(functions)), [])

    def test_every_header_function_is_called_by_the_package(self):
        source = package_source_without_prototypes()
        unused = [name for name in header_functions() if '"%s"' % name not in source and "." + name not in source]
        self.assertEqual(unused, [])


if __name__ == "__main__":
    unittest.main()
