#!/usr/bin/env bash
# Runs the parcels of pack.sh on a machine without Maven or a JDK (the lent GPU machine), from the
# repository root that the device tool carries there. Steps, run in the order given:
#
#   probe   GPU, driver, CUDA/cuDNN libraries, Python/PyTorch, a Java if any, free disk
#   stash   copies the carried pieces gpu-parcels/*.part-NN (checked against gpu-parcels/SHA256SUMS)
#           to $ECOC4J_DEVICE_HOME/parcels, where they stay while the machine is warm
#   unpack  checks that every piece is there, reassembles and checks the archive and unpacks it
#           into $ECOC4J_DEVICE_HOME/dist (runtime, class path jars, natives)
#   test    the gpu-tagged tests (CudaTrainingTest, CudaGradientTest) on cuda; with DEVICE=cpu the
#           CPU gradient checks of the zoo instead (the gpu-tagged tests then report skipped);
#           TESTS=all runs every test of the ort module
#   bench   ThroughputBenchmark and benchmarks/python/throughput.py (the same work in PyTorch)
#           on DEVICE, and the ratios
#   compare BackendOptionsComparison: an interleaved A/B of two sets of backend options (ARM_A,
#           ARM_B) in one process; not for spinning, whose arm would take cores from the other
#           between its runs (compare it with two bench runs, SPINNING=off then on)
#
# Environment: DEVICE (cuda, or cpu), ECOC4J_DEVICE_HOME (default /tmp/ecoc4j), OUT (reports;
# default $ECOC4J_DEVICE_HOME/out), PYTHON (default /opt/torch/.venv/bin/python, else python3);
# for bench, passed to ThroughputBenchmark's options of the same names: MODELS (default
# lenet,cnn1,resnet20v2,wrn-16-4), BATCHES (64,128), THREADS (intra-op threads, comma-separated,
# each measured on both sides; default 4), STEPS (least timed steps per figure, 50), ROUNDS (2),
# MIN_SECONDS (least timed seconds per figure, 2), MEMORY (on or off, on), SPINNING (off or on,
# off); for compare: MODELS (default cnn1,resnet20v2), BATCHES (64), ROUNDS (timed rounds, 10),
# ARM_A and ARM_B (required: comma-separated key=value backend options, for example
# "threads=16,conv-layout=nchw" and "threads=16").
# Example: backends/ort/device/run.sh stash unpack test
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
home="${ECOC4J_DEVICE_HOME:-/tmp/ecoc4j}"
device="${DEVICE:-cuda}"
out="${OUT:-$home/out}"
carried="$root/gpu-parcels"
parcels="$home/parcels"
dist="$home/dist"
archive=ecoc4j-device.tar.xz
cuda_libraries=(libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcufft.so.12 libcudnn.so.9)

say() { printf '\n== %s\n' "$*"; }
fail() { echo "run.sh: $*" >&2; exit 1; }

# The pieces SHA256SUMS lists, one a line.
pieces() {
  local sums="$1"
  awk '{print $2}' "$sums" | grep -F "$archive.part-"
}

# Folders holding the CUDA 13 and cuDNN 9 libraries: every lib folder of NVIDIA's Python wheels,
# then wherever else each library is found.
cuda_folders() {
  {
    find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
      -path '*/site-packages/nvidia/*' -name 'lib*.so*' -printf '%h\n' 2>/dev/null || true
    local lib
    for lib in "${cuda_libraries[@]}"; do
      find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
        -name "$lib" -printf '%h\n' -quit 2>/dev/null || true
    done
  } | awk '!seen[$0]++'
}

use_cuda_libraries() {
  local folders
  folders="$(cuda_folders | paste -sd: -)"
  [[ -n "$folders" ]] || fail "no CUDA libraries found (${cuda_libraries[*]})"
  export LD_LIBRARY_PATH="$folders${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  local lib missing=()
  for lib in "${cuda_libraries[@]}"; do
    local found=""
    IFS=: read -ra dirs <<< "$LD_LIBRARY_PATH"
    for d in "${dirs[@]}"; do [[ -e "$d/$lib" ]] && found="$d/$lib" && break; done
    if [[ -n "$found" ]]; then echo "  $lib -> $found"; else missing+=("$lib"); fi
  done
  ((${#missing[@]} == 0)) || fail "CUDA libraries not found: ${missing[*]}"
}

java_bin() {
  [[ -x "$dist/runtime/bin/java" ]] || fail "no runtime in $dist: run the unpack step first"
  echo "$dist/runtime/bin/java"
}

class_path() {
  local cp
  cp="$(find "$dist/lib" "$dist/tools" -name '*.jar' | sort | paste -sd: -)"
  echo "$cp:$dist/natives"
}

python_bin() {
  if [[ -n "${PYTHON:-}" ]]; then echo "$PYTHON"
  elif [[ -x /opt/torch/.venv/bin/python ]]; then echo /opt/torch/.venv/bin/python
  else command -v python3 || true
  fi
}

step_probe() {
  say "probe"
  nvidia-smi || echo "nvidia-smi: not available"
  echo "java on PATH: $(command -v java || echo none)"
  local py
  py="$(python_bin)"
  if [[ -n "$py" ]]; then
    "$py" -c 'import sys, torch; print("python", sys.version.split()[0], "torch", torch.__version__,
"cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(),
"gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)' \
      2>/dev/null || echo "PyTorch: not importable with $py"
  fi
  echo "CUDA library folders:"
  cuda_folders | sed 's/^/  /'
  df -h /tmp "$root" | sed 's/^/  /'
}

step_stash() {
  say "stash"
  [[ -f "$carried/SHA256SUMS" ]] || fail "carry gpu-parcels/SHA256SUMS with every call"
  mkdir -p "$parcels"
  if [[ -f "$parcels/SHA256SUMS" ]] && ! cmp -s "$carried/SHA256SUMS" "$parcels/SHA256SUMS"; then
    echo "a different parcel set was stashed before: dropping it"
    rm -f "$parcels"/*
  fi
  cp "$carried/SHA256SUMS" "$parcels/"
  local piece
  for piece in $(pieces "$carried/SHA256SUMS"); do
    if [[ -f "$carried/$piece" ]]; then
      (cd "$carried" && grep -F " $piece" SHA256SUMS | sha256sum -c --quiet -) \
        || fail "$piece is corrupt"
      cp "$carried/$piece" "$parcels/"
      echo "stashed $piece"
    fi
  done
  for piece in $(pieces "$parcels/SHA256SUMS"); do
    if [[ -f "$parcels/$piece" ]]; then echo "held:    $piece"; else echo "missing: $piece"; fi
  done
}

step_unpack() {
  say "unpack"
  [[ -f "$parcels/SHA256SUMS" ]] || fail "nothing stashed in $parcels: run the stash step"
  local piece
  for piece in $(pieces "$parcels/SHA256SUMS"); do
    [[ -f "$parcels/$piece" ]] || fail "$piece has not been stashed yet"
  done
  (cd "$parcels" && grep -F "$archive.part-" SHA256SUMS | sha256sum -c --quiet -) \
    || fail "a stashed piece is corrupt"
  local expected actual
  expected="$(awk -v a="$archive" '$2 == a {print $1}' "$parcels/SHA256SUMS")"
  actual="$(cat $(pieces "$parcels/SHA256SUMS" | sed "s|^|$parcels/|") | sha256sum | cut -d' ' -f1)"
  [[ "$expected" == "$actual" ]] || fail "the reassembled archive does not match SHA256SUMS"
  rm -rf "$dist"
  mkdir -p "$dist"
  cat $(pieces "$parcels/SHA256SUMS" | sed "s|^|$parcels/|") | xz -dc | tar -x -C "$dist"
  echo "unpacked into $dist ($(cat "$dist/VARIANT") natives)"
  cat "$dist/BUILD"
  du -sh "$dist"/* | sed 's/^/  /'
}

step_test() {
  say "test on $device"
  local java cp selection
  java="$(java_bin)"
  cp="$(class_path)"
  if [[ "$device" == cuda ]]; then
    [[ "$(cat "$dist/VARIANT")" == gpu ]] || fail "these parcels hold CPU natives (pack.sh gpu)"
    use_cuda_libraries
    nvidia-smi || true
  fi
  if [[ "${TESTS:-}" == all ]]; then
    selection=(--select-package org.ecoc4j.backends.ort)
  elif [[ "$device" == cuda ]]; then
    selection=(--select-package org.ecoc4j.backends.ort --include-tag gpu)
  else
    selection=()
    local c
    for c in CudaTrainingTest CudaGradientTest ZooGradientTest ResNetGradientTest LeNetGradientTest; do
      selection+=(--select-class "org.ecoc4j.backends.ort.$c")
    done
  fi
  mkdir -p "$out"
  set +e
  "$java" -cp "$cp" org.junit.platform.console.ConsoleLauncher execute \
    --disable-banner --disable-ansi-colors --fail-if-no-tests --details tree --reports-dir "$out/test-reports-$device" "${selection[@]}" \
    2>&1 | tee "$out/test-$device.log"
  local status=${PIPESTATUS[0]}
  set -e
  echo "tests exited with $status; log and reports in $out"
  return "$status"
}

step_bench() {
  say "bench on $device"
  local java cp py
  java="$(java_bin)"
  cp="$(class_path)"
  if [[ "$device" == cuda ]]; then
    use_cuda_libraries
  fi
  mkdir -p "$out"
  py="$(python_bin)"
  if [[ -z "$py" ]]; then
    py=none
  fi
  # One command runs both sides (the PyTorch side skipped, and said so, where torch is missing)
  # and prints the ratios.
  "$java" -cp "$cp" org.ecoc4j.backends.ort.ThroughputBenchmark --device "$device" \
    --models "${MODELS:-lenet,cnn1,resnet20v2,wrn-16-4}" --batches "${BATCHES:-64,128}" \
    --threads "${THREADS:-4}" --steps "${STEPS:-50}" --rounds "${ROUNDS:-2}" \
    --min-seconds "${MIN_SECONDS:-2}" --memory "${MEMORY:-on}" --spinning "${SPINNING:-off}" \
    --python "$py" --script "$root/benchmarks/python/throughput.py" \
    | tee "$out/bench-$device.txt"
}

step_compare() {
  say "compare"
  [[ -n "${ARM_A:-}" && -n "${ARM_B:-}" ]] \
    || fail "compare needs ARM_A and ARM_B (comma-separated key=value backend options)"
  local java cp
  java="$(java_bin)"
  cp="$(class_path)"
  mkdir -p "$out"
  "$java" -cp "$cp" org.ecoc4j.backends.ort.BackendOptionsComparison \
    "${MODELS:-cnn1,resnet20v2}" "${BATCHES:-64}" "${ROUNDS:-10}" "$ARM_A" "$ARM_B" \
    | tee "$out/compare.txt"
}

(($# > 0)) || fail "usage: run.sh probe|stash|unpack|test|bench|compare ..."
for step in "$@"; do
  case "$step" in
    probe | stash | unpack | test | bench | compare) "step_$step" ;;
    *) fail "unknown step '$step' (probe, stash, unpack, test, bench, compare)" ;;
  esac
done
