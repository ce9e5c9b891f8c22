package org.mercato.state.world;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Ethereum's account encoding, the value of the account trie and of the flat ACCOUNTS table: rlp([nonce, balance, storageRoot, codeHash]). */
public final class AccountRlp {
  private AccountRlp() {}

  public static Bytes encode(Account account) {
    return RLP.encodeList(w -> {
      w.writeLong(account.nonce());
      w.writeValue(account.balance().toMinimalBytes());
      w.writeValue(account.storageRoot().bytes());
      w.writeValue(account.codeHash().bytes());
    });
  }

  /** Decodes what this node wrote; malformed input means a damaged database, hence an exception. */
  public static Account decode(Bytes rlp) {
    return RLP.decodeList(rlp, r -> {
      long nonce = r.readLong();
      Wei balance = Wei.fromBytes(r.readValue());
      Hash storageRoot = Hash.wrap(r.readValue());
      Hash codeHash = Hash.wrap(r.readValue());
      if (!r.isComplete()) {
        throw new IllegalStateException("account RLP has trailing items");
      }
      return new Account(nonce, balance, storageRoot, codeHash);
    });
  }
}
