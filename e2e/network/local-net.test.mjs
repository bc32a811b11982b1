// The `local` network securing itself, each node a host of its own (e2e/lib/netns.mjs:
// a network namespace with its own address). Alice, Bob, Charlie and Dave validate from
// genesis (operators whose stake is allocated to the consensus AVS); Eve's node starts as a
// plain node.
//
// 1. All five peer, import and finalize.
// 2. Eve becomes a validator entirely through @polkadot/api — registers as an operator,
//    stakes, opts in and allocates to the consensus AVS, rotates and sets her session keys —
//    and once her allocation applies and a session starts she is in `Session.validators`
//    and authors blocks (author read from the Aura pre-runtime digest); Dave removes his
//    allocation and leaves the set before the decrease applies (an election counts only
//    stake still slashable when its session's last offence can be reported). Finality never stops.
// 3. A validator killed, the others go on finalizing; restarted, it catches up.
// 4. The network cut 2 | 2 between the validators: no side finalizes anything new, and no
//    two nodes ever finalize different blocks at one height; healed, one chain wins and
//    every node finalizes past the cut within a bounded time, agreeing on the head.
//
// Needs root for the namespaces (CI runs as root). Run separately from the dev-chain tests
// (scripts/test.sh does, within a time bound): node --test e2e/network/

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../lib/node.mjs';
import { connect, waitFor, bestNumber, finalizedNumber, mustSucceed, send, submit } from '../lib/chain.mjs';
import { setup, teardown, partition, heal, netnsUnavailable } from '../lib/netns.mjs';

// Alice's fixed network key (0x…01) gives her this peer id; the others bootstrap from it.
const ALICE_PEER = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';
const GENESIS_VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const NAMES = [...GENESIS_VALIDATORS, 'eve'];
const UNIT = 10n ** 12n;
const PERQUINTILL = 10n ** 18n;
const CONSENSUS_AVS = 0;
const CONSENSUS_VAULT = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('the local network: validators elected by restaked stake', () => {
  const base = mkdtempSync(join(tmpdir(), 'bastion-net-'));
  const nodes = {};
  const apis = {};
  let hosts;
  let k; // keys

  const start = async (name) => {
    const i = NAMES.indexOf(name);
    const args = ['--chain', 'local', '--node-key', (i + 1).toString(16).padStart(64, '0')];
    // A genesis validator's node holds its dev keys (`--alice` …); Eve's node validates
    // with the keys it will generate itself.
    args.push(...(GENESIS_VALIDATORS.includes(name) ? [`--${name}`] : ['--validator', '--name', name]));
    if (name !== 'alice') args.push('--bootnodes', `/ip4/${hosts.alice.address}/tcp/30333/p2p/${ALICE_PEER}`);
    nodes[name] = await startNode({ args, name, basePath: join(base, name), host: hosts[name] });
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

  const ok = (name, tx, signer) => mustSucceed(apis[name], tx, signer);
  const validators = async (api = apis.alice) => (await api.query.session.validators()).map(String);
  const running = () => NAMES.filter((name) => apis[name]);

  /** The longest time finality stood still on `api` while the returned watch ran. */
  const watchFinality = (api) => {
    let last = { n: -1, at: Date.now() };
    let longest = 0;
    const timer = setInterval(async () => {
      const n = await finalizedNumber(api).catch(() => null);
      if (n !== null && n > last.n) {
        longest = Math.max(longest, Date.now() - last.at);
        last = { n, at: Date.now() };
      }
    }, 2_000);
    return () => {
      clearInterval(timer);
      return Math.max(longest, Date.now() - last.at);
    };
  };

  /** No two running nodes have finalized different blocks at one height. */
  const assertFinalizedAgree = async () => {
    const names = running();
    const finalized = await Promise.all(names.map((name) => finalizedNumber(apis[name])));
    const common = Math.min(...finalized);
    for (let h = Math.max(1, common - 30); h <= common; h += 1) {
      const hashes = await Promise.all(names.map(async (name) => (await apis[name].rpc.chain.getBlockHash(h)).toHex()));
      assert.equal(new Set(hashes).size, 1, `finalized blocks differ at height ${h}: ${names.map((n, i) => `${n} ${hashes[i]}`).join(', ')}`);
    }
    return common;
  };

  /** The Aura key that sealed block `hash`: its slot, from the pre-runtime digest, modulo
   * the authorities of its parent's state. */
  const auraAuthor = async (api, hash) => {
    const header = await api.rpc.chain.getHeader(hash);
    const pre = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
    assert.ok(pre, `block ${hash} has no Aura pre-runtime digest`);
    const slot = api.createType('u64', pre.asPreRuntime[1].toU8a(true)).toBigInt();
    const authorities = await (await api.at(header.parentHash)).query.aura.authorities();
    return authorities[Number(slot % BigInt(authorities.length))].toHex();
  };

  before(async () => {
    const unavailable = netnsUnavailable();
    if (unavailable) throw new Error(unavailable);
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519' });
    k = Object.fromEntries(NAMES.map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
    hosts = setup(NAMES);
    for (const name of NAMES) await start(name);
  });

  after(async () => {
    await Promise.all(Object.values(apis).map((api) => api.disconnect().catch(() => {})));
    await Promise.all(Object.values(nodes).map((n) => n.stop({ keepBase: true })));
    rmSync(base, { recursive: true, force: true });
    if (hosts) teardown();
  });

  test('all five peer, import and finalize; the four staked operators validate', withLogs(async () => {
    for (const name of NAMES) {
      await waitFor(`${name} to see 4 peers`, async () => (await apis[name].rpc.system.health()).peers.toNumber(), (n) => n >= 4, 120_000);
    }
    for (const name of NAMES) {
      await waitFor(`${name} to finalize block 3`, () => finalizedNumber(apis[name]), (n) => n >= 3, 180_000);
    }
    await assertFinalizedAgree();
    const set = await validators();
    assert.deepEqual([...set].sort(), GENESIS_VALIDATORS.map((n) => k[n].address).sort());
    const answer = await send(apis.alice, 'restaking_validators');
    assert.equal(answer.avs, CONSENSUS_AVS);
    assert.deepEqual(answer.current.map((v) => v.validator), set);
  }));

  test(
    'Eve becomes a validator through polkadot.js and authors blocks; Dave removes his allocation and leaves',
    { timeout: 900_000 },
    withLogs(async () => {
      const stalled = watchFinality(apis.alice);
      // Eve: an operator with 20,000 BST of her own in vault 0, all of it allocated to the
      // consensus AVS. It applies after A: joining the set is announced like any exposure.
      await ok('eve', apis.eve.tx.operators.registerOperator(50_000_000, 'eve'), k.eve);
      await ok('eve', apis.eve.tx.vaults.deposit(CONSENSUS_VAULT, k.eve.address, 20_000n * UNIT), k.eve);
      await ok('eve', apis.eve.tx.operators.optIn(CONSENSUS_AVS), k.eve);
      const [alloc, decrease] = await Promise.all([
        ok('eve', apis.eve.tx.operators.allocate(CONSENSUS_AVS, CONSENSUS_VAULT, PERQUINTILL), k.eve),
        // Dave takes his whole allocation back: slashable until D passes.
        ok('alice', apis.alice.tx.operators.allocate(CONSENSUS_AVS, CONSENSUS_VAULT, 0), k.dave),
      ]);
      const scheduled = (result) => result.events.find(({ event }) => event.section === 'operators' && event.method === 'AllocationScheduled').event.data;
      const applies = scheduled(alloc).effectiveAt.toNumber();
      const daveLeavesAt = scheduled(decrease).effectiveAt.toNumber();
      // Her node generates the keys, with the proof that she holds them.
      const generated = await send(apis.eve, 'author_rotateKeysWithOwner', u8aToHex(k.eve.publicKey));
      assert.ok(generated.proof, 'author_rotateKeysWithOwner returned no proof');
      await ok('eve', apis.eve.tx.validators.setKeys(generated.keys, generated.proof), k.eve);
      const eveAura = (await apis.eve.query.session.nextKeys(k.eve.address)).unwrap().aura.toHex();

      // An election counts only stake still slashable when the elected session's offences
      // can last be reported, (H + 2) × L blocks ahead: past the block his decrease applies, so he
      // leaves the set before it does (his stake stays slashable until then).
      await waitFor('Dave to leave Session.validators', validators, (v) => !v.includes(k.dave.address), 240_000);
      assert.ok((await bestNumber(apis.alice)) < daveLeavesAt, `Dave left only once his decrease applied (block ${daveLeavesAt})`);

      await waitFor(`Eve's allocation to apply (block ${applies})`, () => bestNumber(apis.alice), (n) => n >= applies, 400_000);
      await waitFor('Eve in Session.validators', validators, (v) => v.includes(k.eve.address), 240_000);
      const elected = await send(apis.alice, 'restaking_validators');
      const eve = elected.current.find((v) => v.validator === k.eve.address);
      assert.equal(BigInt(eve.stake), 20_000n * UNIT);

      // She seals blocks in her slots.
      let authored = null;
      await waitFor('a block sealed with Eve\'s Aura key', async () => {
        const hash = await apis.alice.rpc.chain.getBlockHash();
        if ((await auraAuthor(apis.alice, hash)) === eveAura) authored = hash.toHex();
        return authored;
      }, (found) => found !== null, 180_000);
      const longest = stalled();
      assert.ok(longest < 60_000, `finality stood still for ${Math.round(longest / 1000)} s`);
      await assertFinalizedAgree();
    }),
  );

  test('with a validator killed the others go on finalizing; restarted, it catches up', withLogs(async () => {
    const marker = new Keyring({ type: 'sr25519' }).addFromUri('//NetworkTestMarker').address;
    const sent = await submit(apis.alice, apis.alice.tx.balances.transferKeepAlive(marker, 42n * UNIT), k.alice);
    assert.equal(sent.error, null);
    const sentAt = (await apis.alice.rpc.chain.getHeader(sent.blockHash)).number.toNumber();
    await waitFor('Charlie to finalize the transfer', () => finalizedNumber(apis.charlie), (n) => n >= sentAt, 120_000);
    const balance = async (name) => (await apis[name].query.system.account(marker)).data.free.toBigInt();
    assert.equal(await balance('charlie'), 42n * UNIT);

    await apis.charlie.disconnect();
    delete apis.charlie;
    await nodes.charlie.kill();
    const finalAtKill = await finalizedNumber(apis.alice);
    await waitFor('finality without Charlie', () => finalizedNumber(apis.bob), (n) => n >= finalAtKill + 3, 120_000);

    await start('charlie');
    const target = await bestNumber(apis.alice);
    await waitFor(`restarted Charlie to reach block ${target}`, () => bestNumber(apis.charlie), (n) => n >= target, 180_000);
    await waitFor('restarted Charlie to finalize past the restart', () => finalizedNumber(apis.charlie), (n) => n >= target - 2, 180_000);
    assert.equal(await balance('charlie'), 42n * UNIT, 'Charlie lost the state written before he was killed');
  }));

  test('cut 2 | 2, nothing is finalized and nothing conflicts; healed, finality resumes on one chain', { timeout: 600_000 }, withLogs(async () => {
    const set = await validators();
    assert.deepEqual([...set].sort(), ['alice', 'bob', 'charlie', 'eve'].map((n) => k[n].address).sort());
    // Alice and Bob (and Dave, now a plain node) on one side, Charlie and Eve on the other:
    // two of four voters each, short of GRANDPA's three.
    partition(hosts, [hosts.charlie, hosts.eve]);
    await sleep(12_000); // rounds in flight at the cut settle
    const atCut = Object.fromEntries(await Promise.all(running().map(async (n) => [n, await finalizedNumber(apis[n])])));
    const bestAtCut = { alice: await bestNumber(apis.alice), charlie: await bestNumber(apis.charlie) };
    await sleep(36_000);
    for (const name of running()) {
      assert.equal(await finalizedNumber(apis[name]), atCut[name], `${name} finalized a block during the partition`);
    }
    const grew = { alice: (await bestNumber(apis.alice)) - bestAtCut.alice, charlie: (await bestNumber(apis.charlie)) - bestAtCut.charlie };
    console.log(`during the cut: ${grew.alice} blocks authored on Alice's side, ${grew.charlie} on Charlie's`);
    await assertFinalizedAgree();

    heal(hosts);
    const healed = Date.now();
    const highest = Math.max(...Object.values(atCut));
    for (const name of running()) {
      await waitFor(`${name} to finalize past the partition`, () => finalizedNumber(apis[name]), (n) => n > highest + 1, 180_000);
    }
    console.log(`finality resumed on every node ${Math.round((Date.now() - healed) / 1000)} s after the heal`);
    const common = await assertFinalizedAgree();
    assert.ok(common > highest, 'the nodes agree only on blocks finalized before the cut');
  }));
});
