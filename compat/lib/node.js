// Shared helpers for the wallet-compatibility suite. Kept outside test/ so that
// `node --test compat/test/` does not run this file as a test file.
import { HDNodeWallet, JsonRpcProvider, Network, Wallet } from "ethers";

export const RPC_URL = process.env.MERCATO_RPC_URL || "http://127.0.0.1:8545";
export const CHAIN_ID = 31337n;
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const GENESIS_BALANCE = 10_000n * 10n ** 18n;
/** How long to wait for a transaction to be mined; generous for a 1 s block time. */
export const MINE_TIMEOUT_MS = Number(process.env.MERCATO_MINE_TIMEOUT_MS || 30_000);
/** Per-test timeout for node:test. */
export const TEST_TIMEOUT_MS = 2 * MINE_TIMEOUT_MS;

/**
 * Dev accounts this suite may send from. The JS suite owns #9..#19 so that the web3j suite
 * (#1..#8) can run against the same node at the same time without nonce clashes; each test file
 * owns its own subset (see compat/README.md) because node --test runs files concurrently.
 */
export const JS_ACCOUNTS = Object.freeze({ min: 9, max: 19 });

const devRoot = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0");

/** The private key of dev account #i (m/44'/60'/0'/0/i); only #9..#19 belong to this suite. */
export function devKey(i) {
  if (!Number.isInteger(i) || i < JS_ACCOUNTS.min || i > JS_ACCOUNTS.max) {
    throw new Error(`dev account #${i} is not reserved for the JS suite (#9..#19)`);
  }
  return devRoot.deriveChild(i).privateKey;
}

/** Dev account #i as a Wallet connected to `provider`. */
export function devWallet(i, provider) {
  return new Wallet(devKey(i), provider);
}

/** One raw JSON-RPC call over fetch, without ethers; throws if the node does not answer in time. */
export async function rawRpc(method, params = [], { timeoutMs = 5_000 } = {}) {
  const res = await fetch(RPC_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return res.json();
}

/**
 * Checks that the node answers before any ethers provider is created: ethers retries network
 * detection forever, which would turn "node not running" into a hung test run.
 */
export async function assertNodeReachable() {
  let reply;
  try {
    reply = await rawRpc("eth_chainId");
  } catch (e) {
    throw new Error(`no JSON-RPC node answers at ${RPC_URL} (set MERCATO_RPC_URL): ${e.message}`);
  }
  if (!reply || typeof reply.result !== "string") {
    throw new Error(`eth_chainId at ${RPC_URL} answered ${JSON.stringify(reply)}`);
  }
  return BigInt(reply.result);
}

/**
 * An ethers provider as a wallet would use it (request batching left on), with fast polling so
 * that tx.wait() notices short block times, and no response cache so that nonce and balance reads
 * are never stale. The network is pinned after assertNodeReachable() so a node that dies mid-run
 * makes requests fail instead of hanging in network detection.
 */
export async function connect() {
  const chainId = await assertNodeReachable();
  return new JsonRpcProvider(RPC_URL, undefined, {
    staticNetwork: Network.from(chainId),
    pollingInterval: 200,
    cacheTimeout: -1,
  });
}

/**
 * The error the node itself returned for a JSON-RPC call, as { code, message }, dug out of the
 * wrapper ethers puts around it: err.info.error for recognised send errors (NONCE_EXPIRED,
 * INSUFFICIENT_FUNDS, REPLACEMENT_UNDERPRICED...), err.error for UNKNOWN_ERROR ("could not
 * coalesce error"), and err.info.payload/responseBody style fields for the rest.
 */
export function nodeError(err) {
  const seen = new Set();
  const candidates = [];
  const visit = (e, depth) => {
    if (!e || typeof e !== "object" || seen.has(e) || depth > 6) return;
    seen.add(e);
    if (typeof e.message === "string" && (typeof e.code === "number" || depth > 0)) {
      candidates.push({ code: typeof e.code === "number" ? e.code : undefined, message: e.message, depth });
    }
    for (const key of ["info", "error", "cause", "data"]) visit(e[key], depth + 1);
    if (typeof e.info?.responseBody === "string") {
      try {
        visit(JSON.parse(e.info.responseBody), depth + 1);
      } catch {
        /* not JSON */
      }
    }
  };
  visit(err, 0);
  // A JSON-RPC error object has a numeric code; prefer it over ethers' own wrappers.
  const rpc = candidates.find((c) => c.code !== undefined && Number.isInteger(c.code) && c.code < 0);
  if (rpc) return { code: rpc.code, message: rpc.message };
  const deepest = candidates.sort((a, b) => b.depth - a.depth)[0];
  return { code: undefined, message: deepest ? deepest.message : err?.shortMessage || err?.message || String(err) };
}

/**
 * Runs `action`, expects it to throw, and checks the node's message contains `expected`
 * (case-insensitive, as wallets match). Returns the extracted { code, message } for more checks.
 */
export async function expectNodeRejection(action, expected) {
  let thrown;
  try {
    await action();
  } catch (e) {
    thrown = e;
  }
  if (!thrown) {
    throw new Error(`expected the node to reject with "${expected}", but the call succeeded`);
  }
  const found = nodeError(thrown);
  if (!found.message.toLowerCase().includes(expected.toLowerCase())) {
    const err = new Error(
      `expected node error containing "${expected}", got code=${found.code} message="${found.message}"` +
        ` (ethers: ${thrown.code ?? ""} ${thrown.shortMessage ?? thrown.message})`,
    );
    err.cause = thrown;
    throw err;
  }
  return found;
}

/** Waits for `tx` to be mined (one confirmation) within MINE_TIMEOUT_MS; returns the receipt. */
export async function mined(tx) {
  const receipt = await tx.wait(1, MINE_TIMEOUT_MS);
  if (!receipt) throw new Error(`no receipt for ${tx.hash}`);
  return receipt;
}

/** Polls for a receipt by hash (for transactions broadcast raw). */
export async function receiptOf(provider, hash) {
  const deadline = Date.now() + MINE_TIMEOUT_MS;
  for (;;) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
    if (Date.now() > deadline) throw new Error(`transaction ${hash} not mined within ${MINE_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Intrinsic gas of a plain transfer carrying `data` (hex): 21000 + 4 per zero byte + 16 per other byte. */
export function transferGas(data = "0x") {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  let gas = 21_000n;
  for (let i = 0; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}
