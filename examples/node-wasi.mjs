// Run a WASI preview1 command module under node's WASI (the oracle for `wasmrust run`).
// usage: node node-wasi.mjs [--dir HOST[::GUEST]]... [--env K=V]... FILE.wasm [ARGS...]
// Exits with the module's exit code; stdout/stderr are the module's.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
while (argv.length && argv[0].startsWith('--')) {
  const flag = argv.shift();
  const value = argv.shift();
  if (flag === '--dir') {
    const [host, guest] = value.split('::');
    preopens[guest ?? host] = host;
  } else if (flag === '--env') {
    const i = value.indexOf('=');
    env[value.slice(0, i)] = value.slice(i + 1);
  } else {
    console.error(`node-wasi: unknown flag ${flag}`);
    process.exit(2);
  }
}
const file = argv.shift();
const wasi = new WASI({ version: 'preview1', args: [file, ...argv], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
