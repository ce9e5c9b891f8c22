package org.mercato.node.consensusrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.rpc.eth.ChainAccess;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code mercato_getValidators(block)}: the set deciding block n, with proposer priorities (consensus.md §12). */
final class MercatoGetValidators implements JsonRpcMethod {
  private final ChainAccess chain;
  private final ConsensusSource source;

  MercatoGetValidators(ChainAccess chain, ConsensusSource source) {
    this.chain = chain;
    this.source = source;
  }

  @Override
  public String name() {
    return "mercato_getValidators";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    BlockParameter block = request.params().blockParameterOr(0, BlockParameter.LATEST);
    long head = chain.chain().head().number();
    long n = block instanceof BlockParameter.Number num ? num.number() : chain.header(block).map(h -> h.number()).orElse(-1L);
    if (n < 1 || n > head + 1) {
      return null; // genesis is decided by no one; beyond the height being decided the set is not known yet
    }
    Height height = Height.of(n);
    ValidatorSet set = source.validatorSets().validatorsAt(height);
    ProposerPriorities priorities = source.validatorSets().prioritiesAt(height);
    List<Map<String, Object>> validators = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      Validator v = set.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", v.address());
      m.put("publicKey", v.publicKey());
      m.put("votingPower", ConsensusJson.quantity(v.votingPower()));
      m.put("proposerPriority", ConsensusJson.quantity(priorities.priority(i)));
      validators.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("number", ConsensusJson.quantity(n));
    out.put("totalVotingPower", ConsensusJson.quantity(set.totalPower()));
    out.put("quorum", ConsensusJson.quantity(set.quorum()));
    out.put("proposer", priorities.proposer().address());
    out.put("validators", validators);
    return out;
  }
}
