#!/usr/bin/env bash
# Packs everything the ort backend's tests and benchmark need on a machine without Maven, without
# ~/.m2 and without a JDK (the lent GPU machine) into numbered parcels small enough to carry one
# per device call: a jlinked Java runtime, the class path jars (project modules, dependencies,
# the ort tests, the JUnit console launcher) and the native libraries of the JavaCPP jars,
# extracted into a folder laid out like the jars, which goes on the class path (JavaCPP loads a
# library found in a class path folder in place, and prefers the linux-x86_64-gpu natives to the
# CPU ones when both are there).
#
# Usage: backends/ort/device/pack.sh [gpu|cpu]     (default gpu: builds with -Pcuda)
# Output: gpu-parcels/ at the repository root (ignored by git):
#   ecoc4j-device.tar.xz.part-NN  pieces of at most PIECE_MIB MiB (default 55)
#   SHA256SUMS                    sha256 of every piece and of the whole archive
# Then see backends/ort/README.md (CUDA) for the device calls, and run.sh for the steps there.
set -euo pipefail

variant="${1:-gpu}"
case "$variant" in
  gpu) profile=(-Pcuda) ;;
  cpu) profile=() ;;
  *) echo "pack.sh: unknown variant '$variant' (gpu or cpu)" >&2; exit 2 ;;
esac
piece_mib="${PIECE_MIB:-55}"
junit_platform_version=1.14.4
# jdeps over the class path finds java.base, java.logging, jdk.unsupported (JavaCPP, protobuf)
# and java.sql (the JUnit console launcher; it brings java.xml for the XML reports); JUnit scans
# jars for test classes through jdk.zipfs. The whole ort test suite runs on these.
modules=java.base,java.logging,java.sql,jdk.unsupported,jdk.zipfs

root="$(cd "$(dirname "$0")/../../.." && pwd)"
out="$root/gpu-parcels"
stage="$root/backends/ort/target/device-stage"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
console="$m2/org/junit/platform/junit-platform-console-standalone/$junit_platform_version"
console="$console/junit-platform-console-standalone-$junit_platform_version.jar"

for tool in jlink jar xz sha256sum split; do
  command -v "$tool" >/dev/null || { echo "pack.sh: '$tool' is needed" >&2; exit 1; }
done
if [[ ! -f "$console" ]]; then
  echo "pack.sh: $console is missing; fetch it once with" >&2
  echo "  ./mvnw -B dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_platform_version" >&2
  exit 1
fi

cd "$root"
deps=backends/ort/target/dependency
rm -rf "$deps"   # copy-dependencies adds to it: a former -Pcuda run would leave the -gpu jar
echo "== building backends/ort (${variant}) and copying its test class path"
./mvnw -q -B -o "${profile[@]}" -pl backends/ort -am package -DskipTests \
  dependency:copy-dependencies -DincludeScope=test

rm -rf "$stage" "$out"
mkdir -p "$stage/lib" "$stage/tools" "$stage/natives" "$out"

echo "== class path jars"
cp backends/ort/target/ecoc4j-backend-ort-*.jar "$stage/lib/"
jar --create --file "$stage/lib/ecoc4j-backend-ort-tests.jar" -C backends/ort/target/test-classes .
for j in "$deps"/*.jar; do
  name="$(basename "$j")"
  case "$name" in
    # natives: extracted below
    *-linux-x86_64.jar | *-linux-x86_64-gpu.jar) ;;
    # inside the JUnit console launcher already
    junit-* | opentest4j-* | apiguardian-*) ;;
    *) cp "$j" "$stage/lib/" ;;
  esac
done
cp "$console" "$stage/tools/"

echo "== native libraries"
for j in "$deps"/*-linux-x86_64.jar "$deps"/*-linux-x86_64-gpu.jar; do
  [[ -f "$j" ]] || continue
  name="$(basename "$j")"
  # the gpu variant needs only ONNX Runtime's -gpu natives (which JavaCPP prefers anyway)
  if [[ "$variant" == gpu && "$name" == onnxruntime-*-linux-x86_64.jar ]]; then
    continue
  fi
  unzip -q -o "$j" 'org/bytedeco/*.so*' -d "$stage/natives"
done
if [[ "$variant" == gpu && ! -f \
    "$stage/natives/org/bytedeco/onnxruntime/linux-x86_64-gpu/libonnxruntime_providers_cuda.so" ]]; then
  echo "pack.sh: the CUDA provider is missing from the -gpu jar" >&2
  exit 1
fi

echo "== jlinked runtime ($modules)"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$stage/runtime"

echo "$variant" > "$stage/VARIANT"
{
  echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "packed $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "java $("$stage/runtime/bin/java" -version 2>&1 | head -1)"
} > "$stage/BUILD"

echo "== archive (xz -9, this takes a few minutes)"
tar -C "$stage" -cf - VARIANT BUILD runtime lib tools natives \
  | xz -9 -T2 > "$out/ecoc4j-device.tar.xz"
(
  cd "$out"
  split -b "${piece_mib}M" -d -a 2 ecoc4j-device.tar.xz ecoc4j-device.tar.xz.part-
  sha256sum ecoc4j-device.tar.xz.part-* ecoc4j-device.tar.xz > SHA256SUMS
  rm ecoc4j-device.tar.xz
)
echo "== parcels in $out"
du -sb "$stage"/runtime "$stage"/lib "$stage"/tools "$stage"/natives | awk '{printf "%9.1f MB raw  %s\n", $1 / 1e6, $2}'
ls -l "$out" | awk 'NR > 1 {printf "%9.1f MB  %s\n", $5 / 1e6, $9}'
