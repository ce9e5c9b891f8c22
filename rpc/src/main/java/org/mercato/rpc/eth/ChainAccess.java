package org.mercato.rpc.eth;

import java.util.Optional;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldView;

/**
 * Resolves a JSON-RPC block parameter against the chain. Finality is instant, so "safe" and
 * "finalized" are the head, and "pending" reads the head's state (the pool is consulted separately
 * where Ethereum's pending state matters: the pending nonce).
 */
public final class ChainAccess {
  private final Blockchain chain;

  public ChainAccess(Blockchain chain) {
    this.chain = chain;
  }

  public Blockchain chain() {
    return chain;
  }

  /** The header the parameter names, or empty if that block does not exist (yet). */
  public Optional<BlockHeader> header(BlockParameter p) {
    if (p instanceof BlockParameter.Named n) {
      return n.tag() == BlockParameter.Tag.EARLIEST ? chain.store().header(0L) : Optional.of(chain.head());
    }
    if (p instanceof BlockParameter.Number num) {
      BlockHeader head = chain.head();
      if (num.number() == head.number()) {
        return Optional.of(head);
      }
      return num.number() > head.number() ? Optional.empty() : chain.store().header(num.number());
    }
    BlockParameter.ByHash h = (BlockParameter.ByHash) p;
    return chain.store().header(h.hash()).filter(hdr -> !h.requireCanonical()
        || chain.store().canonicalHash(hdr.number()).map(c -> c.equals(h.hash())).orElse(false));
  }

  /** The header for a state query; an unknown block is an error, as in geth. */
  public BlockHeader requireHeader(BlockParameter p) throws JsonRpcException {
    return header(p).orElseThrow(() -> new JsonRpcException(JsonRpcErrors.SERVER_ERROR, "header not found"));
  }

  public WorldView state(BlockParameter p) throws JsonRpcException {
    return chain.stateAt(requireHeader(p));
  }

  public Hash hashOf(BlockHeader header) {
    return header.number() == chain.head().number() ? chain.headHash() : header.hash();
  }
}
