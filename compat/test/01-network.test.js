// Read-only checks: network identity, node status methods, block tags. Sends nothing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { JsonRpcProvider, Wallet } from "ethers";
import { CHAIN_ID, RPC_URL, TEST_TIMEOUT_MS, assertNodeReachable, connect, devWallet, rawRpc } from "../lib/node.js";

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const opts = { timeout: TEST_TIMEOUT_MS };

describe("network and node status", () => {
  let provider;
  before(async () => {
    provider = await connect();
  });
  after(() => provider?.destroy());

  it("eth_chainId is 0x7a69 (31337) and net_version is \"31337\"", opts, async () => {
    assert.equal(await provider.send("eth_chainId", []), "0x7a69");
    assert.equal(await provider.send("net_version", []), "31337");
  });

  it("ethers detects the network from the node (no static network)", opts, async () => {
    await assertNodeReachable();
    const detecting = new JsonRpcProvider(RPC_URL);
    try {
      const network = await detecting.getNetwork();
      assert.equal(network.chainId, CHAIN_ID);
    } finally {
      detecting.destroy();
    }
  });

  it("web3_clientVersion, net_listening, eth_syncing", opts, async () => {
    const version = await provider.send("web3_clientVersion", []);
    assert.equal(typeof version, "string");
    assert.ok(version.length > 0, "empty client version");
    assert.equal(await provider.send("net_listening", []), true);
    assert.equal(await provider.send("eth_syncing", []), false);
  });

  it("net_peerCount is a quantity", opts, async () => {
    assert.match(await provider.send("net_peerCount", []), QUANTITY);
  });

  it("eth_accounts is empty: the node holds no keys", opts, async () => {
    assert.deepEqual(await provider.send("eth_accounts", []), []);
  });

  it("eth_blockNumber is a quantity and advances as blocks are produced", opts, async () => {
    const first = await provider.getBlockNumber();
    assert.match(await provider.send("eth_blockNumber", []), QUANTITY);
    const deadline = Date.now() + TEST_TIMEOUT_MS / 2;
    let now = first;
    while (now <= first && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      now = await provider.getBlockNumber();
    }
    assert.ok(now > first, `no new block after ${first} within ${TEST_TIMEOUT_MS / 2} ms`);
  });

  it("eth_getCode is 0x and eth_getStorageAt is zero for ordinary accounts", opts, async () => {
    for (const address of [devWallet(19).address, Wallet.createRandom().address]) {
      assert.equal(await provider.getCode(address), "0x");
      assert.equal(await provider.getCode(address, "latest"), "0x");
      const slot = await provider.getStorage(address, 0);
      assert.equal(BigInt(slot), 0n);
      assert.match(slot, /^0x[0-9a-f]*$/);
    }
  });

  it("block tags: earliest is block 0, pending is at or ahead of latest", opts, async () => {
    const earliest = await provider.getBlock("earliest");
    assert.equal(earliest.number, 0);
    assert.equal(earliest.hash, (await provider.getBlock(0)).hash);
    const latest = await provider.getBlockNumber();
    const pending = await provider.getBlock("pending");
    assert.ok(pending, "pending block missing");
    assert.ok(pending.number >= latest, `pending block ${pending.number} is behind latest ${latest}`);
  });

  it("block tags: safe and finalized equal latest (instant finality)", opts, async () => {
    const before = await provider.getBlockNumber();
    const safe = await provider.getBlock("safe");
    const finalized = await provider.getBlock("finalized");
    const afterwards = await provider.getBlockNumber();
    for (const [tag, block] of [["safe", safe], ["finalized", finalized]]) {
      assert.ok(block, `${tag} block missing`);
      assert.ok(
        block.number >= before && block.number <= afterwards,
        `${tag} is block ${block.number}, latest moved from ${before} to ${afterwards} meanwhile`,
      );
      assert.equal(block.hash, (await provider.getBlock(block.number)).hash);
    }
    assert.equal(await provider.getBalance(devWallet(19).address, "safe"), await provider.getBalance(devWallet(19).address, "latest"));
  });

  it("eth_gasPrice and eth_maxPriorityFeePerGas are quantities", opts, async () => {
    assert.match(await provider.send("eth_gasPrice", []), QUANTITY);
    assert.match(await provider.send("eth_maxPriorityFeePerGas", []), QUANTITY);
    assert.ok(BigInt(await provider.send("eth_gasPrice", [])) > 0n);
  });

  it("JSON-RPC batch requests are answered (ethers batches by default)", opts, async () => {
    const res = await fetch(RPC_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: 8, method: "net_version", params: [] },
        { jsonrpc: "2.0", id: 9, method: "no_suchMethod", params: [] },
      ]),
      signal: AbortSignal.timeout(5_000),
    });
    const replies = await res.json();
    assert.ok(Array.isArray(replies), `batch answered with ${JSON.stringify(replies)}`);
    const byId = new Map(replies.map((r) => [r.id, r]));
    assert.equal(byId.get(7)?.result, "0x7a69");
    assert.equal(byId.get(8)?.result, "31337");
    assert.equal(byId.get(9)?.error?.code, -32601, "unknown method must be -32601");
  });

  it("an unknown method is a -32601 error", opts, async () => {
    const reply = await rawRpc("no_suchMethod", []);
    assert.equal(reply.error?.code, -32601);
  });
});
