// A runtime upgrade of a live dev chain, as governance (sudo, on --dev) does it through
// polkadot.js: `system.setCode` with a runtime one spec_version higher
// (runtime/upgrade-rehearsal). The chain is first put in the state a chain at
// pallet-vaults storage version 0 has (no index of operators' pools), so the v0 → v1
// migration in the runtime's `Migrations` has work to do. Then: blocks and finality
// continue, the migration ran exactly once, and the restaking state and the `restaking_*`
// answers are what they were before.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';
import { startNode, withNodeLog } from '../lib/node.mjs';
import { connect, waitFor, bestNumber, finalizedNumber, mustSucceed, submit, send } from '../lib/chain.mjs';

const UNIT = 10n ** 12n;

function upgradeWasm() {
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/bastion/target');
  const dir = join(target, 'debug/wbuild/bastion-runtime-upgrade-rehearsal');
  // The dev profile's wasm builder leaves the blob uncompressed; a release build compresses it.
  const candidates = process.env.BASTION_UPGRADE_WASM
    ? [process.env.BASTION_UPGRADE_WASM]
    : ['compact.compressed.wasm', 'wasm'].map((ext) => join(dir, `bastion_runtime_upgrade_rehearsal.${ext}`));
  const path = candidates.find(existsSync);
  if (!path) {
    throw new Error(
      `no upgrade runtime at ${candidates.join(' or ')}: build it with ` +
        '`cargo build -p bastion-runtime-upgrade-rehearsal` (scripts/test.sh does), or point ' +
        'BASTION_UPGRADE_WASM at a wasm blob.',
    );
  }
  return readFileSync(path);
}

/** The key pallet `name`'s storage version is kept under. */
const storageVersionKey = (name) => xxhashAsHex(name, 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);

describe('runtime upgrade of a live dev chain', () => {
  let node;
  let api;
  let k;
  const operator = () => k.charlie.address; // the dev preset's operator

  const withLog = withNodeLog(() => node);
  const ok = (tx, signer) => mustSucceed(api, tx, signer);
  // A block's events, read raw and decoded with the api's current types. polkadot.js
  // decodes the events of the block that changes the code with that code's metadata, which
  // it may not have fetched yet (it then reports none, or misreads them); the event types
  // are the same on both sides of this upgrade.
  const eventsAt = async (hash) => {
    const raw = await send(api, 'state_getStorage', api.query.system.events.key(), hash.toString());
    try {
      return api.createType('Vec<FrameSystemEventRecord>', raw).map(({ event }) => event);
    } catch (e) {
      throw new Error(`block ${hash}: events unreadable: ${e.message}`);
    }
  };
  const names = (events) => events.map((e) => `${e.section}.${e.method}`).join(', ');
  // Sudo succeeds as a transaction whatever the call does: its `Sudid` event says.
  const sudo = async (call) => {
    const result = await ok(api.tx.sudo.sudo(call), k.alice);
    const events = await eventsAt(result.blockHash);
    result.events = events;
    const sudid = events.find((e) => e.section === 'sudo' && e.method === 'Sudid');
    assert.ok(sudid, `no sudo.Sudid event in the block: ${names(events)}`);
    const outcome = sudid.data[0];
    if (outcome.isErr) {
      const err = outcome.asErr;
      const why = err.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(err.asModule)) : err.type;
      assert.fail(`sudo(${call.method.section}.${call.method.method}) failed: ${why}`);
    }
    return result;
  };
  // FRAME reads an absent version as 0.
  const version = async (pallet) => {
    const raw = await api.rpc.state.getStorage(storageVersionKey(pallet));
    return raw.isSome ? api.createType('u16', raw.unwrap()).toNumber() : 0;
  };
  const specVersion = async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const indexed = async () => (await api.query.vaults.operatorPools.keys()).length;
  // The answers that do not move by themselves from block to block (rewards accrue, so a
  // position's `claimable` is compared apart).
  const answers = async () => {
    const exposure = await send(api, 'restaking_stakerExposure', k.bob.address);
    const claimable = exposure.positions.map((p) => p.claimable);
    for (const p of exposure.positions) delete p.claimable;
    return {
      operatorStake: await send(api, 'restaking_operatorStake', operator()),
      avsSecurity: await send(api, 'restaking_avsSecurity', 0),
      exposure,
      claimable,
    };
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode({ args: ['--dev'], name: 'dev node (runtime upgrade)' });
    api = await connect(node.wsUrl);
    const keyring = new Keyring({ type: 'sr25519' });
    k = Object.fromEntries(['alice', 'bob', 'charlie'].map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  test(
    'setCode to spec_version + 1 runs the v0 → v1 migration once; state and answers carry on',
    { timeout: 240_000 },
    withLog(async () => {
      // Stake in both of the operator's vaults, so there are pools to index.
      await ok(api.tx.vaults.deposit(0, operator(), 1_000n * UNIT), k.bob);
      await ok(api.tx.vaults.deposit(1, operator(), 500n * 1_000_000n), k.bob);
      const pools = (await api.query.vaults.pools.keys()).length;
      assert.ok(pools >= 2, `expected the two pools just opened, found ${pools}`);
      assert.equal(await indexed(), pools, 'every pool is indexed on a chain that started at v1');
      assert.equal(await version('Vaults'), 1);
      const before = await answers();
      assert.equal(before.operatorStake.pools.length, 2);

      // The state of a chain at version 0: no index, version 0 on chain.
      await sudo(
        api.tx.utility.batchAll([
          api.tx.system.killPrefix(api.query.vaults.operatorPools.keyPrefix(), 1000),
          api.tx.system.setStorage([[storageVersionKey('Vaults'), u8aToHex(api.createType('u16', 0).toU8a())]]),
        ]),
      );
      assert.equal(await indexed(), 0);
      assert.equal(await version('Vaults'), 0);
      assert.deepEqual(
        (await send(api, 'restaking_operatorStake', operator())).pools,
        [],
        'without the index the operator shows no pools',
      );

      // The upgrade.
      const oldSpec = await specVersion();
      const code = upgradeWasm();
      const setCode = await sudo(api.tx.system.setCode(u8aToHex(code)));
      assert.ok(
        setCode.events.some((e) => e.section === 'system' && e.method === 'CodeUpdated'),
        `no system.CodeUpdated event: ${names(setCode.events)}`,
      );
      const upgradedIn = (await api.rpc.chain.getHeader(setCode.blockHash)).number.toNumber();
      // The block that sets the code already reports the new version; the next one runs it.
      await waitFor('the new runtime', specVersion, (v) => v === oldSpec + 1, 60_000);

      // Blocks continue, and the migration ran in exactly one of them.
      await waitFor('three blocks on the new runtime', () => bestNumber(api), (n) => n >= upgradedIn + 4, 60_000);
      assert.equal((await api.query.system.lastRuntimeUpgrade()).unwrap().specVersion.toNumber(), oldSpec + 1);
      const runs = [];
      for (let n = upgradedIn; n <= (await bestNumber(api)); n++) {
        const events = await eventsAt(await api.rpc.chain.getBlockHash(n));
        for (const e of events) {
          if (e.section === 'vaults' && e.method === 'OperatorPoolsIndexed') runs.push({ n, pools: e.data.pools.toNumber() });
        }
      }
      assert.deepEqual(runs, [{ n: upgradedIn + 1, pools }], 'the migration runs once, in the first block of the new runtime');
      assert.equal(await version('Vaults'), 1);
      assert.equal(await indexed(), pools);
      for (const pallet of ['Operators', 'Avs', 'Slashing']) {
        assert.equal(await version(pallet), 0, `${pallet}'s storage version is unchanged`);
      }
      // Rewards started at its version 4 (genesis): its v0 → v1 … v3 → v4 migrations did
      // nothing.
      assert.equal(await version('Rewards'), 4, "Rewards' storage version is unchanged");

      // Restaking state and answers are what they were.
      const after = await answers();
      assert.deepEqual(after.operatorStake, before.operatorStake);
      assert.deepEqual(after.avsSecurity, before.avsSecurity);
      assert.deepEqual(after.exposure, before.exposure);
      after.claimable.forEach((assets, i) =>
        assets.forEach((a, j) =>
          assert.ok(BigInt(a.amount) >= BigInt(before.claimable[i][j]?.amount ?? 0), 'rewards keep accruing'),
        ),
      );
      // Deposits still work on the new runtime, and finality follows.
      await ok(api.tx.vaults.deposit(0, operator(), 10n * UNIT), k.bob);
      await waitFor('finality past the upgrade', () => finalizedNumber(api), (n) => n > upgradedIn + 1, 60_000);
    }),
  );
});
