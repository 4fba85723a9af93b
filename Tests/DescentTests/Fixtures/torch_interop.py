"""PyTorch's side of CheckpointInteropTests (run by the test when PyTorch and safetensors are
installed). Written for this project; needs torch and safetensors.

  python torch_interop.py load MODEL X OUT        load Descent's model file into
      torch.nn.Sequential(Linear, act, …) by load_state_dict(load_file(MODEL)) and write
      the logits for the tensor "x" of X to OUT (tensor "logits")
  python torch_interop.py make SIZES ACT X OUT    make a PyTorch model of layer SIZES (e.g.
      4,16,3) and activation ACT (relu|tanh|sigmoid), seed 0, and write its state_dict plus
      the logits for X's "x" to OUT (tensors "0.weight", … and the file OUT.logits)
"""
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}


def network(sizes, activation):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return torch.nn.Sequential(*layers)


def main():
    mode = sys.argv[1]
    if mode == "load":
        path, x_path, out = sys.argv[2:5]
        with safe_open(path, framework="pt") as f:
            description = json.loads(f.metadata()["descent"])
        model = network(description["layer_sizes"], description["activation"])
        model.load_state_dict(load_file(path))
        x = load_file(x_path)["x"]
        with torch.no_grad():
            save_file({"logits": model(x).contiguous()}, out)
    elif mode == "make":
        sizes = [int(s) for s in sys.argv[2].split(",")]
        activation, x_path, out = sys.argv[3:6]
        torch.manual_seed(0)
        model = network(sizes, activation)
        save_file({k: v.contiguous() for k, v in model.state_dict().items()}, out)
        x = load_file(x_path)["x"]
        with torch.no_grad():
            save_file({"logits": model(x).contiguous()}, out + ".logits")
    else:
        raise SystemExit(f"unknown mode {mode}")


main()
