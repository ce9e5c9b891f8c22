// Read-only checks on accounts and fees. Reads dev account #19, which no test sends from.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { HDNodeWallet, Wallet, parseEther } from "ethers";
import { DEV_MNEMONIC, GENESIS_BALANCE, TEST_TIMEOUT_MS, connect, devWallet, transferGas } from "../lib/node.js";

const opts = { timeout: TEST_TIMEOUT_MS };
const READ_ONLY = 19;

describe("accounts, nonces and fees", () => {
  let provider;
  before(async () => {
    provider = await connect();
  });
  after(() => provider?.destroy());

  it("all 20 dev accounts hold 10,000 coins at genesis", opts, async () => {
    const root = HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, "m/44'/60'/0'/0");
    const addresses = Array.from({ length: 20 }, (_, i) => root.deriveChild(i).address);
    // Account #0 is the well-known 0xf39F...2266: a check that the derivation path matches.
    assert.equal(addresses[0], "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    const balances = await Promise.all(addresses.map((a) => provider.getBalance(a, "earliest")));
    balances.forEach((b, i) => assert.equal(b, GENESIS_BALANCE, `dev account #${i} at genesis`));
    assert.equal(GENESIS_BALANCE, parseEther("10000"));
  });

  it("balance at latest and by block number; unknown accounts hold nothing", opts, async () => {
    const address = devWallet(READ_ONLY).address;
    const latest = await provider.getBalance(address, "latest");
    assert.ok(latest > 0n, "read-only dev account #19 has no balance");
    assert.equal(await provider.getBalance(address, 0), GENESIS_BALANCE);
    const stranger = Wallet.createRandom().address;
    assert.equal(await provider.getBalance(stranger), 0n);
    assert.equal(await provider.getTransactionCount(stranger, "latest"), 0);
    assert.equal(await provider.getTransactionCount(stranger, "pending"), 0);
  });

  it("nonce: latest and pending agree for an account with nothing in the pool", opts, async () => {
    const address = devWallet(READ_ONLY).address;
    const latest = await provider.getTransactionCount(address, "latest");
    const pending = await provider.getTransactionCount(address, "pending");
    assert.equal(pending, latest);
    assert.match(await provider.send("eth_getTransactionCount", [address, "pending"]), /^0x(0|[1-9a-f][0-9a-f]*)$/);
  });

  it("getFeeData gives EIP-1559 fees consistent with the latest base fee", opts, async () => {
    const block = await provider.getBlock("latest");
    assert.ok(block.baseFeePerGas !== null, "latest block has no baseFeePerGas");
    const fee = await provider.getFeeData();
    assert.ok(fee.gasPrice !== null && fee.gasPrice > 0n, `gasPrice ${fee.gasPrice}`);
    assert.ok(fee.maxFeePerGas !== null && fee.maxPriorityFeePerGas !== null, "no EIP-1559 fee data");
    assert.ok(fee.maxPriorityFeePerGas >= 0n);
    assert.ok(fee.maxFeePerGas >= fee.maxPriorityFeePerGas, "maxFeePerGas below the tip");
    assert.ok(fee.maxFeePerGas >= block.baseFeePerGas, "maxFeePerGas below the base fee");
    assert.equal(fee.maxPriorityFeePerGas, BigInt(await provider.send("eth_maxPriorityFeePerGas", [])));
  });

  it("eth_feeHistory returns base fees, gas used ratios and reward percentiles", opts, async () => {
    const latest = await provider.getBlockNumber();
    const count = Math.min(4, latest + 1);
    const h = await provider.send("eth_feeHistory", ["0x" + count.toString(16), "latest", [25, 75]]);
    assert.ok(BigInt(h.oldestBlock) >= BigInt(latest - count + 1), `oldestBlock ${h.oldestBlock}`);
    assert.equal(h.baseFeePerGas.length, count + 1, "baseFeePerGas has blockCount + 1 entries");
    assert.equal(h.gasUsedRatio.length, count);
    assert.equal(h.reward.length, count);
    for (const r of h.reward) assert.equal(r.length, 2);
    for (const ratio of h.gasUsedRatio) assert.ok(ratio >= 0 && ratio <= 1, `gasUsedRatio ${ratio}`);
    for (const b of h.baseFeePerGas) assert.ok(BigInt(b) > 0n, `baseFeePerGas ${b}`);
  });

  it("estimateGas of a plain transfer is 21000", opts, async () => {
    const from = devWallet(READ_ONLY).address;
    const to = Wallet.createRandom().address;
    assert.equal(await provider.estimateGas({ from, to, value: 1n }), 21_000n);
    assert.equal(await provider.estimateGas({ from, to }), 21_000n);
  });

  it("estimateGas with calldata adds 4 gas per zero byte and 16 per non-zero byte", opts, async () => {
    const from = devWallet(READ_ONLY).address;
    const to = Wallet.createRandom().address;
    const data = "0x00ff0000abcd"; // 3 zero bytes, 3 non-zero bytes
    assert.equal(transferGas(data), 21_060n);
    assert.equal(await provider.estimateGas({ from, to, value: 1n, data }), 21_060n);
  });
});
