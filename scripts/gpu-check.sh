#!/usr/bin/env bash
# The GPU path end to end, for a machine with an NVIDIA GPU, its driver, CUDA and cuDNN (and internet
# access for the first step): download the GPU engines' libraries (inspectflow setup gpu), show what
# was found (inspectflow doctor), fine-tune 20 updates on MVTec AD bottle and run the benchmark, then
# print the figures. Stops with the doctor's reasons when the GPU is not usable.
#
#   scripts/gpu-check.sh [BOTTLE_DIR] [WEIGHTS_FILE]
#
# Defaults: ../shared/datasets/mvtec_ad/bottle and ../shared/weights/resnet18-imagenet-trunk.safetensors.
# Results go to gpu-check-results/ (doctor.txt, finetune.json, bench.json, bench-cpu.json).
set -euo pipefail
cd "$(dirname "$0")/.."

BOTTLE=${1:-../shared/datasets/mvtec_ad/bottle}
WEIGHTS=${2:-../shared/weights/resnet18-imagenet-trunk.safetensors}
OUT=gpu-check-results
CLI=(node apps/runtime/bin/inspectflow.mjs)
mkdir -p "$OUT"

for path in "$BOTTLE" "$WEIGHTS"; do
  [ -e "$path" ] || { echo "gpu-check: $path does not exist; pass BOTTLE_DIR and WEIGHTS_FILE" >&2; exit 2; }
done

echo "== 1/4 inspectflow setup gpu"
"${CLI[@]}" setup gpu

echo "== 2/4 inspectflow doctor"
"${CLI[@]}" doctor | tee "$OUT/doctor.txt"
"${CLI[@]}" doctor --json > "$OUT/doctor.json"
if ! grep -q 'cuda:0: available' "$OUT/doctor.txt"; then
  echo "gpu-check: the GPU is not usable here; the doctor's reasons are above" >&2
  exit 1
fi

echo "== 3/4 fine-tune 20 updates on bottle (tfjs-node-gpu), then features and scoring (onnxruntime CUDA)"
"${CLI[@]}" bench --data "$BOTTLE" --weights "$WEIGHTS" --finetune 20 --json-out "$OUT/finetune.json"

echo "== 4/4 benchmark without fine-tuning: GPU, then CPU for comparison"
"${CLI[@]}" bench --data "$BOTTLE" --weights "$WEIGHTS" --json-out "$OUT/bench.json"
INSPECTFLOW_ONNX_PROVIDER=cpu "${CLI[@]}" bench --data "$BOTTLE" --weights "$WEIGHTS" --json-out "$OUT/bench-cpu.json"

echo "== figures"
node -e '
const fs = require("fs")
for (const name of ["finetune", "bench", "bench-cpu"]) {
  const file = `'"$OUT"'/${name}.json`
  const result = JSON.parse(fs.readFileSync(file, "utf8"))
  const pick = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.some((key) => k.toLowerCase().includes(key))))
  console.log(name + ":", JSON.stringify(pick(result, ["auroc", "engine", "wall", "img", "stage", "finetune", "device", "backend"])))
}
'
