package org.mercato.consensus.bft.types;

/** The two kinds of vote, with the type byte they sign (CometBFT's SignedMsgType values). */
public enum VoteType {
  PREVOTE((byte) 0x01),
  PRECOMMIT((byte) 0x02);

  private final byte signByte;

  VoteType(byte signByte) {
    this.signByte = signByte;
  }

  public byte signByte() {
    return signByte;
  }
}
