// Prints the tables of docs/benchmarks.md from a benchmark run:
//   node scripts/benchmark/table.mjs <dir>   # $CARGO_TARGET_DIR/benchmarks
//
// Charged weights (what the runtime charges: regression base + slopes × components + DB
// reads/writes at the runtime's DbWeight, and the estimated proof size) come from
// <dir>/<pallet>.analysis.json, the CLI's analysis that each generated weights.rs is written
// from (scripts/benchmark.sh keeps it), evaluated at each component's maximum (and, where
// noted, at typical values): pallet_balances' for the reference transfer, then each pallet of
// scripts/restaking-pallets that has one. The scaling evidence comes from the raw
// measurements of `bastion_scaling` (<dir>/bastion_scaling.json). The runtime's DbWeight
// and extrinsic base weight, one number each, are read from the generated constants in
// runtime/src/weights/ (`benchmark storage` and `benchmark overhead` write no analysis).

import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/benchmark/table.mjs <benchmark output dir>');
  process.exit(2);
}
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The restaking pallets, in table order: scripts/restaking-pallets (one directory under
// pallets/ a line, `#` comments).
const restakingPallets = readFileSync(join(repo, 'scripts', 'restaking-pallets'), 'utf8')
  .split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
// The runtime's DbWeight: ParityDB's cost of one read and one write on this machine
// (runtime/src/weights/paritydb_weights.rs), in picoseconds.
const dbWeights = readFileSync(join(repo, 'runtime', 'src', 'weights', 'paritydb_weights.rs'), 'utf8').replace(/(\d)_(?=\d)/g, '$1');
const READ = BigInt(dbWeights.match(/read: (\d+) \* constants::WEIGHT_REF_TIME_PER_NANOS/)[1]) * 1000n;
const WRITE = BigInt(dbWeights.match(/write: (\d+) \* constants::WEIGHT_REF_TIME_PER_NANOS/)[1]) * 1000n;
// Block limits (configs/system.rs): 2 s of ref_time per block, 75 % for ordinary
// extrinsics, less the block's base execution weight. A solochain has no proof-size limit.
const NORMAL_REF_TIME = 2_000_000_000_000n * 75n / 100n;

/**
 * The weight functions of one pallet, from the analysis `benchmark pallet` wrote them from
 * (`<dir>/<pallet>.analysis.json`, cut by scripts/benchmark.sh from the output of
 * scripts/benchmark/weight-template.hbs): the same figures as its weights.rs.
 */
function loadAnalysis(path) {
  const { benchmarks } = JSON.parse(readFileSync(path, 'utf8'));
  const slopes = (part) => Object.entries(part.slopes).map(([component, slope]) => [BigInt(slope), component]);
  const fns = {};
  for (const b of benchmarks) {
    fns[b.name] = {
      params: b.components,
      ranges: Object.fromEntries(Object.entries(b.ranges).map(([c, [min, max]]) => [c, [BigInt(min), BigInt(max)]])),
      refBase: BigInt(b.ref_time.base),
      ref: slopes(b.ref_time),
      reads: BigInt(b.reads.base),
      readSlopes: slopes(b.reads),
      writes: BigInt(b.writes.base),
      writeSlopes: slopes(b.writes),
      proofBase: BigInt(b.proof_size.base),
      proof: slopes(b.proof_size),
    };
  }
  return fns;
}

/**
 * (ref_time ps, proof bytes, execution ps, reads, writes) of `fn` with components `values`
 * (default: their maximum). Execution is the measured part, before the DB costs.
 */
function evaluate(fn, values = {}) {
  const v = (name) => values[name] ?? fn.ranges[name]?.[1] ?? 0n;
  let exec = fn.refBase;
  let reads = fn.reads;
  let writes = fn.writes;
  let proof = fn.proofBase;
  for (const [s, c] of fn.ref) exec += s * v(c);
  for (const [s, c] of fn.readSlopes) reads += s * v(c);
  for (const [s, c] of fn.writeSlopes) writes += s * v(c);
  for (const [s, c] of fn.proof) proof += s * v(c);
  return [exec + reads * READ + writes * WRITE, proof, exec, reads, writes];
}

const us = (ps) => (Number(ps) / 1e6).toFixed(1);
// How many fit in one block's ordinary share: each also pays the extrinsic base weight
// and the transaction extensions' weight.
const extrinsicWeights = join(repo, 'runtime', 'src', 'weights', 'extrinsic_weights.rs');
const EXTRINSIC_BASE = existsSync(extrinsicWeights)
  ? BigInt(readFileSync(extrinsicWeights, 'utf8').match(/WEIGHT_REF_TIME_PER_NANOS\.saturating_mul\(([\d_]+)\)/)[1].replace(/_/g, '')) * 1000n
  : 0n;
// The transaction extensions' weight of a signed extrinsic (frame-system's checks and
// ChargeTransactionPayment, the SDK's shipped weights at this runtime's DbWeight):
// `payment_queryInfo` of a transfer minus the transfer's call weight, 112.2 µs on
// 2026-11-22. Re-read it that way when the DbWeight or the SDK changes.
const TX_EXTENSIONS = BigInt(process.env.TX_EXTENSIONS_NS ?? '112200') * 1000n;
const fit = (ref) => (NORMAL_REF_TIME / (ref + EXTRINSIC_BASE + TX_EXTENSIONS)).toString();

const analysis = (pallet) => join(dir, `${pallet}.analysis.json`);
if (!existsSync(analysis('pallet_balances'))) {
  console.error(`no ${analysis('pallet_balances')}: run scripts/benchmark.sh (it measures the reference transfer).`);
  process.exit(1);
}
const balances = loadAnalysis(analysis('pallet_balances'));
const [transferRef, transferProof] = evaluate(balances.transfer_keep_alive);

console.log('| call | components (max) | ref_time (µs) | × transfer | proof size (bytes) | per block |');
console.log('|---|---|---:|---:|---:|---:|');
console.log(`| balances.transfer_keep_alive | — | ${us(transferRef)} | 1.00 | ${transferProof} | ${fit(transferRef, transferProof)} |`);
const rows = [];
const unmeasured = [];
for (const pallet of restakingPallets) {
  const path = analysis(`pallet_${pallet.replace(/-/g, '_')}`);
  if (!existsSync(path)) {
    unmeasured.push(pallet);
    continue;
  }
  const fns = loadAnalysis(path);
  for (const [name, fn] of Object.entries(fns)) {
    const [ref, proof] = evaluate(fn);
    const comps = fn.params.map((p) => `${p}=${fn.ranges[p]?.[1] ?? '?'}`).join(', ') || '—';
    const ratio = (Number(ref) / Number(transferRef)).toFixed(2);
    console.log(`| ${pallet}.${name} | ${comps} | ${us(ref)} | ${ratio} | ${proof} | ${fit(ref, proof)} |`);
    rows.push([pallet, name, fn]);
  }
}
if (unmeasured.length) {
  const names = unmeasured.map((p) => `pallet_${p.replace(/-/g, '_')}`).join(' ');
  console.error(`not in the table, never measured into ${dir}: ${unmeasured.join(', ')} (scripts/benchmark.sh ${names})`);
}

// Typical values where the maximum is far from common use.
console.log('\nAt typical component values:\n');
console.log('| call | components | ref_time (µs) | × transfer | execution (µs) | × transfer | reads | writes | proof size (bytes) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
const [, , transferExec, transferReads, transferWrites] = evaluate(balances.transfer_keep_alive);
console.log(`| balances.transfer_keep_alive | — | ${us(transferRef)} | 1.00 | ${us(transferExec)} | 1.00 | ${transferReads} | ${transferWrites} | ${transferProof} |`);
const typical = [
  ['vaults', 'deposit_unrewarded', { p: 0n }], ['vaults', 'deposit_one_earner', { p: 1n }],
  ['vaults', 'deposit_one_asset', { a: 1n }],
  ['vaults', 'deposit', { a: 1n }], ['vaults', 'request_withdrawal_one_asset', { a: 1n }],
  ['vaults', 'request_withdrawal', { a: 1n }], ['vaults', 'complete_withdrawal', { w: 1n, a: 1n }],
  ['rewards', 'claim_one_asset_recorded', { a: 1n }], ['rewards', 'claim_one_asset', { a: 1n }],
  ['rewards', 'claim', { n: 1n }], ['rewards', 'refresh_allocation', {}],
  ['slashing', 'execute_slash', { p: 1n }], ['slashing', 'request_slash', { p: 1n }],
];
for (const [pallet, name, values] of typical) {
  const fn = rows.find(([p, n]) => p === pallet && n === name)?.[2];
  if (!fn) continue;
  const [ref, proof, exec, reads, writes] = evaluate(fn, values);
  const comps = Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ') || '—';
  const x = (a, b) => (Number(a) / Number(b)).toFixed(2);
  console.log(`| ${pallet}.${name} | ${comps} | ${us(ref)} | ${x(ref, transferRef)} | ${us(exec)} | ${x(exec, transferExec)} | ${reads} | ${writes} | ${proof} |`);
}

// Scaling evidence: raw medians at s = 1 and s = 10,000.
const scalingPath = join(dir, 'bastion_scaling.json');
if (existsSync(scalingPath)) {
  const text = (b) => (Array.isArray(b) ? String.fromCharCode(...b) : String(b));
  const batches = JSON.parse(readFileSync(scalingPath, 'utf8'));
  console.log('\nStakers in the pool (raw measurements, median of the repeats):\n');
  console.log('| benchmark | stakers | time (µs) | reads | writes | proof size (bytes) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const batch of batches) {
    const bySize = new Map();
    for (const r of batch.time_results) {
      const s = r.components.find(([name]) => text(name) === 's' || name === 's')?.[1];
      if (!bySize.has(s)) bySize.set(s, []);
      bySize.get(s).push(r);
    }
    const db = new Map(batch.db_results.map((r) => [r.components[0][1], r]));
    for (const s of [...bySize.keys()].sort((a, b) => a - b)) {
      const times = bySize.get(s).map((r) => Number(r.extrinsic_time)).sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)];
      const d = db.get(s) ?? bySize.get(s)[0];
      console.log(`| ${text(batch.benchmark)} | ${s} | ${(median / 1000).toFixed(1)} | ${d.reads} | ${d.writes} | ${d.proof_size} |`);
    }
  }
}
