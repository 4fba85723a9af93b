#!/usr/bin/env python3
"""Reference values and gradients of Descent's losses, computed with PyTorch in float64.

Writes Tests/DescentTests/Fixtures/loss_reference.json, which LossReferenceTests reads. Run it
once from the repository root (the fixture is committed; rerun only to change the table):

    /tmp/torchenv/bin/python scripts/reference/make_loss_reference.py

Every case is evaluated for the reductions mean, sum and none. The value is the loss; the
gradients are those of sum(loss * upstream), where upstream is 1 for a scalar loss and the
fixed vector 0.5, -1, 1.5, -2, ... (in the loss's shape) for reduction none, so every element's
gradient is checked separately. Non-finite numbers are written as the strings "nan", "inf",
"-inf".

Where Descent documents a different answer from PyTorch's (see the doc comments of
binaryCrossEntropy), the case records PyTorch's output under "torch" and the documented
answer, from its closed form here, under "descent" with the reason; the tests assert the
"descent" entries where present. Inputs where PyTorch gives NaN and Descent a limit (a +inf
logit in cross-entropy) are left to the extremes table of the Swift tests, except for
binary cross-entropy with logits at +-inf, recorded here with an override.
"""

import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

INF = math.inf
REDUCTIONS = ["mean", "sum", "none"]
OUTPUT = Path(__file__).resolve().parents[2] / "Tests/DescentTests/Fixtures/loss_reference.json"


def encode(x):
    """A float as JSON: a number, or "nan" / "inf" / "-inf"."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def decode(x):
    """The inverse of encode."""
    return {"nan": math.nan, "inf": INF, "-inf": -INF}.get(x, x) if isinstance(x, str) else x


def values_of(case, name):
    return [decode(v) for v in case["tensors"][name]["values"]]


def tensor_json(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [encode(float(v)) for v in t.flatten().tolist()]}


def upstream_like(out):
    """1 for a scalar; 0.5, -1, 1.5, -2, ... for a per-element loss."""
    if out.dim() == 0:
        return torch.tensor(1.0)
    n = out.numel()
    values = [(k + 1) * (-1) ** k / 2 for k in range(n)]
    return torch.tensor(values).reshape(out.shape)


# Each loss: the PyTorch call on a dict of leaves, its differentiable inputs, and its params.
def call(loss, x, reduction, params, labels):
    if loss == "mse":
        return F.mse_loss(x["predictions"], x["targets"], reduction=reduction)
    if loss == "l1":
        return F.l1_loss(x["predictions"], x["targets"], reduction=reduction)
    if loss == "smooth_l1":
        return F.smooth_l1_loss(
            x["predictions"], x["targets"], beta=params.get("beta", 1.0), reduction=reduction)
    if loss == "huber":
        return F.huber_loss(
            x["predictions"], x["targets"], delta=params.get("delta", 1.0), reduction=reduction)
    if loss == "bce":
        return F.binary_cross_entropy(
            x["probabilities"], x["targets"], weight=x.get("weights"), reduction=reduction)
    if loss == "bce_of_sigmoid":
        return F.binary_cross_entropy(
            torch.sigmoid(x["logits"]), x["targets"], reduction=reduction)
    if loss == "bce_logits":
        return F.binary_cross_entropy_with_logits(
            x["logits"], x["targets"], weight=x.get("weights"),
            pos_weight=x.get("positive_weight"), reduction=reduction)
    if loss == "nll":
        return F.nll_loss(
            x["log_probabilities"], torch.tensor(labels), weight=x.get("weights"),
            reduction=reduction)
    if loss == "cross_entropy":
        return F.cross_entropy(
            x["logits"], torch.tensor(labels), weight=x.get("weights"),
            label_smoothing=params.get("label_smoothing", 0.0), reduction=reduction)
    raise ValueError(loss)


DIFFERENTIABLE = {
    "mse": ["predictions", "targets"],
    "l1": ["predictions", "targets"],
    "smooth_l1": ["predictions", "targets"],
    "huber": ["predictions", "targets"],
    "bce": ["probabilities", "targets"],
    "bce_of_sigmoid": ["logits"],
    "bce_logits": ["logits", "targets"],
    "nll": ["log_probabilities"],
    "cross_entropy": ["logits"],
}


def reduce_values(values, reduction, shape):
    """Python-side reduction of per-element values for the "descent" overrides."""
    if reduction == "none":
        return {"shape": shape, "values": [encode(v) for v in values]}
    total = math.fsum(values) if all(math.isfinite(v) for v in values) else sum(values)
    return {"shape": [], "values": [encode(total / len(values) if reduction == "mean" else total)]}


def upstream_values(reduction, count):
    if reduction == "none":
        return [(k + 1) * (-1) ** k / 2 for k in range(count)]
    scale = 1 / count if reduction == "mean" else 1.0
    return [scale] * count


def bce_probability_override(case, reduction, torch_entry):
    """Binary cross-entropy on probabilities: the gradient (p - y)/(p(1 - p)) exactly where
    p(1 - p) > 0 (PyTorch's floor 1e-12, a float32, where it is 0), and the target gradient of
    the clamped loss."""
    p = values_of(case, "probabilities")
    y = values_of(case, "targets")
    u = upstream_values(reduction, len(p))
    clamped = lambda v: max(v, -100.0)
    floor = float(torch.tensor(1e-12, dtype=torch.float32))  # PyTorch's EPSILON is a float
    grad_p, grad_y = [], []
    for pi, yi, ui in zip(p, y, u):
        variance = pi * (1 - pi)
        grad_p.append(ui * (pi - yi) / (variance if variance != 0 else floor))
        log_p = clamped(math.log(pi)) if pi > 0 else -100.0
        log_q = clamped(math.log1p(-pi)) if pi < 1 else -100.0
        grad_y.append(ui * (log_q - log_p))
    shape = case["tensors"]["probabilities"]["shape"]
    return {
        "grad": {
            "probabilities": {"shape": shape, "values": [encode(v) for v in grad_p]},
            "targets": {"shape": shape, "values": [encode(v) for v in grad_y]},
        }
    }


def bce_of_sigmoid_override(case, reduction, torch_entry):
    """Through a sigmoid, the exact gradient of BCE(sigmoid(x), y) is sigmoid(x) - y."""
    x = values_of(case, "logits")
    y = values_of(case, "targets")
    u = upstream_values(reduction, len(x))
    sigmoid = lambda v: 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))
    grad = [ui * (sigmoid(xi) - yi) for xi, yi, ui in zip(x, y, u)]
    shape = case["tensors"]["logits"]["shape"]
    return {"grad": {"logits": {"shape": shape, "values": [encode(v) for v in grad]}}}


def bce_logits_infinite_override(case, reduction, torch_entry):
    """The limit at +-inf: y softplus(-x) + (1 - y) softplus(x), a term with coefficient 0
    counting as 0."""
    x = values_of(case, "logits")
    y = values_of(case, "targets")

    def softplus(v):
        return max(v, 0.0) + math.log1p(math.exp(-abs(v)))

    values = []
    for xi, yi in zip(x, y):
        loss = 0.0
        if yi != 0:
            loss += yi * softplus(-xi)
        if yi != 1:
            loss += (1 - yi) * softplus(xi)
        values.append(loss)
    return {"value": reduce_values(values, reduction, case["tensors"]["logits"]["shape"])}


OVERRIDES = {
    "bce_probability": (
        bce_probability_override,
        "PyTorch divides the probability gradient by max(p(1 - p), 1e-12), too small wherever "
        "0 < p(1 - p) < 1e-12 (bug case bce-prob-grad-very-negative-logit, PyTorch issue "
        "103316); Descent divides by p(1 - p) exactly and uses 1e-12 only where it is 0. "
        "PyTorch's target gradient uses unclamped logs (+-inf at p = 0 or 1, beyond 100 below "
        "e^-100); Descent's is the derivative of the clamped loss it computes.",
    ),
    "bce_of_sigmoid": (
        bce_of_sigmoid_override,
        "Bug case bce-prob-grad-very-negative-logit: through a sigmoid the gradient must be "
        "sigmoid(x) - y; PyTorch's 1e-12 floor gives about -8.7e-15 instead of -1 at x = -60.",
    ),
    "bce_logits_infinite": (
        bce_logits_infinite_override,
        "PyTorch computes (1 - y) x - log sigmoid(x): NaN at x = +inf with y = 1 (0 * inf) and at "
        "x = -inf (inf - inf). Descent gives the limit: 0 where the target agrees, +inf "
        "otherwise. Gradients agree.",
    ),
}


def t(values, shape=None):
    tensor = torch.tensor(values)
    return tensor.reshape(shape) if shape is not None else tensor


def case(name, loss, tensors, labels=None, params=None, override=None, note=None):
    return {
        "name": name, "loss": loss, "tensors": tensors, "labels": labels,
        "params": params or {}, "override": override, "note": note,
    }


def regression_cases():
    cases = []
    p = [0.0, 1e4, -1e4, 0.5, -2.0, 3.0, 1e-8, 2.5]
    q = [0.0, 0.0, 1.0, 0.5, 1.0, -1.0, 0.0, -0.25]
    for loss in ["mse", "l1", "smooth_l1", "huber"]:
        cases.append(case(
            f"{loss}/mixed", loss,
            {"predictions": t(p, [2, 4]), "targets": t(q, [2, 4])},
            note="ordinary residuals, zero residuals and +-1e4"))
        cases.append(case(
            f"{loss}/infinite", loss,
            {"predictions": t([INF, -INF, 0.0, 2.0]), "targets": t([0.0, 1.0, 0.0, 2.0])},
            note="infinite predictions: infinite loss; gradient +-inf (mse) or +-1, +-delta"))
    # Ties at the kinks: residual 0 (and the pieces' junction |r| = beta or delta).
    targets = [0.5, -1.0, 2.0, 0.25, -0.5, 1.0, 0.0, 0.0, 3.0]
    cases.append(case(
        "l1/kinks", "l1",
        {"predictions": t([0.5, -1.0, 2.0, 1.25, -1.5, 1.0]),
         "targets": t([0.5, -1.0, 2.0, 0.25, -0.5, 1.0])},
        note="residual 0 gives gradient 0 (abs'(0) = 0)"))
    cases.append(case(
        "l1/abs-grad-at-zero", "l1",
        {"predictions": t([-2.0, 0.0, 0.5]), "targets": t([0.0, 0.0, 0.0])},
        note="bug case abs-grad-at-zero"))
    for beta in [1.0, 0.5, 0.0]:
        r = ([0.0, beta, -beta, 0.5 * beta, -0.5 * beta, 2 * beta, -3 * beta, 1e4, -1e4]
             if beta > 0 else [0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -3.0, 1e4, -1e4])
        cases.append(case(
            f"smooth_l1/kinks-beta-{beta}", "smooth_l1",
            {"predictions": t([a + b for a, b in zip(targets, r)]), "targets": t(targets)},
            params={"beta": beta},
            note="residuals 0, +-beta (the junction), inside, outside and +-1e4"))
    for delta in [1.0, 2.0, 0.5]:
        r = [0.0, delta, -delta, 0.5 * delta, -0.5 * delta, 2 * delta, -3 * delta, 1e4, -1e4]
        cases.append(case(
            f"huber/kinks-delta-{delta}", "huber",
            {"predictions": t([a + b for a, b in zip(targets, r)]), "targets": t(targets)},
            params={"delta": delta},
            note="residuals 0, +-delta (the junction), inside, outside and +-1e4"))
    return cases


def binary_cases():
    cases = []
    grid_p = [0.5, 0.2, 0.9, 1e-10, 0.999, 0.01]
    grid_y = [0.0, 1.0, 0.3]
    ps = [p for p in grid_p for _ in grid_y]
    ys = [y for _ in grid_p for y in grid_y]
    cases.append(case(
        "bce/grid", "bce", {"probabilities": t(ps, [6, 3]), "targets": t(ys, [6, 3])},
        note="probabilities x targets 0, 1 and 0.3"))
    ends_p = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    ends_y = [0.0, 1.0, 0.3, 0.0, 1.0, 0.3]
    cases.append(case(
        "bce/endpoints", "bce", {"probabilities": t(ends_p), "targets": t(ends_y)},
        override="bce_probability",
        note="p = 0 and 1: clamped logs; p(1 - p) = 0 uses the 1e-12 floor as PyTorch"))
    tiny_p = [1e-30, 1e-30, 1e-30, 1e-50, 1e-50, 1 - 2.0 ** -53, 1 - 2.0 ** -53]
    tiny_y = [0.0, 1.0, 0.3, 1.0, 0.0, 0.0, 1.0]
    cases.append(case(
        "bce/tiny-probabilities", "bce", {"probabilities": t(tiny_p), "targets": t(tiny_y)},
        override="bce_probability",
        note="0 < p(1 - p) < 1e-12, and a log below -100 (p = 1e-50)"))
    cases.append(case(
        "bce/weighted", "bce",
        {"probabilities": t([0.2, 0.7, 0.5, 0.9, 0.1, 0.4], [2, 3]),
         "targets": t([0.0, 1.0, 1.0, 1.0, 0.0, 0.5], [2, 3]),
         "weights": t([0.5, 2.0, 1.0])},
        note="weights [3] broadcast over [2, 3]"))
    cases.append(case(
        "bce_of_sigmoid/very-negative-logit", "bce_of_sigmoid",
        {"logits": t([-60.0, -20.0, -4.0, 0.0, 3.0, 15.0]), "targets": t([1.0] * 6)},
        override="bce_of_sigmoid", note="bug case bce-prob-grad-very-negative-logit"))

    grid_x = [0.0, 2.0, -3.0, 0.5, 30.0, -30.0, 1e4, -1e4]
    xs = [x for x in grid_x for _ in grid_y]
    ys = [y for _ in grid_x for y in grid_y]
    cases.append(case(
        "bce_logits/grid", "bce_logits", {"logits": t(xs, [8, 3]), "targets": t(ys, [8, 3])},
        note="logits 0, +-1e4 and ordinary, x targets 0, 1 and 0.3"))
    cases.append(case(
        "bce_logits/grad-at-zero-logit", "bce_logits",
        {"logits": t([0.0, 2.0, -3.0]), "targets": t([0.25, 0.25, 0.25])},
        note="bug case bce-logits-grad-at-zero-logit"))
    inf_x = [INF, INF, INF, -INF, -INF, -INF]
    inf_y = [0.0, 1.0, 0.3, 0.0, 1.0, 0.3]
    cases.append(case(
        "bce_logits/infinite", "bce_logits", {"logits": t(inf_x), "targets": t(inf_y)},
        override="bce_logits_infinite", note="logits +-inf"))
    cases.append(case(
        "bce_logits/weights-and-positive-weight", "bce_logits",
        {"logits": t([0.0, 2.0, -3.0, 1e4, -1e4, 0.5], [2, 3]),
         "targets": t([1.0, 0.0, 0.3, 1.0, 0.0, 1.0], [2, 3]),
         "weights": t([[2.0], [0.5]]),
         "positive_weight": t([1.0, 3.0, 0.5])},
        note="weights [2, 1] and positive-class weights [3], both broadcast over [2, 3]"))
    return cases


def classification_cases():
    cases = []
    logits = t([[0.3, -1.2, 2.0], [1.0, 1.0, 1.0], [-0.5, 0.25, 0.0], [4.0, -2.0, 0.5]])
    labels = [2, 0, 1, 1]
    weights = t([0.2, 1.0, 3.0])
    extreme = t([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.0], [0.0, 0.0, 0.0], [-500.0, 300.0, 450.0]])
    extreme_labels = [2, 1, 0, 0]
    masked = t([[-INF, 0.0, 1.0], [0.0, -INF, -INF], [2.0, -INF, 0.0]])
    masked_labels = [1, 0, 2]
    for name, x, y in [("ordinary", logits, labels), ("extreme", extreme, extreme_labels),
                       ("masked", masked, masked_labels)]:
        for suffix, tensors, params in [
            ("", {}, {}),
            ("-weighted", {"weights": weights}, {}),
            ("-smoothed", {}, {"label_smoothing": 0.1}),
            ("-weighted-smoothed", {"weights": weights}, {"label_smoothing": 0.1}),
        ]:
            cases.append(case(
                f"cross_entropy/{name}{suffix}", "cross_entropy", {"logits": x, **tensors},
                labels=y, params=params,
                note="logits +-1e4 and hundreds apart" if name == "extreme" else
                ("-inf logits (masked classes); smoothing puts mass on them: loss inf"
                 if name == "masked" else None)))
        log_probabilities = torch.log_softmax(x, dim=1)
        for suffix, tensors in [("", {}), ("-weighted", {"weights": weights})]:
            cases.append(case(
                f"nll/{name}{suffix}", "nll", {"log_probabilities": log_probabilities, **tensors},
                labels=y))
    cases.append(case(
        "cross_entropy/label-masked", "cross_entropy", {"logits": t([[-INF, 0.0], [0.0, 1.0]])},
        labels=[0, 1], note="the label's logit is -inf: loss inf, gradient finite"))
    cases.append(case(
        "nll/raw-extremes", "nll",
        {"log_probabilities": t([[0.0, -INF, -1e4], [-1e4, 0.0, -INF], [-INF, 0.0, 5.0]])},
        labels=[0, 0, 0], note="picked entries 0, -1e4 and -inf; -inf entries elsewhere"))
    return cases


def evaluate(c, reduction):
    leaves = {}
    for name, tensor in c["tensors"].items():
        leaf = tensor.clone().detach()
        if name in DIFFERENTIABLE[c["loss"]]:
            leaf.requires_grad_(True)
        leaves[name] = leaf
    out = call(c["loss"], leaves, reduction, c["params"], c["labels"])
    upstream = upstream_like(out)
    names = DIFFERENTIABLE[c["loss"]]
    grads = torch.autograd.grad((out * upstream).sum(), [leaves[n] for n in names])
    return out, upstream, {n: tensor_json(g) for n, g in zip(names, grads)}


def main():
    entries = []
    for c in regression_cases() + binary_cases() + classification_cases():
        json_case = {
            "loss": c["loss"],
            "tensors": {n: tensor_json(v) for n, v in c["tensors"].items()},
        }
        for reduction in REDUCTIONS:
            out, upstream, grads = evaluate(c, reduction)
            entry = {
                "id": f"{c['name']}/{reduction}",
                "loss": c["loss"],
                "reduction": reduction,
                "tensors": json_case["tensors"],
                "labels": c["labels"],
                "params": c["params"],
                "upstream": tensor_json(upstream),
                "torch": {"value": tensor_json(out), "grad": grads},
            }
            if c["note"]:
                entry["note"] = c["note"]
            if c["override"]:
                compute, reason = OVERRIDES[c["override"]]
                descent = compute(json_case, reduction, entry["torch"])
                descent["reason"] = reason
                entry["descent"] = descent
            entries.append(entry)
    document = {
        "about": "Loss values and gradients from PyTorch in float64, for LossReferenceTests. "
        "Generated by scripts/reference/make_loss_reference.py; see its docstring.",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "cases": entries,
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(entries)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
