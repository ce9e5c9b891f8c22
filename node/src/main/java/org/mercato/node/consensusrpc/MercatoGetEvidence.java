package org.mercato.node.consensusrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.rpc.eth.ChainAccess;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;

/** {@code mercato_getEvidence(block)}: the equivocation evidence committed in block n (consensus.md §11, §12). */
final class MercatoGetEvidence implements JsonRpcMethod {
  private final ChainAccess chain;

  MercatoGetEvidence(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "mercato_getEvidence";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    BlockParameter block = request.params().blockParameterOr(0, BlockParameter.LATEST);
    Optional<BlockHeader> header = chain.header(block);
    if (header.isEmpty()) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Bytes raw : chain.chain().store().evidence(header.get().hash())) {
      // Committed evidence passed EvidencePool.verify and was written by this node: it decodes.
      DuplicateVoteEvidence e = EvidenceCodec.decode(raw).orElseThrow();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "duplicateVote");
      m.put("validator", e.voteA().validator());
      m.put("height", ConsensusJson.quantity(e.voteA().height().value()));
      m.put("round", ConsensusJson.quantity(e.voteA().round().value()));
      m.put("voteType", e.voteA().type().name().toLowerCase(java.util.Locale.ROOT));
      m.put("voteA", vote(e.voteA()));
      m.put("voteB", vote(e.voteB()));
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> vote(Vote v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", v.value().orElse(null));
    m.put("signature", ConsensusJson.signature(v.signature()));
    return m;
  }
}
