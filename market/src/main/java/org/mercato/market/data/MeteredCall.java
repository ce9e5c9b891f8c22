package org.mercato.market.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.market.data.abi.Abi;
import org.mercato.state.block.Log;
import org.mercato.state.exec.CallResult;

/**
 * How every data-market contract runs a call: gas and logs accumulate in a {@link Meter}; a
 * {@link Revert} (or malformed ABI arguments) becomes a revert with a readable reason that still
 * pays the gas metered so far. One place, so the contracts cannot disagree on it.
 */
public final class MeteredCall {
  private MeteredCall() {}

  /** A rejected call: the message is the revert reason. */
  public static final class Revert extends RuntimeException {
    public Revert(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Gas and logs of the call in progress. */
  public static final class Meter {
    public long gas;
    public final List<Log> logs = new ArrayList<>();

    public Meter(long baseGas) {
      this.gas = baseGas;
    }
  }

  /** A contract's functions: the ABI output for a selector and its arguments, or a {@link Revert}. */
  @FunctionalInterface
  public interface Functions {
    Bytes call(Meter meter, Bytes selector, Abi.Args args);
  }

  /**
   * {@link #run} for ABI calldata: input shorter than a selector reverts {@code "no function
   * selector"}; otherwise {@code functions} gets the selector and the (lazily decoded) arguments.
   */
  public static CallResult dispatch(long baseGas, String arithmeticPrefix, Bytes input, Functions functions) {
    return run(baseGas, arithmeticPrefix, m -> {
      if (input.size() < 4) {
        throw new Revert("no function selector");
      }
      return functions.call(m, input.slice(0, 4), Abi.args(input, 4));
    });
  }

  /** A contract's dispatch: returns the ABI output or throws {@link Revert}. */
  @FunctionalInterface
  public interface Body {
    Bytes run(Meter meter);
  }

  /**
   * Runs {@code body} with {@code baseGas} already charged. {@code arithmeticPrefix}, when not null,
   * also turns arithmetic and argument errors into reverts with that prefix (amount maths that can
   * overflow a uint256); when null they propagate, as a broken invariant should.
   */
  public static CallResult run(long baseGas, String arithmeticPrefix, Body body) {
    Meter m = new Meter(baseGas);
    try {
      Bytes out = body.run(m);
      return CallResult.success(m.gas, out, m.logs);
    } catch (Revert e) {
      return CallResult.revert(m.gas, e.getMessage());
    } catch (Abi.AbiException e) {
      return CallResult.revert(m.gas, "bad arguments: " + e.getMessage());
    } catch (ArithmeticException | IllegalArgumentException e) {
      if (arithmeticPrefix == null) {
        throw e;
      }
      return CallResult.revert(m.gas, arithmeticPrefix + e.getMessage());
    }
  }
}
