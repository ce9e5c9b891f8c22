// Transactions the node must refuse at eth_sendRawTransaction, with geth's messages (JSON-RPC -32000),
// because wallets match on those strings. Each case has its own dev account so that a case the node
// wrongly accepts cannot disturb the others:
//   #13 nonce too low, #14 fee cap below base fee and wrong chain id, #15 intrinsic gas too low,
//   #16 replacement underpriced, #17 already known, #18 contract creation; a fresh random wallet
//   for insufficient funds.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { CHAIN_ID, TEST_TIMEOUT_MS, connect, devWallet, expectNodeRejection, mined, MINE_TIMEOUT_MS } from "../lib/node.js";

const opts = { timeout: TEST_TIMEOUT_MS };
// Only the message is asserted here: it is what ethers and wallets key on. The web3j suite
// (node/src/test/java/org/mercato/node/compat) also asserts the -32000 code.

/** EIP-1559 fees a node will accept now: twice the latest base fee plus a tip of at least 1 wei. */
async function fees(provider) {
  const [block, fee] = await Promise.all([provider.getBlock("latest"), provider.getFeeData()]);
  const tip = fee.maxPriorityFeePerGas && fee.maxPriorityFeePerGas > 0n ? fee.maxPriorityFeePerGas : 1n;
  return { maxFeePerGas: 2n * block.baseFeePerGas + tip, maxPriorityFeePerGas: tip };
}

/** A fully specified EIP-1559 transfer, so ethers neither estimates nor looks anything up. */
async function transfer(provider, wallet, overrides = {}) {
  return {
    type: 2,
    chainId: CHAIN_ID,
    to: Wallet.createRandom().address,
    value: 1n,
    gasLimit: 21_000n,
    nonce: await provider.getTransactionCount(wallet.address, "pending"),
    ...(await fees(provider)),
    ...overrides,
  };
}

/** Waits until every nonce below `next` of `address` is mined. */
async function minedUpTo(provider, address, next) {
  const deadline = Date.now() + MINE_TIMEOUT_MS;
  while ((await provider.getTransactionCount(address, "latest")) < next) {
    if (Date.now() > deadline) throw new Error(`nonce ${next - 1} of ${address} not mined in time`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Fills nonce `next` (the gap left under a parked transaction) and waits until nothing of the
 * account is pending. Waits for whatever the pool holds, so a parked transaction that the node
 * refused does not turn into a timeout that hides the real failure.
 */
async function settle(provider, wallet, next) {
  await wallet.sendTransaction(await transfer(provider, wallet, { nonce: next }));
  await minedUpTo(provider, wallet.address, await provider.getTransactionCount(wallet.address, "pending"));
}

describe("rejections at eth_sendRawTransaction", () => {
  let provider;
  before(async () => {
    provider = await connect();
  });
  after(() => provider?.destroy());

  it("nonce too low: resending an already used nonce", opts, async () => {
    const wallet = devWallet(13, provider);
    let latest = await provider.getTransactionCount(wallet.address, "latest");
    if (latest === 0) {
      await mined(await wallet.sendTransaction(await transfer(provider, wallet)));
      latest = 1;
    }
    await minedUpTo(provider, wallet.address, await provider.getTransactionCount(wallet.address, "pending"));
    await expectNodeRejection(
      async () => wallet.sendTransaction(await transfer(provider, wallet, { nonce: latest - 1 })),
      "nonce too low",
    );
  });

  it("insufficient funds: a fresh wallet with no coins", opts, async () => {
    const broke = Wallet.createRandom(provider);
    await expectNodeRejection(
      async () => broke.sendTransaction(await transfer(provider, broke, { nonce: 0 })),
      "insufficient funds for gas * price + value",
    );
  });

  it("fee cap below the base fee: maxFeePerGas of 1 wei", opts, async () => {
    const wallet = devWallet(14, provider);
    const nonce = await provider.getTransactionCount(wallet.address, "pending");
    const { baseFeePerGas } = await provider.getBlock("latest");
    assert.ok(baseFeePerGas > 1n, `base fee ${baseFeePerGas} wei leaves no room under it`);
    await expectNodeRejection(
      async () => wallet.sendTransaction(await transfer(provider, wallet, { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n })),
      "max fee per gas less than block base fee",
    );
    assert.equal(await provider.getTransactionCount(wallet.address, "pending"), nonce, "the rejected nonce was taken");
  });

  it("wrong chain id: signed for chain 1 and broadcast raw", opts, async () => {
    const wallet = devWallet(14, provider);
    const raw = await wallet.signTransaction(await transfer(provider, wallet, { chainId: 1n }));
    await expectNodeRejection(() => provider.broadcastTransaction(raw), "invalid chain id");
  });

  it("intrinsic gas too low: gasLimit 20000 for a transfer", opts, async () => {
    const wallet = devWallet(15, provider);
    await expectNodeRejection(
      async () => wallet.sendTransaction(await transfer(provider, wallet, { gasLimit: 20_000n })),
      "intrinsic gas too low",
    );
  });

  it("replacement underpriced: same pending nonce with a 5% higher fee", opts, async () => {
    const wallet = devWallet(16, provider);
    const next = await provider.getTransactionCount(wallet.address, "pending");
    // Nonce next + 1 leaves a gap, so the first transaction stays in the pool until we fill it.
    const first = await transfer(provider, wallet, { nonce: next + 1 });
    try {
      await provider.broadcastTransaction(await wallet.signTransaction(first));
      const bumped = {
        ...first,
        maxFeePerGas: (first.maxFeePerGas * 105n) / 100n,
        maxPriorityFeePerGas: (first.maxPriorityFeePerGas * 105n) / 100n,
      };
      await expectNodeRejection(
        async () => provider.broadcastTransaction(await wallet.signTransaction(bumped)),
        "replacement transaction underpriced",
      );
    } finally {
      // Fill the gap so both nonces are mined and the account is clean for the next run.
      await settle(provider, wallet, next);
    }
  });

  it("already known: the same raw transaction sent twice", opts, async () => {
    const wallet = devWallet(17, provider);
    const next = await provider.getTransactionCount(wallet.address, "pending");
    // A nonce gap keeps the first copy in the pool, so the second cannot race a new block.
    const raw = await wallet.signTransaction(await transfer(provider, wallet, { nonce: next + 1 }));
    try {
      await provider.broadcastTransaction(raw);
      await expectNodeRejection(() => provider.broadcastTransaction(raw), "already known");
    } finally {
      await settle(provider, wallet, next);
    }
  });

  it("contract creation (no `to`) is not supported", opts, async () => {
    const wallet = devWallet(18, provider);
    const nonce = await provider.getTransactionCount(wallet.address, "pending");
    await expectNodeRejection(
      async () =>
        wallet.sendTransaction(
          // PUSH1 0 PUSH1 0 RETURN: deploys empty code.
          await transfer(provider, wallet, { to: null, value: 0n, gasLimit: 100_000n, data: "0x60006000f3" }),
        ),
      "contract creation is not supported",
    );
    assert.equal(await provider.getTransactionCount(wallet.address, "pending"), nonce, "the rejected nonce was taken");
  });
});
