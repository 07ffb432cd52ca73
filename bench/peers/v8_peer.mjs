// v8_peer.mjs: the V8 side of bench/peers/run (node decides the tier through the V8 flags
// the script passes; see TIER_FLAGS in bench/peers/run).
//
//   node FLAGS v8_peer.mjs compile FILE REPS   `new WebAssembly.Module` REPS times
//   node FLAGS v8_peer.mjs run FILE N REPS     compile once, then per repetition a new
//                                              instance (no imports) and one timed call of
//                                              the export `bench(N) -> i64`
//
// Output, one line per repetition: `rep CPU_MS WALL_MS` (CPU: the whole process, which with
// --single-threaded does its compiling on the main thread), then `checksum V` (run mode).
// Every compile repetition gets different bytes (a custom section holding the repetition
// number), so V8's native module cache, which returns the module compiled earlier from
// identical bytes, cannot answer it (the script also passes
// --no-wasm-native-module-cache-enabled).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// {bytes} plus a custom section "wr-peer-rep" whose payload is {rep} (4 bytes).
function perturbed(bytes, rep) {
  const name = Buffer.from('wr-peer-rep');
  const payload = Buffer.alloc(1 + name.length + 4);
  payload[0] = name.length;
  name.copy(payload, 1);
  payload.writeUInt32LE(rep, 1 + name.length);
  return Buffer.concat([bytes, Buffer.from([0, payload.length]), payload]);
}

function timed(fn) {
  const c0 = cpuMs();
  const w0 = performance.now();
  const v = fn();
  const w1 = performance.now();
  const c1 = cpuMs();
  console.log(`rep ${(c1 - c0).toFixed(3)} ${(w1 - w0).toFixed(3)}`);
  return v;
}

const [mode, file, ...rest] = process.argv.slice(2);
const bytes = fs.readFileSync(file);
if (mode === 'compile') {
  const reps = Number(rest[0]);
  const inputs = Array.from({ length: reps }, (_, r) => perturbed(bytes, r));
  for (const input of inputs) timed(() => new WebAssembly.Module(input));
} else if (mode === 'run') {
  const [n, reps] = rest.map(Number);
  const module = new WebAssembly.Module(bytes);
  let checksum = 0n;
  for (let r = 0; r < reps; ++r) {
    const instance = new WebAssembly.Instance(module, {});
    checksum = timed(() => instance.exports.bench(n));
  }
  console.log(`checksum ${BigInt.asIntN(64, checksum)}`);
} else {
  console.error('usage: node v8_peer.mjs compile FILE REPS | run FILE N REPS');
  process.exit(2);
}
