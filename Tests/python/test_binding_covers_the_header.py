"""Every C function of include/osimage.h has a ctypes prototype with its parameter count
and is called by the package's code, so no function is left without a Python method.

"Called" is read from the package's syntax tree, not its text: an attribute
(`library.osi_x`) or a string that is exactly a function's name (`_calls.create("osi_x")`).
A name in a comment, a docstring or a longer string does not count."""
import ast
import os
import re
import unittest

from osimage import _prototypes

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PACKAGE = os.path.join(ROOT, "python", "osimage")


def header_functions():
    """{name: parameter count} of the functions declared in include/osimage.h."""
    with open(os.path.join(ROOT, "include", "osimage.h"), encoding="utf-8") as header:
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", header.read(), flags=re.S)
    functions = {}
    for name, parameters in re.findall(r"\b(osi_\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*;", text):
        parameters = parameters.strip()
        functions[name] = 0 if parameters in ("", "void") else parameters.count(",") + 1
    return functions


def called_names(source):
    """The osi_* names that `source` (Python code) uses as an attribute or as a whole string
    constant other than a docstring; comments never reach the syntax tree."""
    tree = ast.parse(source)
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("osi_"):
            names.add(node.attr)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and re.fullmatch(r"osi_\w+", node.value)):
            names.add(node.value)
    return names


def package_calls():
    """The osi_* names the package's modules (but the prototype table) call."""
    names = set()
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py") and name != "_prototypes.py":
            with open(os.path.join(PACKAGE, name), encoding="utf-8") as source:
                names |= called_names(source.read())
    return names


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
        calls = package_calls()
        unused = [name for name in header_functions() if name not in calls]
        self.assertEqual(unused, [])

    def test_a_name_in_a_comment_docstring_or_message_is_not_a_call(self):
        source = '''
def f(library):
    """osi_in_docstring"""
    # library.osi_in_comment("x")
    library.osi_attribute()
    create("osi_string")
    raise ValueError("osi_in_message failed")
'''
        self.assertEqual(called_names(source), {"osi_attribute", "osi_string"})


if __name__ == "__main__":
    unittest.main()
