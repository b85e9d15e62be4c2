"""PyTorch doing the work of ecoc4j's ThroughputBenchmark (backends/ort), for ratios on one GPU.

The same networks as ecoc4j's model zoo (lenet on 1x28x28, cnn1, resnet20v2 and wrn-16-4 on
3x32x32, 10 outputs, one member; by default the first three), at the batch sizes asked for
(default 64 and 1), on random images and labels:

- training images/s: AdamW steps (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-4) of the
  mean cross-entropy, forward + backward + step, the loss read back each step;
- attack gradient steps/s: the per-sample cross-entropy losses and their input gradient with the
  weights frozen, in inference mode (running statistics, no dropout).

As in ecoc4j, the inputs come from host memory every step and the losses and gradients go back to
it, computations are float32 (TF32 off, as ecoc4j's CUDA sessions run) and cuDNN picks its
fastest algorithms (ONNX Runtime's default exhaustive search). It prints one row per model and
batch (model, input, batch, training images/s, attack steps/s, attack images/s), which ecoc4j's
ThroughputBenchmark (backends/ort) reads to print both sides with ratios.

On the CPU the first line also names the BLAS library PyTorch loaded and the rate of a 512^3
matrix product: Debian's python3-torch multiplies matrices through the system's libblas.so.3,
which is the reference BLAS (a few GFLOP/s) unless an optimised one is installed
(apt-get install libopenblas0-pthread); such a baseline would flatter ecoc4j, and the line says
so. ecoc4j's ThroughputBenchmark runs this script in PyTorch's fastest CPU setting measured on
its machine: OMP_NUM_THREADS set to --threads and OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to 1
(PyTorch calls the BLAS from inside its own parallel loops, where BLAS threads only contend for
the same cores), tcmalloc preloaded where it is installed (apt-get install libtcmalloc-minimal4),
and glibc's malloc otherwise kept from mapping every large tensor afresh at each step
(MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_); the first line names the allocator.

With --memory each row has eight more columns, measured in a fresh child process per model,
batch and work (as ecoc4j measures its side in a child JVM): for training, then for attack steps
(the model built with its initial weights, frozen, in inference mode), the peak resident set
(VmHWM) after the warm-up and MEMORY_STEPS steps, what the work added to the resident set read
after importing torch (the growth), both in MiB, and on CUDA the peak of PyTorch's CUDA allocator
(torch.cuda.max_memory_allocated, MiB) and how far the memory in use on the first GPU grew while
the child worked (nvidia-smi's memory.used, read before CUDA is touched and every 0.1 s after,
the largest reading less the first: the CUDA context included, as ecoc4j's DeviceMemory reads its
side; the GPU must be otherwise idle); both "-" on the CPU, the last also without nvidia-smi.

Each figure times at least --steps steps and at least --min-seconds seconds (more steps where the
steps alone take less), after at least WARMUP steps and a quarter of that time.

Usage: python throughput.py [--device cuda|cpu] [--steps 50] [--min-seconds 0] [--threads 4]
                            [--models lenet,cnn1,resnet20v2] [--batches 64,1] [--memory]
"""

import argparse
import multiprocessing
import os
import subprocess
import threading
import time

import torch
import torch.nn.functional as F
from torch import nn

WARMUP = 3
OUTPUTS = 10
MEMORY_STEPS = 2
WORKS = ("training", "attack")
MIB = 1024.0 * 1024.0
NVIDIA_SMI = ("nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits")
POLL_SECONDS = 0.1


class LeNet(nn.Module):
    """conv 5x5 (6, padding 2) - ReLU - pool 2 - conv 5x5 (16) - ReLU - pool 2 - 120 - 84 - out."""

    def __init__(self, channels, side, outputs):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        flat_side = ((side // 2) - 4) // 2
        self.fc1 = nn.Linear(16 * flat_side * flat_side, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, outputs)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Cnn1(nn.Module):
    """CNN1: 3x3 convolutions without padding, each with batch normalization (eps 1e-3, Keras
    momentum 0.99) and ELU; 5 convolutions, 2x2 max pooling stride 1, dropout 0.2, 2 convolutions,
    pooling stride 2, dropout 0.2, 2 convolutions, pooling stride 2, dense. The pools pad the
    bottom and right edge where their window runs past it, as ecoc4j's (Keras "same")."""

    MAPS = (32, 32, 32, 32, 32, 64, 64, 128, 128)

    def __init__(self, channels, side, outputs):
        super().__init__()
        self.convs = nn.ModuleList()
        self.norms = nn.ModuleList()
        self.pools = []
        layer = 0
        for block in range(3):
            for _ in range(5 if block == 0 else 2):
                self.convs.append(nn.Conv2d(channels, self.MAPS[layer], 3))
                self.norms.append(nn.BatchNorm2d(self.MAPS[layer], eps=1e-3, momentum=0.01))
                channels = self.MAPS[layer]
                side -= 2
                layer += 1
            stride = 1 if block == 0 else 2
            out = -(-side // stride)
            pad = max(0, (out - 1) * stride + 2 - side)
            self.pools.append((stride, pad))
            side = (side + pad - 2) // stride + 1
        self.dropout = nn.Dropout(0.2)
        self.dense = nn.Linear(channels * side * side, outputs)

    def forward(self, x):
        layer = 0
        for block, (stride, pad) in enumerate(self.pools):
            for _ in range(5 if block == 0 else 2):
                x = F.elu(self.norms[layer](self.convs[layer](x)))
                layer += 1
            if pad:
                x = F.pad(x, (0, pad, 0, pad), value=float("-inf"))
            x = F.max_pool2d(x, 2, stride)
            if block < 2:
                x = self.dropout(x)
        return self.dense(torch.flatten(x, 1))


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.1)


class Bottleneck(nn.Module):
    """A pre-activation bottleneck block: [BN-ReLU] conv 1x1 (stride), BN-ReLU conv 3x3, BN-ReLU
    conv 1x1, plus the input (through a 1x1 projection in the first block of a stage)."""

    def __init__(self, channels, width, out, stride, pre_activate, project):
        super().__init__()
        self.bn1 = batch_norm(channels) if pre_activate else None
        self.conv1 = nn.Conv2d(channels, width, 1, stride)
        self.bn2 = batch_norm(width)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1)
        self.bn3 = batch_norm(width)
        self.conv3 = nn.Conv2d(width, out, 1)
        self.shortcut = nn.Conv2d(channels, out, 1, stride) if project else None

    def forward(self, x):
        y = F.relu(self.bn1(x)) if self.bn1 is not None else x
        y = self.conv1(y)
        y = self.conv2(F.relu(self.bn2(y)))
        y = self.conv3(F.relu(self.bn3(y)))
        return (self.shortcut(x) if self.shortcut is not None else x) + y


class ResNet20v2(nn.Module):
    """ResNet v2 of the Keras CIFAR-10 example, depth 20: stem conv 3x3 (16), BN, ReLU; three
    stages of 2 bottleneck blocks (outputs 64, 128, 256; stages 2 and 3 stride 2); BN, ReLU,
    global average pooling, dense. Convolutions have biases; BN eps 1e-3, Keras momentum 0.9."""

    def __init__(self, channels, outputs, blocks=2):
        super().__init__()
        self.stem = nn.Conv2d(channels, 16, 3, padding=1)
        self.stem_bn = batch_norm(16)
        layers = []
        width, channels = 16, 16
        for stage in range(3):
            out = width * 4 if stage == 0 else width * 2
            for block in range(blocks):
                first = block == 0
                layers.append(
                    Bottleneck(channels, width, out, 2 if stage > 0 and first else 1,
                               not (stage == 0 and first), first))
                channels = out
            width = out
        self.blocks = nn.Sequential(*layers)
        self.head_bn = batch_norm(channels)
        self.fc = nn.Linear(channels, outputs)

    def forward(self, x):
        x = self.blocks(F.relu(self.stem_bn(self.stem(x))))
        x = F.relu(self.head_bn(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class WideBlock(nn.Module):
    """A pre-activation basic block of WRN: BN-ReLU, conv 3x3 (stride), BN-ReLU, conv 3x3, plus
    the input, or a 1x1 projection of the pre-activated input where width or stride changes."""

    def __init__(self, channels, filters, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)
        self.conv1 = nn.Conv2d(channels, filters, 3, stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=False)
        self.shortcut = (nn.Conv2d(channels, filters, 1, stride, bias=False)
                         if stride != 1 or channels != filters else None)

    def forward(self, x):
        o = F.relu(self.bn1(x))
        y = self.conv2(F.relu(self.bn2(self.conv1(o))))
        return (self.shortcut(o) if self.shortcut is not None else x) + y


class WideResNet(nn.Module):
    """WRN-d-k as ecoc4j's zoo builds it: stem conv 3x3 (16, no bias), three groups of (d - 4) / 6
    blocks of 16k, 32k, 64k filters (groups 2 and 3 stride 2 first), BN-ReLU, global average
    pooling, dense; BN eps 1e-5, Keras momentum 0.9."""

    def __init__(self, channels, outputs, depth=16, widen=4):
        super().__init__()
        self.stem = nn.Conv2d(channels, 16, 3, padding=1, bias=False)
        layers = []
        channels = 16
        for group in range(3):
            filters = (16 << group) * widen
            for block in range((depth - 4) // 6):
                layers.append(WideBlock(channels, filters, 2 if group > 0 and block == 0 else 1))
                channels = filters
        self.blocks = nn.Sequential(*layers)
        self.head_bn = nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)
        self.fc = nn.Linear(channels, outputs)

    def forward(self, x):
        x = F.relu(self.head_bn(self.blocks(self.stem(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


MODELS = (
    ("lenet", (1, 28, 28), lambda: LeNet(1, 28, OUTPUTS)),
    ("cnn1", (3, 32, 32), lambda: Cnn1(3, 32, OUTPUTS)),
    ("resnet20v2", (3, 32, 32), lambda: ResNet20v2(3, OUTPUTS)),
    ("wrn-16-4", (3, 32, 32), lambda: WideResNet(3, OUTPUTS)),
)


REFERENCE_BLAS_DIR = os.sep + "blas" + os.sep


def loaded_blas():
    """The BLAS libraries this process has mapped (after a matrix product loaded them)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {fields[5] for fields in (line.split() for line in maps) if len(fields) > 5}
    except OSError:
        return []
    names = ("blas", "mkl_", "blis", "atlas")
    return sorted(p for p in paths if any(n in os.path.basename(p).lower() for n in names))


def blas_note():
    """Which BLAS PyTorch's CPU matrix products use and how fast a 512^3 product runs."""
    a = torch.randn(512, 512)
    b = torch.randn(512, 512)
    a @ b
    reps = 3
    start = time.perf_counter()
    for _ in range(reps):
        a @ b
    gflops = 2 * 512 ** 3 * reps / (time.perf_counter() - start) / 1e9
    libraries = loaded_blas()
    named = ", ".join(libraries) if libraries else "not found in /proc/self/maps"
    note = f"BLAS {named} (512^3 matmul {gflops:.1f} GFLOP/s)"
    if any(REFERENCE_BLAS_DIR + "libblas" in p for p in libraries):
        note += (": the reference BLAS, a slow baseline; install an optimised one"
                 " (apt-get install libopenblas0-pthread)")
    return note


def allocator_note():
    """The allocator this process runs with: tcmalloc or jemalloc where one is mapped, else
    glibc's malloc (and, when set, its mmap threshold)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {fields[5] for fields in (line.split() for line in maps) if len(fields) > 5}
    except OSError:
        paths = set()
    for name in ("tcmalloc", "jemalloc"):
        found = sorted(p for p in paths if name in os.path.basename(p))
        if found:
            return f"allocator {found[0]}"
    threshold = os.environ.get("MALLOC_MMAP_THRESHOLD_")
    return "allocator glibc malloc" + (f" (mmap threshold {threshold})" if threshold else
                                       ": large tensors mapped afresh at each step, a slow baseline")


def synchronized_clock(device):
    """time.perf_counter() after the device's queued work finished."""
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter()


def rate(step, steps, device, min_seconds=0.0):
    """Steps per second of step: at least WARMUP warm-up steps and a quarter of min_seconds, then
    at least `steps` timed steps and at least min_seconds of them (as ecoc4j's side times)."""
    start = synchronized_clock(device)
    done = 0
    while done < WARMUP or synchronized_clock(device) - start < min_seconds / 4:
        step()
        done += 1
    start = synchronized_clock(device)
    done = 0
    elapsed = 0.0
    while done < steps or elapsed < min_seconds:
        step()
        done += 1
        if done >= steps:
            elapsed = synchronized_clock(device) - start
    return done / (synchronized_clock(device) - start)


def resident(field):
    """A kB field of /proc/self/status (VmRSS, VmHWM) in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status (memory is read on Linux only)")


def random_batch(shape, batch):
    """The benchmark's batch: random images in [0, 1) and labels, drawn from seed 1."""
    generator = torch.Generator().manual_seed(1)
    images = torch.rand((batch, *shape), generator=generator)
    labels = torch.randint(0, OUTPUTS, (batch,), generator=generator)
    return images, labels


def training(factory, shape, batch, steps, device, min_seconds=0.0):
    """Builds the model and its AdamW optimizer on random data and times its training steps;
    returns the model, the data and training images/s."""
    images, labels = random_batch(shape, batch)
    if device.type == "cuda":
        images, labels = images.pin_memory(), labels.pin_memory()

    model = factory().to(device).train()
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-4)

    def train_step():
        x, y = images.to(device), labels.to(device)
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()

    return model, images, labels, rate(train_step, steps, device, min_seconds) * batch


def attacking(model, images, labels, steps, device, min_seconds=0.0):
    """Freezes the model in inference mode and times its attack steps (per-sample losses and
    their input gradient); returns attack steps/s."""
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)

    def attack_step():
        x = images.to(device).requires_grad_(True)
        losses = F.cross_entropy(model(x), labels.to(device), reduction="none")
        (gradient,) = torch.autograd.grad(losses.sum(), x)
        losses.cpu()
        gradient.cpu()

    return rate(attack_step, steps, device, min_seconds)


def gpu_memory_used():
    """MiB in use on the first GPU as nvidia-smi reports it, or None without a figure."""
    try:
        done = subprocess.run(NVIDIA_SMI, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = done.stdout.strip().splitlines()[:1]
    if done.returncode != 0 or not first or not first[0].strip().isdigit():
        return None
    return float(first[0].strip())


class DeviceGrowth:
    """Reads the first GPU's memory in use now and every POLL_SECONDS until growth() is asked."""

    def __init__(self):
        self.before = gpu_memory_used()
        self.peak = self.before
        self.stop = threading.Event()
        self.poller = threading.Thread(target=self.poll, daemon=True)
        if self.before is not None:
            self.poller.start()

    def poll(self):
        while not self.stop.wait(POLL_SECONDS):
            self.observe()

    def observe(self):
        used = gpu_memory_used()
        if used is not None:
            self.peak = max(self.peak, used)

    def growth(self):
        """The largest reading (one now included) less the first, MiB; None without one."""
        if self.before is None:
            return None
        self.stop.set()
        self.poller.join()
        self.observe()
        return self.peak - self.before


def memory_child(work, model_name, batch, device_name, threads, results):
    """Run in a fresh process: the resident set before the model is built, the peak after the
    work ("training" or "attack" steps on the initial weights), the CUDA allocator's peak and the
    growth of the GPU's memory in use."""
    torch.set_num_threads(threads)
    device = torch.device(device_name)
    shape, factory = {name: (shape, factory) for name, shape, factory in MODELS}[model_name]
    baseline = resident("VmRSS")
    growth = DeviceGrowth() if device.type == "cuda" else None
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    if work == "training":
        training(factory, shape, batch, MEMORY_STEPS, device)
    else:
        images, labels = random_batch(shape, batch)
        attacking(factory().to(device), images, labels, MEMORY_STEPS, device)
    peak = resident("VmHWM")
    dev = torch.cuda.max_memory_allocated() / MIB if device.type == "cuda" else None
    results.put((peak / MIB, (peak - baseline) / MIB, dev,
                 None if growth is None else growth.growth()))


def peak_memory(work, model_name, batch, device, threads):
    """(peak MiB, growth MiB, allocator MiB or None, device growth MiB or None) of one work on
    one model in a fresh process."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(
        target=memory_child, args=(work, model_name, batch, device.type, threads, results))
    child.start()
    outcome = results.get()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"{work} memory child of {model_name} exited with {child.exitcode}")
    return outcome


def measure(factory, shape, batch, steps, device, min_seconds):
    model, images, labels, train = training(factory, shape, batch, steps, device, min_seconds)
    return train, attacking(model, images, labels, steps, device, min_seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", choices=("cuda", "cpu"))
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--min-seconds", type=float, default=0.0,
                        help="time each figure for at least this long as well (more steps where "
                             "the steps take less)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--models", default=",".join(name for name, _, _ in MODELS[:3]))
    parser.add_argument("--batches", default="64,1")
    parser.add_argument("--memory", action="store_true",
                        help="add peak resident (and CUDA) memory of training and of attack "
                             "steps, per child process")
    args = parser.parse_args()
    if args.steps < 1:
        parser.error(f"steps must be positive, got {args.steps}")
    if not 0 <= args.min_seconds < float("inf"):
        parser.error(f"min-seconds must be a finite number of at least 0, got {args.min_seconds}")
    known = {name: (shape, factory) for name, shape, factory in MODELS}
    models = [m.strip() for m in args.models.split(",")]
    unknown = [m for m in models if m not in known]
    try:
        batches = [int(b) for b in args.batches.split(",")]
    except ValueError:
        parser.error(f"batches must be comma-separated integers, got {args.batches}")
    if any(b < 1 for b in batches):
        parser.error(f"batches must be positive, got {args.batches}")
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("device cuda: torch.cuda.is_available() is False")
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True

    name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    blas = f", {blas_note()}, {allocator_note()}" if device.type == "cpu" else ""
    print(f"torch {torch.__version__} on {name}, {args.threads} threads, "
          f"at least {args.steps} timed steps and {args.min_seconds:g} s per figure{blas}")
    if unknown:
        # Models this script does not define are left out (ecoc4j shows "-" for them).
        print(f"not defined here, skipped: {', '.join(unknown)}", flush=True)
    memory_header = "".join(
        f" {work + ' peak':>12} {'growth':>10} {'device':>10} {'dev growth':>10}" for work in WORKS
    ) + " (MiB)" if args.memory else ""
    print(f"{'model':<11} {'input':<8} {'batch':>5} {'train img/s':>14} {'attack steps/s':>15} "
          f"{'attack img/s':>14}{memory_header}")
    for model in models:
        if model not in known:
            continue
        shape, factory = known[model]
        for batch in batches:
            train, attack = measure(factory, shape, batch, args.steps, device, args.min_seconds)
            memory = ""
            if args.memory:
                for work in WORKS:
                    peak, growth, dev, used = peak_memory(
                        work, model, batch, device, args.threads)
                    memory += (f" {peak:>12.1f} {growth:>10.1f} "
                               f"{'-' if dev is None else f'{dev:.1f}':>10} "
                               f"{'-' if used is None else f'{used:.0f}':>10}")
            print(f"{model:<11} {'x'.join(map(str, shape)):<8} {batch:>5} {train:>14.1f} "
                  f"{attack:>15.2f} {attack * batch:>14.1f}{memory}", flush=True)


if __name__ == "__main__":
    main()
