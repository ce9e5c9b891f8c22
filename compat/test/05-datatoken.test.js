// A datatoken as a wallet sees it: created through the asset factory's ABI (docs/spec/data-market.md §Asset factory),
// then used only through ethers' standard human-readable ERC-20 ABI, as any ERC-20 wallet would.
// Sends from dev account #9 (publisher); a fresh random wallet (funded by #9) is the spender of transferFrom.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Contract, Wallet, ZeroAddress, getBytes, parseEther, solidityPackedKeccak256 } from "ethers";
import { CHAIN_ID, TEST_TIMEOUT_MS, connect, devWallet, mined, rawRpc } from "../lib/node.js";

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

// ---- buy, order, download: the whole data market as a dapp would drive it with ethers ----
// Still dev account #9 (files run concurrently, the describes of one file in order); the consumer is a random wallet #9 funds.
const PROVIDER_URL = process.env.MERCATO_PROVIDER_URL;
const EXCHANGE = "0x0000000000000000000000000000000000001002";
const ORDER_BOOK = "0x0000000000000000000000000000000000001004";
const FEE_TUPLE =
  "tuple(address providerFeeAddress, address providerFeeToken, uint256 providerFeeAmount, uint8 v, bytes32 r, bytes32 s, uint256 validUntil, bytes providerData)";
const MARKET_ABI = [
  "function createAssetWithMetadata(string name, string symbol, string description, string[] tags, string license, string contentType, uint256 size, bytes32 contentHash, uint256 accessDuration, uint8 state) returns (bytes32)",
  "function createDatatoken(bytes32 assetId, string name, string symbol, uint256 cap, address minter) returns (address)",
  "event AssetCreated(bytes32 indexed assetId, address indexed owner, string name, string symbol)",
  "event TokenCreated(address indexed newTokenAddress, address indexed templateAddress, string name, string symbol, uint256 cap, address creator)",
];
const EXCHANGE_ABI = [
  "function createFixedRate(address datatoken, uint256 rate, uint256 marketFee, address marketFeeCollector, bool withMint) returns (bytes32)",
  "function calcBaseInGivenOutDT(bytes32 id, uint256 datatokenAmount, uint256 consumeMarketFee) view returns (uint256 baseTokenAmount, uint256 oceanFeeAmount, uint256 publishMarketFeeAmount, uint256 consumeMarketFeeAmount)",
  "function buyDT(bytes32 id, uint256 datatokenAmount, uint256 maxBaseTokenAmount, address consumeMarketAddress, uint256 consumeMarketSwapFeeAmount) payable returns (uint256)",
  "event ExchangeCreated(bytes32 indexed exchangeId, address indexed baseToken, address indexed datatoken, address exchangeOwner, uint256 fixedRate)",
];
const ORDER_ABI = [
  `function buyFromFreAndOrder(bytes32 exchangeId, uint256 maxBaseAmount, address consumeMarketSwapAddress, uint256 consumeMarketSwapFee, address consumer, uint256 serviceIndex, ${FEE_TUPLE} providerFee, tuple(address consumeMarketFeeAddress, address consumeMarketFeeToken, uint256 consumeMarketFeeAmount) consumeMarketFee) payable returns (bytes32)`,
  `function startOrder(address datatoken, address consumer, uint256 serviceIndex, ${FEE_TUPLE} providerFee, tuple(address consumeMarketFeeAddress, address consumeMarketFeeToken, uint256 consumeMarketFeeAmount) consumeMarketFee) returns (bytes32)`,
];

/** h of docs/spec/data-market.md §Provider, signed as an EIP-191 personal message of its 32 bytes. */
async function providerSignature(wallet, domain, chainId, provider, assetId, subject, nonce) {
  const h = solidityPackedKeccak256(
    ["string", "uint256", "address", "bytes32", "bytes32", "uint256"],
    [domain, chainId, provider, assetId, subject, nonce],
  );
  return wallet.signMessage(getBytes(h));
}

async function providerJson(path, init) {
  const res = await fetch(new URL(path, PROVIDER_URL), init);
  const body = await res.text();
  assert.ok(res.ok, `provider ${path}: HTTP ${res.status} ${body}`);
  return JSON.parse(body);
}

async function nextNonce(address) {
  return BigInt((await providerJson(`/nonce?address=${address}`)).nonce) + 1n;
}

/** The provider's fee struct as ethers takes a tuple argument. */
const feeTuple = (f) => [f.providerFeeAddress, f.providerFeeToken, BigInt(f.providerFeeAmount), f.v, f.r, f.s, BigInt(f.validUntil), f.providerData];

/** A signed download of `orderTx` by `wallet`: the HTTP response. */
async function download(wallet, providerAddress, assetId, orderTx) {
  const nonce = await nextNonce(wallet.address);
  const signature = await providerSignature(wallet, "mercato-download", CHAIN_ID, providerAddress, assetId, orderTx, nonce);
  const url = `/files/${assetId}?order=${orderTx}&consumer=${wallet.address}&nonce=${nonce}&signature=${signature}`;
  return { res: await fetch(new URL(url, PROVIDER_URL)), url };
}

describe("buy, order and download a file with ethers", { skip: !PROVIDER_URL && "MERCATO_PROVIDER_URL not set" }, () => {
  let provider;
  let publisher;
  let consumer;
  let info;
  const content = Buffer.from("id,value\n" + Array.from({ length: 40 }, (_, i) => `${i},${i * i}`).join("\n") + "\n");
  const contentHash = "0x" + createHash("sha256").update(content).digest("hex");
  let assetId;
  let datatoken;
  let exchangeId;
  let orderTx;

  before(async () => {
    provider = await connect();
    publisher = devWallet(9, provider);
    consumer = Wallet.createRandom().connect(provider);
    info = await providerJson("/");
  });
  after(() => provider?.destroy());

  it("publish: asset with metadata, datatoken, exchange; upload signed by the publisher", opts, async () => {
    const factory = new Contract(FACTORY, MARKET_ABI, publisher);
    const r1 = await mined(
      await factory.createAssetWithMetadata("Squares", "SQR", "n and n squared", ["math", "csv"], "CC0-1.0", "text/csv",
        content.length, contentHash, 3600, 0),
    );
    assetId = onlyEvent(factory, r1, "AssetCreated").args.assetId;
    const r2 = await mined(await factory.createDatatoken(assetId, "Squares DT", "SQRDT", parseEther("100"), publisher.address));
    datatoken = onlyEvent(factory, r2, "TokenCreated").args.newTokenAddress;
    const exchange = new Contract(EXCHANGE, EXCHANGE_ABI, publisher);
    const r3 = await mined(await exchange.createFixedRate(datatoken, parseEther("2"), 0n, publisher.address, true));
    exchangeId = onlyEvent(exchange, r3, "ExchangeCreated").args.exchangeId;

    const nonce = await nextNonce(publisher.address);
    const signature = await providerSignature(publisher, "mercato-upload", CHAIN_ID, info.provider, assetId, contentHash, nonce);
    const stored = await providerJson(
      `/files/${assetId}?signer=${publisher.address}&nonce=${nonce}&signature=${signature}`,
      { method: "PUT", body: content },
    );
    assert.equal(stored.contentHash, contentHash);
    assert.equal(stored.size, content.length);
  });

  it("buy one datatoken with coins, then spend it on an order naming the provider", opts, async () => {
    await mined(await publisher.sendTransaction({ to: consumer.address, value: parseEther("5") }));
    const exchange = new Contract(EXCHANGE, EXCHANGE_ABI, consumer);
    const [cost] = await exchange.calcBaseInGivenOutDT(exchangeId, parseEther("1"), 0n);
    assert.equal(cost, parseEther("2.002"), "rate 2 plus the 0.1% community fee");
    const rb = await mined(await exchange.buyDT(exchangeId, parseEther("1"), cost, ZeroAddress, 0n, { value: cost }));
    const token = new Contract(datatoken, ERC20_ABI, consumer);
    assert.equal(await token.balanceOf(consumer.address), parseEther("1"));

    const init = await providerJson(`/initialize?assetId=${assetId}&consumer=${consumer.address}`);
    const f = init.providerFee;
    const book = new Contract(ORDER_BOOK, ORDER_ABI, consumer);
    const ro = await mined(
      await book.startOrder(datatoken, consumer.address, 0n,
        feeTuple(f), [ZeroAddress, ZeroAddress, 0n]),
    );
    orderTx = ro.hash;
    assert.equal(await token.balanceOf(consumer.address), 0n, "the order spent it");
    assert.equal(
      await provider.getBalance(consumer.address),
      parseEther("5") - cost - gasCost(rb) - gasCost(ro),
      "coins to the wei: price, fees and gas",
    );
    const orders = await rawRpc("market_listOrders", [{ consumer: consumer.address }]);
    assert.deepEqual(orders.result.orders.map((o) => o.orderTx), [orderTx]);
  });

  it("download with a signed request: the bytes whose SHA-256 the chain holds", opts, async () => {
    const { res, url } = await download(consumer, info.provider, assetId, orderTx);
    assert.equal(res.status, 200, await res.clone().text());
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual(bytes, content);
    const onChain = (await rawRpc("market_getDataAsset", [assetId])).result.contentHash;
    assert.equal("0x" + createHash("sha256").update(bytes).digest("hex"), onChain);

    // The same signature again is a replay.
    const again = await fetch(new URL(url, PROVIDER_URL));
    assert.equal(again.status, 409);
    assert.equal((await again.json()).error, "nonce_replayed");
  });

  it("one transaction: buyFromFreAndOrder pays the quote, orders, and the file downloads", opts, async () => {
    const buyer = Wallet.createRandom().connect(provider);
    await mined(await publisher.sendTransaction({ to: buyer.address, value: parseEther("5") }));
    const [cost] = await new Contract(EXCHANGE, EXCHANGE_ABI, provider).calcBaseInGivenOutDT(exchangeId, parseEther("1"), 0n);
    const init = await providerJson(`/initialize?assetId=${assetId}&consumer=${buyer.address}`);
    const book = new Contract(ORDER_BOOK, ORDER_ABI, buyer);
    const r = await mined(
      await book.buyFromFreAndOrder(exchangeId, cost, ZeroAddress, 0n, buyer.address, 0n, feeTuple(init.providerFee),
        [ZeroAddress, ZeroAddress, 0n], { value: cost }),
    );
    assert.equal(await provider.getBalance(buyer.address), parseEther("5") - cost - gasCost(r), "one transaction: quote + gas");
    assert.equal(await new Contract(datatoken, ERC20_ABI, provider).balanceOf(buyer.address), 0n, "bought and spent at once");
    const { res } = await download(buyer, info.provider, assetId, r.hash);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), content);
  });
});
