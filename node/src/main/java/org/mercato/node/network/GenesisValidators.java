package org.mercato.node.network;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.genesis.GenesisFile;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The consensus validator set of a genesis file. Voting power = stake in whole coins (stake / 10^18,
 * rounded down): a stake below one coin is refused, and the total must stay within
 * {@link ValidatorSet#MAX_TOTAL_VOTING_POWER} (about 1.15 · 10^18 coins, far above any supply).
 */
public final class GenesisValidators {
  private GenesisValidators() {}

  public static ValidatorSet of(GenesisFile genesis) {
    BigInteger coin = Wei.coins(1).value();
    List<Validator> vs = new ArrayList<>();
    for (GenesisFile.Validator v : genesis.validators()) {
      BigInteger stake;
      try {
        stake = new BigInteger(v.stake());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("genesis validator " + v.address() + ": stake is not a wei amount: " + v.stake());
      }
      BigInteger power = stake.divide(coin);
      if (power.signum() <= 0) {
        throw new IllegalArgumentException("genesis validator " + v.address() + ": stake below one coin");
      }
      if (power.bitLength() > 62 || power.longValue() > ValidatorSet.MAX_TOTAL_VOTING_POWER) {
        throw new IllegalArgumentException("genesis validator " + v.address() + ": stake too large for a voting power");
      }
      Bytes pub = Bytes.fromHexString(v.publicKey());
      vs.add(new Validator(Address.fromHex(v.address()), pub, power.longValue()));
    }
    if (vs.isEmpty()) {
      throw new IllegalArgumentException("the genesis lists no validators");
    }
    return ValidatorSet.of(vs);
  }
}
