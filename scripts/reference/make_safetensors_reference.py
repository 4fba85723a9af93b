"""Writes Tests/DescentTests/Fixtures/reference.safetensors with PyTorch's safetensors (0.8.0, torch 2.15), for
SafeTensorsTests: one tensor of each dtype Descent reads, with values chosen to be exact in
that dtype, and PyTorch-style metadata. Run from the repository's root:
/tmp/torchenv/bin/python scripts/reference/make_safetensors_reference.py"""
import torch
from safetensors.torch import save_file

values = [1.0, -2.0, 0.5, 65504.0, 2.0 ** -24, 0.0]
tensors = {
    "f64": torch.tensor(values + [1e300], dtype=torch.float64),
    "f32": torch.tensor(values, dtype=torch.float32).reshape(2, 3),
    "f16": torch.tensor(values, dtype=torch.float16),
    "bf16": torch.tensor([1.0, -2.0, 0.5, 3.0e38, 2.0 ** -133, 0.0], dtype=torch.bfloat16),
    "i64": torch.tensor([-(2 ** 62), -1, 0, 7], dtype=torch.int64),
    "i32": torch.tensor([[-5, 2 ** 24], [3, 0]], dtype=torch.int32),
    "i16": torch.tensor([-300, 300], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 255], dtype=torch.uint8),
    "scalar": torch.tensor(3.25, dtype=torch.float32),
    "empty": torch.zeros(0, 4, dtype=torch.float32),
}
save_file(tensors, "Tests/DescentTests/Fixtures/reference.safetensors", metadata={"format": "pt", "note": "made by make_safetensors_reference.py"})
