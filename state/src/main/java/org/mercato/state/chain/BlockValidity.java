package org.mercato.state.chain;

/** Why a proposed block is refused; each maps to one header or body rule of docs/spec/blocks.md. */
public enum BlockValidity {
  UNKNOWN_PARENT,
  WRONG_NUMBER,
  TIMESTAMP_BEFORE_PARENT,
  WRONG_GAS_LIMIT,
  WRONG_BASE_FEE,
  WRONG_EVIDENCE_HASH,
  INVALID_TRANSACTION,
  WRONG_GAS_USED,
  WRONG_TRANSACTIONS_ROOT,
  WRONG_RECEIPTS_ROOT,
  WRONG_LOGS_BLOOM,
  WRONG_STATE_ROOT
}
