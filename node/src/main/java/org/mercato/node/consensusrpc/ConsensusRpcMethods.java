package org.mercato.node.consensusrpc;

import java.util.List;
import org.mercato.rpc.eth.ChainAccess;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;

/**
 * The consensus methods for explorers and operators (docs/spec/consensus.md §12): validator sets, commits and
 * evidence by block. In the node because they read module consensus's types; module rpc sees state only.
 */
public final class ConsensusRpcMethods {
  private ConsensusRpcMethods() {}

  public static List<JsonRpcMethod> create(ChainAccess chain, ConsensusSource source) {
    return List.of(new MercatoGetValidators(chain, source), new MercatoGetCommit(chain, source), new MercatoGetEvidence(chain));
  }
}
