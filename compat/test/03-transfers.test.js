// Transfers as a wallet sends them, then everything a wallet reads back about them.
// Sends from dev accounts #10 (EIP-1559), #11 (legacy) and #12 (type 1); pays random new addresses.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Transaction, Wallet, ZeroHash } from "ethers";
import { CHAIN_ID, TEST_TIMEOUT_MS, connect, devWallet, mined, rawRpc, transferGas } from "../lib/node.js";

const opts = { timeout: TEST_TIMEOUT_MS };
const EMPTY_BLOOM = "0x" + "00".repeat(256);

/** Common receipt checks; returns the receipt. */
function checkReceipt(receipt, tx, { type, gasUsed }) {
  assert.equal(receipt.status, 1, "status");
  assert.equal(receipt.hash, tx.hash);
  assert.equal(receipt.from, tx.from);
  assert.equal(receipt.to, tx.to);
  assert.equal(receipt.type, type, "receipt type");
  assert.equal(receipt.gasUsed, gasUsed, "gasUsed");
  assert.ok(receipt.cumulativeGasUsed >= receipt.gasUsed, "cumulativeGasUsed below gasUsed");
  assert.ok(receipt.gasPrice > 0n, "effectiveGasPrice");
  assert.equal(receipt.contractAddress, null);
  assert.match(receipt.blockHash, /^0x[0-9a-f]{64}$/);
  assert.ok(Number.isInteger(receipt.blockNumber) && receipt.blockNumber > 0);
  assert.ok(Number.isInteger(receipt.index) && receipt.index >= 0);
  assert.match(receipt.logsBloom, /^0x[0-9a-f]{512}$/);
  assert.deepEqual(receipt.logs, [], "a plain transfer emits no log");
  assert.equal(receipt.logsBloom, EMPTY_BLOOM, "no logs, so an empty bloom");
  return receipt;
}

/** The raw JSON of a receipt, for fields ethers renames (effectiveGasPrice) or drops. */
async function rawReceipt(hash) {
  const reply = await rawRpc("eth_getTransactionReceipt", [hash]);
  assert.ok(reply.result, `eth_getTransactionReceipt ${hash}: ${JSON.stringify(reply)}`);
  return reply.result;
}

async function rawTransaction(hash) {
  const reply = await rawRpc("eth_getTransactionByHash", [hash]);
  assert.ok(reply.result, `eth_getTransactionByHash ${hash}: ${JSON.stringify(reply)}`);
  return reply.result;
}

/** Checks that no transaction of `wallet` is waiting in the pool, so nonce arithmetic is exact. */
async function assertIdle(provider, wallet) {
  const latest = await provider.getTransactionCount(wallet.address, "latest");
  const pending = await provider.getTransactionCount(wallet.address, "pending");
  assert.equal(pending, latest, `dev account ${wallet.address} has transactions pending from an earlier run`);
  return latest;
}

describe("transfers", () => {
  let provider;
  /** The EIP-1559 transfer, shared with the read-back tests below. */
  let eip1559;

  before(async () => {
    provider = await connect();
  });
  after(() => provider?.destroy());

  it("EIP-1559 transfer via Wallet.sendTransaction: receipt fields and exact balances", opts, async () => {
    const wallet = devWallet(10, provider);
    const to = Wallet.createRandom().address;
    const value = 1_234_567_891_234_567n;
    const nonce = await assertIdle(provider, wallet);
    const before = await provider.getBalance(wallet.address, "latest");

    const tx = await wallet.sendTransaction({ to, value }); // ethers fills nonce, gas and fees
    assert.equal(tx.type, 2, "ethers should pick an EIP-1559 transaction");
    assert.equal(tx.nonce, nonce);
    assert.equal(tx.chainId, CHAIN_ID);
    assert.equal(tx.gasLimit, 21_000n, "ethers' estimate");
    // Mined or not yet, the pending nonce already counts it.
    assert.equal(await provider.getTransactionCount(wallet.address, "pending"), nonce + 1);

    const receipt = checkReceipt(await mined(tx), tx, { type: 2, gasUsed: 21_000n });
    const block = await provider.getBlock(receipt.blockNumber);
    const tip = tx.maxPriorityFeePerGas;
    const expectedPrice =
      block.baseFeePerGas + tip < tx.maxFeePerGas ? block.baseFeePerGas + tip : tx.maxFeePerGas;
    assert.equal(receipt.gasPrice, expectedPrice, "effectiveGasPrice = min(maxFee, baseFee + tip)");
    const raw = await rawReceipt(tx.hash);
    assert.equal(BigInt(raw.effectiveGasPrice), receipt.gasPrice, "effectiveGasPrice field");
    assert.equal(raw.type, "0x2");

    assert.equal(await provider.getTransactionCount(wallet.address, "latest"), nonce + 1);
    const after = await provider.getBalance(wallet.address, "latest");
    assert.equal(before - after, value + receipt.gasUsed * receipt.gasPrice, "sender pays value + gasUsed * effectiveGasPrice");
    assert.equal(await provider.getBalance(to, "latest"), value, "recipient gains exactly value");
    eip1559 = { tx, receipt, before, after, value, to };
  });

  it("balances at the block before and at the block of the transfer", opts, async () => {
    assert.ok(eip1559, "needs the EIP-1559 transfer");
    const { tx, receipt, before, after, value, to } = eip1559;
    assert.equal(await provider.getBalance(tx.from, receipt.blockNumber - 1), before);
    assert.equal(await provider.getBalance(tx.from, receipt.blockNumber), after);
    assert.equal(await provider.getBalance(to, receipt.blockNumber - 1), 0n);
    assert.equal(await provider.getBalance(to, receipt.blockNumber), value);
  });

  it("getTransaction returns the signed fields, and they re-serialise to the same hash", opts, async () => {
    assert.ok(eip1559, "needs the EIP-1559 transfer");
    const { tx, receipt } = eip1559;
    const got = await provider.getTransaction(tx.hash);
    assert.ok(got, "transaction not found");
    assert.equal(got.hash, tx.hash);
    assert.equal(got.type, 2);
    assert.equal(got.from, tx.from);
    assert.equal(got.to, tx.to);
    assert.equal(got.value, tx.value);
    assert.equal(got.nonce, tx.nonce);
    assert.equal(got.gasLimit, tx.gasLimit);
    assert.equal(got.maxFeePerGas, tx.maxFeePerGas);
    assert.equal(got.maxPriorityFeePerGas, tx.maxPriorityFeePerGas);
    assert.equal(got.chainId, CHAIN_ID);
    assert.equal(got.data, "0x");
    assert.deepEqual(got.accessList, []);
    assert.equal(got.blockHash, receipt.blockHash);
    assert.equal(got.blockNumber, receipt.blockNumber);
    assert.equal(got.index, receipt.index);
    const rebuilt = Transaction.from({
      type: 2,
      chainId: got.chainId,
      nonce: got.nonce,
      to: got.to,
      value: got.value,
      data: got.data,
      gasLimit: got.gasLimit,
      maxFeePerGas: got.maxFeePerGas,
      maxPriorityFeePerGas: got.maxPriorityFeePerGas,
      accessList: got.accessList,
      signature: got.signature,
    });
    assert.equal(rebuilt.hash, tx.hash, "r, s, yParity as returned do not reproduce the hash");
    assert.equal(rebuilt.from, tx.from);
    const raw = await rawTransaction(tx.hash);
    assert.equal(raw.type, "0x2");
    assert.equal(raw.chainId, "0x7a69");
    assert.ok(raw.yParity === "0x0" || raw.yParity === "0x1", `yParity ${raw.yParity}`);
    assert.equal(raw.input, "0x");
  });

  it("getBlock by number and by hash, with and without transactions, matches the receipt", opts, async () => {
    assert.ok(eip1559, "needs the EIP-1559 transfer");
    const { tx, receipt } = eip1559;
    const block = await provider.getBlock(receipt.blockNumber);
    assert.equal(block.hash, receipt.blockHash);
    assert.equal(block.number, receipt.blockNumber);
    assert.ok(block.transactions.includes(tx.hash), "block does not list the transaction");
    assert.equal(block.transactions.indexOf(tx.hash), receipt.index);
    assert.ok(block.baseFeePerGas !== null && block.baseFeePerGas > 0n, "baseFeePerGas");
    assert.ok(block.gasUsed >= receipt.gasUsed);
    assert.ok(block.gasLimit >= block.gasUsed);
    assert.match(block.miner, /^0x[0-9a-fA-F]{40}$/);
    const parent = await provider.getBlock(receipt.blockNumber - 1);
    assert.equal(block.parentHash, parent.hash);
    assert.ok(block.timestamp >= parent.timestamp, "timestamps go backwards");

    const byHash = await provider.getBlock(receipt.blockHash);
    assert.equal(byHash.number, block.number);
    assert.deepEqual(byHash.transactions, block.transactions);

    const full = await provider.getBlock(receipt.blockNumber, true);
    assert.equal(full.hash, block.hash);
    assert.equal(full.prefetchedTransactions.length, block.transactions.length);
    const prefetched = full.prefetchedTransactions.find((t) => t.hash === tx.hash);
    assert.ok(prefetched, "transaction missing from the full block");
    assert.equal(prefetched.from, tx.from);
    assert.equal(prefetched.to, tx.to);
    assert.equal(prefetched.value, tx.value);
    assert.equal(prefetched.nonce, tx.nonce);
    assert.equal(prefetched.blockHash, block.hash);
    assert.equal(prefetched.blockNumber, block.number);
    assert.equal(prefetched.index, receipt.index);

    const fullByHash = await provider.getBlock(receipt.blockHash, true);
    assert.ok(fullByHash.prefetchedTransactions.some((t) => t.hash === tx.hash));

    const count = await provider.send("eth_getBlockTransactionCountByNumber", ["0x" + block.number.toString(16)]);
    assert.equal(Number(BigInt(count)), block.transactions.length);
  });

  it("getLogs over a block range answers a list (empty for plain transfers)", opts, async () => {
    assert.ok(eip1559, "needs the EIP-1559 transfer");
    const { receipt, to } = eip1559;
    const fromBlock = Math.max(0, receipt.blockNumber - 3);
    const logs = await provider.getLogs({ fromBlock, toBlock: receipt.blockNumber });
    assert.ok(Array.isArray(logs));
    for (const log of logs) {
      assert.ok(log.blockNumber >= fromBlock && log.blockNumber <= receipt.blockNumber, "log outside the range");
    }
    assert.ok(!logs.some((l) => l.transactionHash === receipt.hash), "a plain transfer emits no log");
    assert.deepEqual(await provider.getLogs({ address: to, fromBlock, toBlock: "latest" }), []);
    assert.deepEqual(await provider.getLogs({ blockHash: receipt.blockHash, topics: [ZeroHash] }), []);
  });

  it("legacy (type 0, EIP-155) transfer with gasPrice", opts, async () => {
    const wallet = devWallet(11, provider);
    const to = Wallet.createRandom().address;
    const value = 10n ** 15n;
    const nonce = await assertIdle(provider, wallet);
    const before = await provider.getBalance(wallet.address, "latest");
    const { gasPrice } = await provider.getFeeData();

    const tx = await wallet.sendTransaction({ type: 0, to, value, gasPrice });
    assert.equal(tx.type, 0);
    assert.equal(tx.nonce, nonce);
    const receipt = checkReceipt(await mined(tx), tx, { type: 0, gasUsed: 21_000n });
    assert.equal(receipt.gasPrice, gasPrice, "a legacy transaction pays its gasPrice");

    const raw = await rawTransaction(tx.hash);
    assert.equal(raw.type, "0x0");
    assert.ok(
      [2n * CHAIN_ID + 35n, 2n * CHAIN_ID + 36n].includes(BigInt(raw.v)),
      `EIP-155 v expected, got ${raw.v}`,
    );
    assert.equal(BigInt(raw.gasPrice), gasPrice);

    const after = await provider.getBalance(wallet.address, "latest");
    assert.equal(before - after, value + 21_000n * gasPrice);
    assert.equal(await provider.getBalance(to), value);
  });

  it("type-1 (access list) transfer", opts, async () => {
    const wallet = devWallet(12, provider);
    const to = Wallet.createRandom().address;
    const value = 7n;
    const nonce = await assertIdle(provider, wallet);
    const before = await provider.getBalance(wallet.address, "latest");
    const { gasPrice } = await provider.getFeeData();

    const tx = await wallet.sendTransaction({ type: 1, to, value, gasPrice, accessList: [] });
    assert.equal(tx.type, 1);
    assert.equal(tx.nonce, nonce);
    const receipt = checkReceipt(await mined(tx), tx, { type: 1, gasUsed: 21_000n });
    assert.equal(receipt.gasPrice, gasPrice);
    const got = await provider.getTransaction(tx.hash);
    assert.equal(got.type, 1);
    assert.equal(got.gasPrice, gasPrice);
    assert.deepEqual(got.accessList, []);

    const after = await provider.getBalance(wallet.address, "latest");
    assert.equal(before - after, value + 21_000n * gasPrice);
    assert.equal(await provider.getBalance(to), value);
  });

  it("transfer with calldata uses 21000 + 4 per zero byte + 16 per non-zero byte", opts, async () => {
    const wallet = devWallet(12, provider);
    const to = Wallet.createRandom().address;
    const data = "0x0000000000000000deadbeef00ff"; // 9 zero bytes, 5 non-zero
    const gas = transferGas(data);
    assert.equal(gas, 21_116n);
    await assertIdle(provider, wallet);
    const before = await provider.getBalance(wallet.address, "latest");

    const tx = await wallet.sendTransaction({ to, value: 1n, data });
    assert.equal(tx.gasLimit, gas, "ethers' estimate");
    const receipt = checkReceipt(await mined(tx), tx, { type: 2, gasUsed: gas });
    assert.equal((await provider.getTransaction(tx.hash)).data, data);
    const after = await provider.getBalance(wallet.address, "latest");
    assert.equal(before - after, 1n + gas * receipt.gasPrice);
  });
});
