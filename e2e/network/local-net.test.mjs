// A 4-validator `local` network (Alice, Bob, Charlie, Dave) on loopback, each node with
// its own base path: all four import and finalize; with Dave killed the other three go on
// producing and finalizing (3 of 4 GRANDPA voters are enough); Dave restarted on his old
// base path catches up and still has a value written before he died.
//
// Run separately from the dev-chain tests (scripts/test.sh does, within a time bound):
//   node --test e2e/network/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode, freePort } from '../lib/node.mjs';
import { connect, waitFor, bestNumber, finalizedNumber, submit } from '../lib/chain.mjs';

// Alice's fixed network key (0x…01) gives her this peer id; the others bootstrap from it.
const ALICE_PEER = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const UNIT = 10n ** 12n;

describe('a 4-validator local network', () => {
  const base = mkdtempSync(join(tmpdir(), 'bastion-net-'));
  const nodes = {};
  const apis = {};
  let p2p;
  let rpc;

  const start = async (name) => {
    const i = NAMES.indexOf(name);
    const args = ['--chain', 'local', `--${name}`, '--node-key', (i + 1).toString(16).padStart(64, '0')];
    if (name !== 'alice') args.push('--bootnodes', `/ip4/127.0.0.1/tcp/${p2p[0]}/p2p/${ALICE_PEER}`);
    nodes[name] = await startNode({ args, name, basePath: join(base, name), rpcPort: rpc[i], p2pPort: p2p[i] });
    apis[name] = await connect(nodes[name].wsUrl);
  };

  const withLogs = (fn) => async () => {
    try {
      await fn();
    } catch (e) {
      e.message += '\n' + Object.values(nodes).map((n) => n.tail(25)).join('\n');
      throw e;
    }
  };

  before(async () => {
    await cryptoWaitReady();
    p2p = await Promise.all(NAMES.map(() => freePort()));
    rpc = await Promise.all(NAMES.map(() => freePort()));
    for (const name of NAMES) await start(name);
  });

  after(async () => {
    await Promise.all(Object.values(apis).map((api) => api.disconnect().catch(() => {})));
    await Promise.all(Object.values(nodes).map((n) => n.stop({ keepBase: true })));
    rmSync(base, { recursive: true, force: true });
  });

  test('all four peer, import and finalize', withLogs(async () => {
    for (const name of NAMES) {
      await waitFor(`${name} to see 3 peers`, async () => (await apis[name].rpc.system.health()).peers.toNumber(), (n) => n >= 3, 120_000);
    }
    for (const name of NAMES) {
      await waitFor(`${name} to finalize block 3`, () => finalizedNumber(apis[name]), (n) => n >= 3, 180_000);
    }
    // They agree on the finalized chain.
    const hash = await apis.alice.rpc.chain.getBlockHash(3);
    for (const name of NAMES) assert.equal((await apis[name].rpc.chain.getBlockHash(3)).toHex(), hash.toHex());
  }));

  test('with Dave killed the others go on; restarted, Dave catches up with his state', withLogs(async () => {
    // A value written (and finalized) before the kill.
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const marker = new Keyring({ type: 'sr25519' }).addFromUri('//NetworkTestMarker').address;
    const sent = await submit(apis.alice, apis.alice.tx.balances.transferKeepAlive(marker, 42n * UNIT), alice);
    assert.equal(sent.error, null);
    const sentAt = (await apis.alice.rpc.chain.getHeader(sent.blockHash)).number.toNumber();
    await waitFor('Dave to finalize the transfer', () => finalizedNumber(apis.dave), (n) => n >= sentAt, 120_000);
    const balance = async (name) => (await apis[name].query.system.account(marker)).data.free.toBigInt();
    assert.equal(await balance('dave'), 42n * UNIT);

    await apis.dave.disconnect();
    delete apis.dave;
    await nodes.dave.kill();
    const bestAtKill = await bestNumber(apis.alice);
    const finalAtKill = await finalizedNumber(apis.alice);
    await waitFor('blocks without Dave', () => bestNumber(apis.bob), (n) => n >= bestAtKill + 4, 120_000);
    await waitFor('finality without Dave', () => finalizedNumber(apis.charlie), (n) => n >= finalAtKill + 3, 120_000);

    await start('dave');
    const target = await bestNumber(apis.alice);
    await waitFor(`restarted Dave to reach block ${target}`, () => bestNumber(apis.dave), (n) => n >= target, 180_000);
    await waitFor('restarted Dave to finalize past the restart', () => finalizedNumber(apis.dave), (n) => n >= target - 2, 180_000);
    assert.equal(await balance('dave'), 42n * UNIT, 'Dave lost the state written before he was killed');
  }));
});
