#!/usr/bin/env python3
"""Reference derivatives of Descent's expression language, computed symbolically with SymPy.

Writes Tests/DescentTests/Fixtures/calculus_reference.json, which CalculusReferenceTests reads.
Run it once from the repository root (the fixture is committed; rerun only to change the
table):

    python3 scripts/reference/make_calculus_reference.py

Each case is an expression in the syntax of `descent grad` (numbers, + - * / ^, parentheses,
sin cos tan exp log sqrt abs tanh sigmoid relu), its variables in order, a point and a
direction. SymPy parses the same text (with ^ as power: like Python's **, it binds tighter
than unary minus and groups to the right), differentiates it exactly, and evaluates with 40
significant digits before rounding to float64:

- "value": f at the point;
- "gradient": the partial derivatives, in variable order;
- "directional_derivative": the gradient dotted with the direction normalized to length 1;
- "hessian": the second partial derivatives, rows in variable order.

sigmoid(u) is 1/(1 + exp(-u)) and relu(u) is max(u, 0); points are chosen away from the kinks
of abs and relu, where the derivative is a convention rather than a limit.
"""

import json
from pathlib import Path

import sympy as sp
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

OUTPUT = (
    Path(__file__).resolve().parents[2] / "Tests/DescentTests/Fixtures/calculus_reference.json"
)

# (expression, variables, point, direction)
CASES = [
    ("x^2*y + 3*y", ["x", "y"], [1, 2], [3, 4]),
    ("x*y*z + x^2 - z", ["x", "y", "z"], [1, -2, 0.5], [1, 2, 2]),
    ("sin(x)*cos(y)", ["x", "y"], [0.3, -1.2], [1, -1]),
    ("exp(x*y)", ["x", "y"], [0.5, -0.7], [2, 1]),
    ("log(x^2 + y^2)", ["x", "y"], [1.5, -0.5], [-1, 3]),
    ("sqrt(x^2 + y^2 + 1)", ["x", "y"], [0.4, 2.2], [1, 1]),
    ("tanh(x - 2*y)", ["x", "y"], [0.3, -0.1], [0, 1]),
    ("sigmoid(3*x + y)", ["x", "y"], [-0.2, 0.9], [1, 0]),
    ("relu(x*y) + x", ["x", "y"], [1.2, 0.8], [1, -2]),
    ("relu(x - y) + y^2", ["x", "y"], [0.5, 1.5], [2, 1]),
    ("abs(x - y^3)", ["x", "y"], [0.2, 1.1], [1, 1]),
    ("x/y + y/x", ["x", "y"], [1.3, -0.6], [-2, 1]),
    ("(x + y)^3/(1 + x^2)", ["x", "y"], [0.7, 0.4], [1, 3]),
    ("x^y", ["x", "y"], [1.7, 0.6], [1, 1]),
    ("2^x*3^y", ["x", "y"], [0.5, -1.5], [3, -1]),
    ("tan(x*y)", ["x", "y"], [0.4, 0.5], [1, 2]),
    ("(1 - x)^2 + 100*(y - x^2)^2", ["x", "y"], [-1.5, 2], [1, -1]),
    ("-x^2 + y^-1", ["x", "y"], [1.5, 2.5], [1, 1]),
    ("x*exp(-(x^2 + y^2))", ["x", "y"], [0.6, -0.3], [1, 1]),
    ("log(1 + exp(x)) - x*y", ["x", "y"], [0.8, 0.1], [-1, 2]),
    ("sin(x^2 + y)^2 - cos(x - y)", ["x", "y"], [0.9, 0.2], [2, -1]),
    ("sqrt(abs(x*y) + 1)", ["x", "y"], [-1.1, 0.7], [1, 1]),
    ("1/(1 + x^2 + y^2)", ["x", "y"], [0.5, -1.5], [4, 3]),
    ("x^3 - 3*x*y^2", ["x", "y"], [1.2, -0.4], [1, 0]),
    ("exp(sin(x))*log(y)", ["x", "y"], [0.8, 2.5], [-1, -1]),
    ("sigmoid(x)*tanh(y) + relu(x + y)", ["x", "y"], [0.3, 0.9], [1, 2]),
    ("x^2 + y^2", ["x", "y"], [3, 4], [1, 0]),
    ("3*x - 2*y + 1", ["x", "y"], [5, -7], [1, 1]),
    ("(x - 1)^4 + (y + 2)^2", ["x", "y"], [0.2, 0.5], [1, -1]),
    ("x*y/(x + y)", ["x", "y"], [2, 3], [1, 1]),
    ("cos(x)*cos(y)*exp(z/3)", ["x", "y", "z"], [0.4, -0.9, 1.2], [1, 1, 1]),
    ("(x^2 + y^2)^0.75", ["x", "y"], [1, 1], [1, -2]),
    ("tanh(x*y*z)", ["x", "y", "z"], [0.5, -0.6, 0.7], [2, 1, 2]),
    ("log(x)*y^2 - z/x", ["x", "y", "z"], [2.5, -1.5, 0.75], [0, 3, 4]),
    ("2.5e-1*x^2 - 1e-3*y^3", ["x", "y"], [3, -10], [1, 1]),
    ("sin(x)/x", ["x"], [0.7], [1]),
    ("exp(-x^2/2)/sqrt(2*3.141592653589793)", ["x"], [1.3], [-1]),
    ("2^3^2*x - 8/4/2*y", ["x", "y"], [1, 1], [1, 1]),
    ("-(x - y)^2*-x", ["x", "y"], [0.5, 2], [1, 1]),
    ("x^2*y^3*z^4", ["x", "y", "z"], [1.1, 0.9, -1.2], [1, -1, 1]),
]

FUNCTIONS = {
    "sigmoid": sp.Lambda(sp.Symbol("u"), 1 / (1 + sp.exp(-sp.Symbol("u")))),
    "relu": sp.Lambda(sp.Symbol("u"), sp.Max(sp.Symbol("u"), 0)),
    "abs": sp.Abs,
    "log": sp.log,
    "sqrt": sp.sqrt,
}


def number(value):
    """A SymPy number evaluated to 40 digits, as a Python float."""
    result = sp.N(value, 40)
    if not result.is_real:
        raise ValueError(f"not real: {value}")
    return float(result)


def case(text, names, point, direction):
    symbols = [sp.Symbol(name, real=True) for name in names]
    local = dict(FUNCTIONS)
    local.update(dict(zip(names, symbols)))
    transformations = standard_transformations + (convert_xor,)
    f = parse_expr(text, local_dict=local, transformations=transformations)
    # Exact rationals for the point, so nothing is rounded before the end.
    at = {s: sp.nsimplify(p, rational=True) for s, p in zip(symbols, point)}
    gradient = [sp.diff(f, s) for s in symbols]
    hessian = [[sp.diff(g, s) for s in symbols] for g in gradient]
    length = sp.sqrt(sum(sp.nsimplify(d, rational=True) ** 2 for d in direction))
    unit = [sp.nsimplify(d, rational=True) / length for d in direction]
    return {
        "expression": text,
        "variables": names,
        "point": [float(p) for p in point],
        "direction": [float(d) for d in direction],
        "value": number(f.subs(at)),
        "gradient": [number(g.subs(at)) for g in gradient],
        "directional_derivative": number(sum(g.subs(at) * u for g, u in zip(gradient, unit))),
        "hessian": [[number(h.subs(at)) for h in row] for row in hessian],
    }


def main():
    table = [case(*c) for c in CASES]
    OUTPUT.write_text(json.dumps(table, indent=1) + "\n")
    print(f"wrote {len(table)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
