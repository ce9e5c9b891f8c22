package org.mercato.node.consensusrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.rpc.eth.ChainAccess;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;

/** {@code mercato_getCommit(block)}: the precommits that finalized block n (consensus.md §12). */
final class MercatoGetCommit implements JsonRpcMethod {
  private final ChainAccess chain;
  private final ConsensusSource source;

  MercatoGetCommit(ChainAccess chain, ConsensusSource source) {
    this.chain = chain;
    this.source = source;
  }

  @Override
  public String name() {
    return "mercato_getCommit";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    BlockParameter block = request.params().blockParameterOr(0, BlockParameter.LATEST);
    Optional<BlockHeader> header = chain.header(block);
    if (header.isEmpty() || header.get().number() < 1) {
      return null;
    }
    BlockHeader h = header.get();
    Optional<Map<String, Object>> answer = commitOf(h);
    if (answer.isEmpty() && block instanceof BlockParameter.Named && h.number() > 1) {
      // A tag asks for the newest commit the node holds: the head's own may not be recorded yet (the engine
      // reports it just after the head moved) or not held at all (a node that synced it); its parent's is in it.
      answer = chain.chain().store().header(h.number() - 1).flatMap(this::commitOf);
    }
    return answer.orElse(null);
  }

  private Optional<Map<String, Object>> commitOf(BlockHeader h) {
    Optional<Commit> commit = chain.chain().store().header(h.number() + 1).map(next -> decode(next.lastCommit()))
        .orElseGet(() -> source.headCommit().filter(c -> c.height().value() == h.number()));
    return commit.filter(c -> c.value().equals(h.hash())).map(c -> json(h, c));
  }

  private static Optional<Commit> decode(org.apache.tuweni.bytes.Bytes lastCommit) {
    DecodeOutcome<Commit> d = CommitCodec.decode(lastCommit);
    return d.isOk() ? Optional.of(d.orElseThrow()) : Optional.empty(); // a stored block's commit always decodes
  }

  private Map<String, Object> json(BlockHeader h, Commit c) {
    ValidatorSet set = source.validatorSets().validatorsAt(Height.of(h.number()));
    List<Map<String, Object>> signatures = new ArrayList<>();
    long signed = 0;
    for (Vote v : c.precommits()) {
      long power = set.find(v.validator()).map(x -> x.votingPower()).orElse(0L);
      signed += power;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("validator", v.validator());
      m.put("votingPower", ConsensusJson.quantity(power));
      m.put("signature", ConsensusJson.signature(v.signature()));
      signatures.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("number", ConsensusJson.quantity(h.number()));
    out.put("hash", h.hash());
    out.put("round", ConsensusJson.quantity(c.round().value()));
    out.put("signedVotingPower", ConsensusJson.quantity(signed));
    out.put("totalVotingPower", ConsensusJson.quantity(set.totalPower()));
    out.put("signatures", signatures);
    return out;
  }
}
