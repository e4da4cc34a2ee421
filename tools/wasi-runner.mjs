// Runs a wasm32-wasip1 program (a test binary, an example) under Node's
// WASI preview1, as the cargo runner for that target (.cargo/config.toml):
//   node tools/wasi-runner.mjs prog.wasm [args...]
// The current directory is preopened as "." so tests may read files; the
// exit code is the program's.
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import process from "node:process";

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  console.error("usage: node tools/wasi-runner.mjs prog.wasm [args...]");
  process.exit(2);
}
const wasi = new WASI({
  version: "preview1",
  args: [wasmPath, ...args],
  env: process.env,
  preopens: { ".": "." },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exit(wasi.start(instance));
