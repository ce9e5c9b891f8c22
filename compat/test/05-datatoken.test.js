// A datatoken as a wallet sees it: created through the asset factory's ABI (docs/spec/data-market.md §Asset factory),
// then used only through ethers' standard human-readable ERC-20 ABI, as any ERC-20 wallet would.
// Sends from dev account #9 (publisher); a fresh random wallet (funded by #9) is the spender of transferFrom.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Contract, Wallet, ZeroAddress, parseEther } from "ethers";
import { TEST_TIMEOUT_MS, connect, devWallet, mined } from "../lib/node.js";

const opts = { timeout: TEST_TIMEOUT_MS };
const FACTORY = "0x0000000000000000000000000000000000001001";

const FACTORY_ABI = [
  "function createAsset(string name, string symbol) returns (bytes32)",
  "function createDatatoken(bytes32 assetId, string name, string symbol, uint256 cap, address minter) returns (address)",
  "event AssetCreated(bytes32 indexed assetId, address indexed owner, string name, string symbol)",
  "event TokenCreated(address indexed newTokenAddress, address indexed templateAddress, string name, string symbol, uint256 cap, address creator)",
];
/** The ERC20Template function a publisher needs beyond ERC-20. */
const MINT_ABI = ["function mint(address to, uint256 value)"];

/** The ERC-20 ABI as wallets and tutorials write it, nothing Mercato-specific. */
const ERC20_ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function totalSupply() view returns (uint256)",
  "function balanceOf(address) view returns (uint256)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function transferFrom(address from, address to, uint256 amount) returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event Approval(address indexed owner, address indexed spender, uint256 value)",
];

const CAP = parseEther("1000");
const MINTED = parseEther("100");

/** The single event named `name` that `contract` emitted in `receipt`, parsed with its ABI. */
function onlyEvent(contract, receipt, name) {
  const parsed = receipt.logs
    .filter((l) => l.address.toLowerCase() === contract.target.toLowerCase())
    .map((l) => contract.interface.parseLog(l))
    .filter((e) => e && e.name === name);
  assert.equal(parsed.length, 1, `one ${name} event in ${receipt.hash}`);
  return parsed[0];
}

/** Coins a mined transaction cost its sender in gas. */
const gasCost = (receipt) => receipt.gasUsed * receipt.gasPrice;

describe("datatoken through the standard ERC-20 ABI", () => {
  let provider;
  let publisher;
  /** The datatoken as an ethers Contract with the plain ERC-20 ABI, connected to the publisher. */
  let token;
  let mintBlock;

  before(async () => {
    provider = await connect();
    publisher = devWallet(9, provider);
  });
  after(() => provider?.destroy());

  it("publish through the factory ABI: createAsset, createDatatoken, mint", opts, async () => {
    const factory = new Contract(FACTORY, FACTORY_ABI, publisher);
    const r1 = await mined(await factory.createAsset("Compat weather", "CWTH"));
    const created = onlyEvent(factory, r1, "AssetCreated");
    assert.equal(created.args.owner, publisher.address);
    const assetId = created.args.assetId;

    const r2 = await mined(await factory.createDatatoken(assetId, "Compat weather DT", "CWDT", CAP, publisher.address));
    const tokenCreated = onlyEvent(factory, r2, "TokenCreated");
    assert.equal(tokenCreated.args.templateAddress, FACTORY);
    assert.equal(tokenCreated.args.cap, CAP);
    token = new Contract(tokenCreated.args.newTokenAddress, ERC20_ABI, publisher);

    const minter = new Contract(token.target, MINT_ABI, publisher);
    const r3 = await mined(await minter.mint(publisher.address, MINTED));
    mintBlock = r3.blockNumber;
    const transfer = onlyEvent(token, r3, "Transfer");
    assert.deepEqual([transfer.args.from, transfer.args.to, transfer.args.value], [ZeroAddress, publisher.address, MINTED]);
  });

  it("eth_getCode is non-empty at the datatoken, so wallets treat it as a contract", opts, async () => {
    const code = await provider.getCode(token.target);
    assert.notEqual(code, "0x");
    assert.ok(code.length > 2);
  });

  it("name, symbol, decimals, totalSupply and balanceOf", opts, async () => {
    assert.equal(await token.name(), "Compat weather DT");
    assert.equal(await token.symbol(), "CWDT");
    assert.equal(await token.decimals(), 18n);
    assert.equal(await token.totalSupply(), MINTED);
    assert.equal(await token.balanceOf(publisher.address), MINTED);
    assert.equal(await token.balanceOf(Wallet.createRandom().address), 0n);
  });

  it("transfer, approve, allowance, transferFrom: exact balances, coins to the wei, events", opts, async () => {
    const holder = Wallet.createRandom().address;
    const spender = Wallet.createRandom().connect(provider);
    const receiver = Wallet.createRandom().address;
    const coinsBefore = await provider.getBalance(publisher.address);
    const spenderFunds = parseEther("1");

    const rt = await mined(await token.transfer(holder, parseEther("10")));
    assert.equal(rt.status, 1);
    const t = onlyEvent(token, rt, "Transfer");
    assert.deepEqual([t.args.from, t.args.to, t.args.value], [publisher.address, holder, parseEther("10")]);

    const rf = await mined(await publisher.sendTransaction({ to: spender.address, value: spenderFunds }));
    const ra = await mined(await token.approve(spender.address, parseEther("5")));
    const a = onlyEvent(token, ra, "Approval");
    assert.deepEqual([a.args.owner, a.args.spender, a.args.value], [publisher.address, spender.address, parseEther("5")]);
    assert.equal(await token.allowance(publisher.address, spender.address), parseEther("5"));

    const asSpender = token.connect(spender);
    const rtf = await mined(await asSpender.transferFrom(publisher.address, receiver, parseEther("3")));
    const tf = onlyEvent(token, rtf, "Transfer");
    assert.deepEqual([tf.args.from, tf.args.to, tf.args.value], [publisher.address, receiver, parseEther("3")]);

    assert.equal(await token.allowance(publisher.address, spender.address), parseEther("2"), "allowance spent");
    assert.equal(await token.balanceOf(publisher.address), MINTED - parseEther("13"));
    assert.equal(await token.balanceOf(holder), parseEther("10"));
    assert.equal(await token.balanceOf(receiver), parseEther("3"));
    assert.equal(await token.totalSupply(), MINTED, "transfers never change the supply");
    // Coins: the publisher paid gas for three transactions and the spender's funds; the spender only its gas.
    assert.equal(await provider.getBalance(publisher.address), coinsBefore - spenderFunds - gasCost(rt) - gasCost(rf) - gasCost(ra));
    assert.equal(await provider.getBalance(spender.address), spenderFunds - gasCost(rtf));

    // An indexer's view: the same events through eth_getLogs with topic filters.
    const fromPublisher = await token.queryFilter(token.filters.Transfer(publisher.address), mintBlock, rtf.blockNumber);
    assert.deepEqual(
      fromPublisher.map((e) => [e.args.to, e.args.value, e.transactionHash]),
      [[holder, parseEther("10"), rt.hash], [receiver, parseEther("3"), rtf.hash]],
    );
    const mints = await token.queryFilter(token.filters.Transfer(ZeroAddress, publisher.address), mintBlock, mintBlock);
    assert.deepEqual(mints.map((e) => e.args.value), [MINTED]);
    const approvals = await token.queryFilter(token.filters.Approval(publisher.address, spender.address), mintBlock);
    assert.deepEqual(approvals.map((e) => [e.args.value, e.blockNumber]), [[parseEther("5"), ra.blockNumber]]);
  });

  it("a failing transfer surfaces the revert reason in ethers' error.reason", opts, async () => {
    const balance = await token.balanceOf(publisher.address);
    const nonce = await provider.getTransactionCount(publisher.address, "pending");
    await assert.rejects(token.transfer(Wallet.createRandom().address, balance + 1n), (e) => {
      assert.equal(e.code, "CALL_EXCEPTION", e.shortMessage);
      assert.equal(e.reason, "ERC20: transfer amount exceeds balance");
      return true;
    });
    // eth_call from an address with no allowance (a read-only runner: a signer would insist on its own `from`).
    const stranger = Wallet.createRandom().address;
    await assert.rejects(token.connect(provider).transferFrom.staticCall(publisher.address, stranger, 1n, { from: stranger }), (e) => {
      assert.equal(e.reason, "ERC20: insufficient allowance");
      return true;
    });
    assert.equal(await provider.getTransactionCount(publisher.address, "pending"), nonce, "nothing was sent");
    assert.equal(await token.balanceOf(publisher.address), balance);
  });
});
