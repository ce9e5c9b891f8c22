package org.mercato.state.tx;

/** The Ethereum transaction envelopes Mercato accepts (EIP-2718 type byte, or none for legacy). */
public enum TransactionType {
  /** Pre-EIP-2718 RLP list; signed with EIP-155 replay protection (or, if v is 27/28, without). */
  LEGACY(-1),
  /** EIP-2930: chain id and an access list. */
  ACCESS_LIST(0x01),
  /** EIP-1559: max fee and max priority fee per gas instead of a gas price. */
  DYNAMIC_FEE(0x02);

  private final int typeByte;

  TransactionType(int typeByte) {
    this.typeByte = typeByte;
  }

  /** The EIP-2718 type byte, or -1 for legacy. */
  public int typeByte() {
    return typeByte;
  }

  /** The value of a receipt's and an RPC transaction's "type" field. */
  public int rpcType() {
    return this == LEGACY ? 0 : typeByte;
  }
}
