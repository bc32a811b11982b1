// Starts and stops real bastion-node processes for the e2e tests.
//
// Every node gets free loopback ports and its own temporary base path, its output is
// kept (and printed if a test fails), and it is stopped whatever happens: by the test's
// `after` hook, or by the exit handler below if the test runner itself dies.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';

const running = new Set();
for (const signal of ['exit', 'SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const node of running) node.kill('SIGKILL');
    if (signal !== 'exit') process.exit(1);
  });
}

export function nodeBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/bastion/target');
  const bin = process.env.BASTION_NODE ?? join(target, 'debug/bastion-node');
  if (!existsSync(bin)) {
    throw new Error(
      `no bastion-node at ${bin}: build it with \`cargo build -p bastion-node\` ` +
        '(or run scripts/test.sh), or point BASTION_NODE at a binary.',
    );
  }
  return bin;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a node. `args` are passed after the ones chosen here; `basePath` reuses a
 * database (for restarts), otherwise a fresh temporary one is made and removed at stop.
 *
 * On loopback by default. With `host` (e2e/lib/netns.mjs) the node runs inside that host's
 * network namespace: it listens for peers on the host's own address, and serves RPC on the
 * host's management address, which is how the test reaches it.
 */
export async function startNode({ args = ['--dev'], basePath, name = 'node', rpcPort, p2pPort, host } = {}) {
  const ownsBase = !basePath;
  const base = basePath ?? mkdtempSync(join(tmpdir(), 'bastion-e2e-'));
  rpcPort ??= host ? 9944 : await freePort();
  p2pPort ??= host ? 30333 : await freePort();
  const rpcHost = host?.rpcAddress ?? '127.0.0.1';
  const fullArgs = [
    '--base-path', base,
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/${host?.address ?? '127.0.0.1'}/tcp/${p2pPort}`,
    '--no-prometheus',
    '--no-telemetry',
    '--no-mdns',
    '--rpc-cors', 'all',
    // A namespaced host serves RPC on its management address, reachable from the test
    // only; the test calls the node's unsafe methods (author_rotateKeysWithOwner).
    ...(host ? ['--rpc-external', '--rpc-methods', 'unsafe'] : []),
    ...args,
  ];
  const [command, commandArgs] = host
    ? ['ip', ['netns', 'exec', host.netns, nodeBinary(), ...fullArgs]]
    : [nodeBinary(), fullArgs];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const log = [];
  const keep = (chunk) => {
    log.push(...chunk.toString().split('\n').filter(Boolean));
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));

  const node = {
    name,
    rpcPort,
    p2pPort,
    basePath: base,
    wsUrl: `ws://${rpcHost}:${rpcPort}`,
    rpcUrl: `http://${rpcHost}:${rpcPort}`,
    child,
    log,
    exited,
    /** The node's last output lines, for failure messages. */
    tail: (n = 60) => `--- last ${n} lines of ${name} ---\n${log.slice(-n).join('\n')}`,
    /** Stops the node: SIGINT, then SIGKILL after 20 s. Removes a temporary base path. */
    async stop({ keepBase = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownsBase && !keepBase) rmSync(base, { recursive: true, force: true });
    },
    /** Kills the node at once, as a crash would. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };

  await waitForRpc(node);
  return node;
}

/** Waits until the node answers `system_health` over HTTP. */
async function waitForRpc(node, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null || node.child.signalCode !== null) {
      throw new Error(`${node.name} exited before its RPC came up\n${node.tail()}`);
    }
    try {
      const res = await fetch(node.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${node.name}'s RPC did not come up within ${timeoutMs / 1000} s\n${node.tail()}`);
}

/**
 * Wraps a test body so that, if it fails, the failure carries the last lines of the
 * node `getNode()` returns (the node is started in `before`, after the tests are declared).
 */
export const withNodeLog = (getNode) => (fn) => async () => {
  try {
    await fn();
  } catch (e) {
    e.message += `\n${getNode()?.tail() ?? ''}`;
    throw e;
  }
};
