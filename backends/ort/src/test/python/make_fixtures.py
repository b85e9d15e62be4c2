#!/usr/bin/python3
"""Writes the real-export fixtures of ExportFixturesTest (backends/ort).

Run with Debian's python3-torch 1.13, python3-torchvision 0.14 and python3-onnx 1.12:

    /usr/bin/python3 backends/ort/src/test/python/make_fixtures.py
    /usr/bin/python3 backends/ort/src/test/python/make_fixtures.py --full DIR   (full models)
    /usr/bin/python3 backends/ort/src/test/python/make_fixtures.py --only NAME...  (those fixtures)

Every network is built from torchvision's own blocks (MobileNetV3 with its inverted residuals,
squeeze-excitation, Hardswish and Hardsigmoid; SqueezeNet's Fire modules with ceil-mode max
pooling; ShuffleNetV2 with its channel shuffle; ResNet's BasicBlock with batch normalization),
narrowed so that each file stays small, with seeded random weights and random batch-normalization
statistics. Inputs are 3 x 32 x 32, outputs 4 classes.

* `ts_*`: torch.onnx.export with the TorchScript exporter (the only one torch 1.13 has), opsets
  13 to 17, with a dynamic batch axis or (`_b1`) at batch size 1 without one.
* `dynamo_*`: the forms of the torch.export-based exporter (PyTorch 2.9's default), which no
  Debian package provides: opset 18, input fixed at batch 1, batch normalization kept as
  BatchNormalization (training_mode = 0), adaptive average pooling as ReduceMean with its axes
  as an input, flatten as Reshape to [1, -1] (the batch baked in), chunk as Split with
  num_outputs, HardSwish and HardSigmoid as operators, and every weight in an external-data
  `.onnx.data` file beside the graph, shapes static (no Shape nodes: Reshape targets such as
  ShuffleNet's channel shuffle [1, 2, C/2, H, W] hold the batch 1). They are written node for
  node with the onnx package from the TorchScript export of the same network (this script's
  `dynamo_form`: the integer side folded to constants, the operators rewritten in their opset-18
  forms), not by that exporter.
"""

import os
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import external_data_helper, helper, numpy_helper
from torch import nn
from torch.nn import functional as F
from torchvision.models import mobilenetv3, shufflenetv2, squeezenet
from torchvision.models.resnet import BasicBlock

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "resources", "org", "ecoc4j", "backends", "ort", "exports")
CLASSES = 4
REFERENCE_IMAGES = 3


def randomize(model, seed):
    """Seeded random weights and batch-normalization statistics (not a trained model)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(1 + 0.2 * torch.randn(m.weight.shape, generator=g))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))
                m.running_mean.copy_(0.1 * torch.randn(m.running_mean.shape, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=g))
    return model.eval()


def mobilenet_v3(seed):
    """torchvision's MobileNetV3 (small's first blocks) at a quarter of the widths."""
    conf = mobilenetv3.InvertedResidualConfig
    w = 0.25
    setting = [
        conf(16, 3, 16, 16, True, "RE", 2, 1, w),
        conf(16, 3, 72, 24, False, "RE", 2, 1, w),
        conf(24, 3, 88, 24, False, "RE", 1, 1, w),
        conf(24, 5, 96, 40, True, "HS", 2, 1, w),
    ]
    torch.manual_seed(seed)
    return randomize(mobilenetv3.MobileNetV3(setting, last_channel=64, num_classes=CLASSES), seed)


class SmallSqueezeNet(nn.Module):
    """SqueezeNet 1.1's layout with torchvision's Fire modules at smaller widths; the first
    convolution is padded so that at 32 x 32 both ceil-mode poolings add a window (16 -> 8 and
    8 -> 4, where floor mode gives 7 and 3)."""

    def __init__(self):
        super().__init__()
        fire = squeezenet.Fire
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            fire(16, 4, 16, 16), fire(32, 4, 16, 16),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            fire(32, 8, 24, 24))
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5), nn.Conv2d(48, CLASSES, kernel_size=1), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        return torch.flatten(self.classifier(self.features(x)), 1)


class SmallCnn(nn.Module):
    """A small custom network as users write one: Conv, BatchNorm, ReLU, max pooling, a strided
    Conv, x.view(x.size(0), -1), Dropout and two Linear layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(16)
        self.drop = nn.Dropout(0.25)
        self.fc1 = nn.Linear(16 * 8 * 8, 32)
        self.fc2 = nn.Linear(32, CLASSES)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.relu(self.bn2(self.conv2(x)))
        x = self.drop(x.view(x.size(0), -1))
        return self.fc2(F.relu(self.fc1(x)))


def small_cnn(seed):
    torch.manual_seed(seed)
    return randomize(SmallCnn(), seed)


def torchvision_mobilenet_v3_small(seed):
    """torchvision's own mobilenet_v3_small constructor (all eleven blocks) at width 0.25
    (118,300 parameters: 0.47 MB; width 1 is 6 MB)."""
    torch.manual_seed(seed)
    return randomize(torchvision.models.mobilenet_v3_small(num_classes=CLASSES, width_mult=0.25),
                     seed)


def torchvision_shufflenet_v2_x0_5(seed):
    """torchvision's own shufflenet_v2_x0_5 constructor (345,892 parameters: 1.4 MB)."""
    torch.manual_seed(seed)
    return randomize(torchvision.models.shufflenet_v2_x0_5(num_classes=CLASSES), seed)


def squeeze_net(seed):
    torch.manual_seed(seed)
    return randomize(SmallSqueezeNet(), seed)


def shufflenet_v2(seed):
    """torchvision's ShuffleNetV2 with two blocks in the first stage, one in the others, small widths."""
    torch.manual_seed(seed)
    return randomize(shufflenetv2.ShuffleNetV2([2, 1, 1], [8, 16, 32, 64, 64],
                                               num_classes=CLASSES), seed)


class SmallResNet(nn.Module):
    """A residual network of torchvision's BasicBlock (with a projection where shapes change)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1))
        down = nn.Sequential(nn.Conv2d(8, 16, 1, stride=2, bias=False), nn.BatchNorm2d(16))
        self.layers = nn.Sequential(BasicBlock(8, 8), BasicBlock(8, 16, stride=2, downsample=down))
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, CLASSES)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


def res_net(seed):
    torch.manual_seed(seed)
    return randomize(SmallResNet(), seed)


class IndexingNet(nn.Module):
    """Float-tensor indexing as user code writes it: reflect and replicate padding, strided
    slicing (x[:, :, 1::2, ::2]), a dilated max pooling, x[:, 0] (Gather), unsqueeze/squeeze, a
    batched matmul with a parameter stack, and a Linear over the concatenated pieces."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.pool = nn.MaxPool2d(3, stride=1, padding=1, dilation=2)
        self.w = nn.Parameter(torch.randn(2, 6, 6) * 0.3)
        self.fc = nn.Linear(2 * 36 + 4 * 36 + 6, CLASSES)

    def forward(self, x):
        x = F.pad(x, (1, 1, 2, 0), mode="reflect")
        x = F.pad(x, (1, 0, 0, 1), mode="replicate")
        x = self.conv(x)[:, :, 1::2, ::2]
        x = self.pool(x)
        first = x[:, 0].unsqueeze(1).squeeze(1)[:, :6, :6]
        product = torch.matmul(x[:, 1:3, :6, :6], self.w)
        return self.fc(torch.cat(
            [product.flatten(1), x[:, :, :6, :6].flatten(1), first[:, 0]], 1))


def indexing_net(seed):
    torch.manual_seed(seed)
    return IndexingNet()


class SplitChunk(nn.Module):
    """torchvision's ShuffleNetV2 InvertedResidual whose chunk is traced as one split, as the
    torch.export-based exporter writes aten.chunk (a Split), not as TorchScript's Slices."""

    def __init__(self, block):
        super().__init__()
        self.block = block

    def forward(self, x):
        b = self.block
        if b.stride == 1:
            half = b.branch2[0].in_channels
            x1, x2 = torch.split(x, [half, half], dim=1)
            out = torch.cat((x1, b.branch2(x2)), dim=1)
        else:
            out = torch.cat((b.branch1(x), b.branch2(x)), dim=1)
        return shufflenetv2.channel_shuffle(out, 2)


def with_split_chunks(model):
    for stage in (model.stage2, model.stage3, model.stage4):
        for i in range(len(stage)):
            stage[i] = SplitChunk(stage[i])
    return model


def fold_static(graph):
    """Evaluates the integer side of a graph with a fixed input shape (Shape and what reads it)
    into constants, as the torch.export-based exporter writes static shapes."""
    inferred = onnx.shape_inference.infer_shapes(helper.make_model(graph)).graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.value_info) + list(inferred.input)}
    known = {t.name: numpy_helper.to_array(t) for t in graph.initializer
             if t.data_type == onnx.TensorProto.INT64}
    kept = []
    for n in graph.node:
        a = {x.name: helper.get_attribute_value(x) for x in n.attribute}
        ins = [known.get(i) for i in n.input]
        value = None
        if n.op_type == "Constant" and a["value"].data_type == onnx.TensorProto.INT64:
            value = numpy_helper.to_array(a["value"])
        elif n.op_type == "Shape":
            value = np.array(shapes[n.input[0]], dtype=np.int64)
        elif all(v is not None for v in ins) and ins:
            op = n.op_type
            if op == "Gather":
                value = np.take(ins[0], ins[1], axis=a.get("axis", 0))
            elif op == "Unsqueeze":
                value = np.expand_dims(ins[0], tuple(int(v) for v in ins[1]))
            elif op == "Concat":
                value = np.concatenate(ins, axis=a["axis"])
            elif op in ("Div", "Mul", "Add", "Sub"):
                f = {"Div": np.floor_divide, "Mul": np.multiply, "Add": np.add,
                     "Sub": np.subtract}[op]
                value = f(ins[0], ins[1]).astype(np.int64)
            elif op == "Cast":
                value = ins[0].astype(np.int64)
            elif op == "Slice":
                value = ins[0][int(ins[1][0]):int(ins[2][0])]
        if value is None:
            kept.append(n)
        else:
            known[n.output[0]] = np.asarray(value, dtype=np.int64)
    used = {i for n in kept for i in n.input}
    folded = [numpy_helper.from_array(v, k) for k, v in known.items()
              if k in used and k not in {t.name for t in graph.initializer}]
    return kept, folded


def export_torchscript(model, name, opset, dynamic, keep_batch_norm=False):
    path = os.path.join(OUT, name + ".onnx")
    x = torch.randn(1, 3, 32, 32)
    torch.onnx.export(
        model, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}} if dynamic else None,
        training=torch.onnx.TrainingMode.PRESERVE if keep_batch_norm
        else torch.onnx.TrainingMode.EVAL,
        do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    return path


def dynamo_form(model, name, split="num_outputs", linear="gemm"):
    """The opset-18 form of the torch.export-based exporter, written from the TorchScript graph.

    torch.flatten becomes a Reshape to the static [1, C] (torch.export records aten.view with
    the traced sizes); chunk becomes a Split with `num_outputs` (split="num_outputs") or with
    its sizes as an input (split="sizes", the form onnxscript's folding of SplitToSequence
    leaves); nn.Linear stays a Gemm (linear="gemm", torchlib's aten_linear on 2-D inputs) or
    becomes MatMul by a Transpose of the weight plus Add (linear="matmul", aten_linear's form
    for other ranks, the Transpose of the weight left unfolded)."""
    with torch.no_grad():
        source = export_torchscript(model, name + "_source", 17, False, keep_batch_norm=True)
    m = onnx.load(source)
    os.remove(source)
    g = m.graph
    inferred = onnx.shape_inference.infer_shapes(m).graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.value_info) + list(inferred.input)}
    kept, constants = fold_static(g)
    nodes = []

    def ints(hint, values):
        c = "val_%d" % len(constants)
        constants.append(numpy_helper.from_array(np.array(values, dtype=np.int64), c))
        return c

    for i, n in enumerate(kept):
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        op = n.op_type
        if op == "GlobalAveragePool":
            # adaptive_avg_pool2d(x, 1) decomposes to a mean over the last two axes
            n = helper.make_node("ReduceMean", [n.input[0], ints("axes", [-1, -2])],
                                 list(n.output), keepdims=1)
        elif op in ("ReduceMean", "ReduceSum") and "axes" in attrs:
            n = helper.make_node(op, [n.input[0], ints("axes", attrs["axes"])], list(n.output),
                                 keepdims=attrs.get("keepdims", 1))
        elif op == "Flatten":
            dims = shapes[n.input[0]]
            n = helper.make_node("Reshape", [n.input[0], ints("shape", [1, int(np.prod(dims[1:]))])],
                                 list(n.output))
        elif op == "Split" and split == "num_outputs":
            n = helper.make_node("Split", [n.input[0]], list(n.output), axis=attrs.get("axis", 0),
                                 num_outputs=len(n.output))
        elif op == "Gemm" and linear == "matmul":
            assert attrs.get("transB") == 1 and attrs.get("alpha", 1) == 1 and attrs.get("beta", 1) == 1
            transposed, product = n.output[0] + "_weight_t", n.output[0] + "_matmul"
            nodes.append(helper.make_node("Transpose", [n.input[1]], [transposed], perm=[1, 0],
                                          name="node_Transpose_%d" % i))
            nodes.append(helper.make_node("MatMul", [n.input[0], transposed], [product],
                                          name="node_MatMul_%d" % i))
            n = helper.make_node("Add", [product, n.input[2]], list(n.output))
        elif op == "BatchNormalization":
            n = helper.make_node(op, list(n.input), list(n.output)[:1],
                                 epsilon=attrs.get("epsilon", 1e-5),
                                 momentum=attrs.get("momentum", 0.9), training_mode=0)
        n.name = "node_%s_%d" % (n.op_type, i)
        nodes.append(n)
    graph = helper.make_graph(nodes, "main_graph", list(g.input), list(g.output),
                              list(g.initializer) + constants)
    out = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)],
                            producer_name="pytorch", producer_version="2.9.0 (form)")
    out.ir_version = 8
    path = os.path.join(OUT, name + ".onnx")
    data = name + ".onnx.data"
    if os.path.exists(os.path.join(OUT, data)):
        os.remove(os.path.join(OUT, data))
    # every weight goes to the .onnx.data file; the small int64 shape and axes constants stay in
    # the graph, where ONNX Runtime's shape inference needs them
    external_data_helper.convert_model_to_external_data(
        out, all_tensors_to_one_file=True, location=data, size_threshold=0)
    for t in out.graph.initializer:
        if t.data_type == onnx.TensorProto.INT64:
            del t.external_data[:]
            t.data_location = onnx.TensorProto.DEFAULT
    onnx.save_model(out, path)
    return path


def full_models(folder):
    """The full-size torchvision models for FullTorchvisionExportsTest (not bundled: 1.4 to 45 MB):
    TorchScript, opset 17, 3x224x224, 10 classes, with a dynamic batch and at batch 1, and two of
    the batch-1 files again with their weights as external data."""
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    for name in ("mobilenet_v3_small", "squeezenet1_1", "shufflenet_v2_x0_5", "resnet18"):
        model = getattr(torchvision.models, name)(num_classes=10).eval()
        for dynamic in (True, False):
            path = os.path.join(folder, "%s_%s.onnx" % (name, "dyn" if dynamic else "b1"))
            with torch.no_grad():
                torch.onnx.export(
                    model, torch.randn(1, 3, 224, 224), path, opset_version=17,
                    input_names=["input"], output_names=["logits"],
                    dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}
                    if dynamic else None)
    for name in ("mobilenet_v3_small_b1", "shufflenet_v2_x0_5_b1"):
        onnx.save_model(onnx.load(os.path.join(folder, name + ".onnx")),
                        os.path.join(folder, name + "_ext.onnx"), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=name + "_ext.onnx.data",
                        size_threshold=1024)


def reference_images():
    """The seeded images of every fixture's PyTorch reference, uniform in [-1, 1)."""
    g = torch.Generator().manual_seed(2026)
    return torch.rand(REFERENCE_IMAGES, 3, 32, 32, generator=g) * 2 - 1


def torch_reference(model, name, images):
    """PyTorch's own scores of the reference images ([REFERENCE_IMAGES, CLASSES] float32
    little-endian), written beside the fixture: the import must compute them from the file."""
    with torch.no_grad():
        scores = model(images).numpy().astype("<f4")
    scores.tofile(os.path.join(OUT, name + ".torch.bin"))


FIXTURES = [
    # (file name, network, export)
    ("ts_mobilenet_v3_opset13", lambda: mobilenet_v3(1),
     lambda m, n: export_torchscript(m, n, 13, True)),
    ("ts_mobilenet_v3_opset17", lambda: mobilenet_v3(1),
     lambda m, n: export_torchscript(m, n, 17, True)),
    ("ts_squeezenet_opset13", lambda: squeeze_net(2),
     lambda m, n: export_torchscript(m, n, 13, True)),
    ("ts_shufflenet_v2_opset17", lambda: shufflenet_v2(3),
     lambda m, n: export_torchscript(m, n, 17, True)),
    ("ts_shufflenet_v2_opset15_b1", lambda: shufflenet_v2(3),
     lambda m, n: export_torchscript(m, n, 15, False)),
    ("ts_resnet_opset15", lambda: res_net(4), lambda m, n: export_torchscript(m, n, 15, True)),
    ("ts_resnet_bn_opset17", lambda: res_net(4),
     lambda m, n: export_torchscript(m, n, 17, True, keep_batch_norm=True)),
    ("ts_small_cnn_opset13", lambda: small_cnn(5), lambda m, n: export_torchscript(m, n, 13, True)),
    ("ts_indexing_opset13", lambda: indexing_net(8),
     lambda m, n: export_torchscript(m, n, 13, True)),
    ("ts_small_cnn_opset17_b1", lambda: small_cnn(5),
     lambda m, n: export_torchscript(m, n, 17, False)),
    ("ts_tv_mobilenet_v3_small_opset17", lambda: torchvision_mobilenet_v3_small(6),
     lambda m, n: export_torchscript(m, n, 17, True)),
    ("dynamo_mobilenet_v3_opset18", lambda: mobilenet_v3(1), dynamo_form),
    ("dynamo_shufflenet_v2_opset18", lambda: with_split_chunks(shufflenet_v2(3)), dynamo_form),
    ("dynamo_resnet_opset18", lambda: res_net(4), dynamo_form),
    ("dynamo_small_cnn_opset18", lambda: small_cnn(5),
     lambda m, n: dynamo_form(m, n, linear="matmul")),
    ("dynamo_tv_mobilenet_v3_small_opset18", lambda: torchvision_mobilenet_v3_small(6),
     dynamo_form),
    ("dynamo_tv_shufflenet_v2_x0_5_opset18",
     lambda: with_split_chunks(torchvision_shufflenet_v2_x0_5(7)),
     lambda m, n: dynamo_form(m, n, split="sizes")),
]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--full":
        full_models(sys.argv[2])
        return
    only = set(sys.argv[2:]) if len(sys.argv) > 2 and sys.argv[1] == "--only" else None
    os.makedirs(OUT, exist_ok=True)
    images = reference_images()
    images.numpy().astype("<f4").tofile(os.path.join(OUT, "reference_images.bin"))
    written = []
    with torch.no_grad():
        for name, network, export in FIXTURES:
            if only is not None and name not in only:
                continue
            model = network()
            torch_reference(model, name, images)
            written.append(export(model, name))
    for path in written:
        ops = sorted({n.op_type for n in onnx.load(path, load_external_data=False).graph.node})
        data = path + ".data"
        size = os.path.getsize(path) + (os.path.getsize(data) if os.path.exists(data) else 0)
        print(os.path.basename(path), size, " ".join(ops))
    print("torch", torch.__version__, "onnx", onnx.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
