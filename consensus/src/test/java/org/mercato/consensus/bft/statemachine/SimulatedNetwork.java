package org.mercato.consensus.bft.statemachine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.Height;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;

/**
 * In-memory validators: a FIFO of deliveries, a virtual clock for timers, silent validators that
 * neither send nor receive. Deterministic: the same setup gives the same run. Plays the driver's
 * part too: answers RequestValue, starts the next height after a decision, and buffers messages
 * for a height a node has not reached yet.
 */
final class SimulatedNetwork {
  private record Delivery(int to, Input input) {}

  private record Timer(long at, long seq, int node, Input.Timeout timeout) {}

  final TestValidators v;
  private final Set<Integer> silent;
  private final long lastHeight;
  private final List<TendermintMachine> nodes = new ArrayList<>();
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
  private final Map<Integer, List<Input>> future = new HashMap<>();
  final Map<Integer, List<Output.Decide>> decisions = new HashMap<>();
  private final List<ProposerPriorities> priorities = new ArrayList<>();
  private long now;
  private long seq;
  long steps;

  SimulatedNetwork(TestValidators v, Set<Integer> silent, long lastHeight) {
    this.v = v;
    this.silent = silent;
    this.lastHeight = lastHeight;
    TimeoutConfig fast = new TimeoutConfig(java.time.Duration.ofMillis(30), java.time.Duration.ofMillis(5),
        java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(5));
    for (int i = 0; i < v.set.size(); i++) {
      nodes.add(new TendermintMachine(v.signer(i), fast));
      decisions.put(i, new ArrayList<>());
      future.put(i, new ArrayList<>());
    }
    priorities.add(v.priorities);
  }

  ProposerPriorities prioritiesAt(Height h) {
    while (priorities.size() < h.value()) {
      priorities.add(priorities.get(priorities.size() - 1).nextHeight());
    }
    return priorities.get((int) h.value() - 1);
  }

  /** Runs until no message or timer is left, or {@code maxSteps} deliveries. */
  void run(long maxSteps) {
    for (int i = 0; i < nodes.size(); i++) {
      if (!silent.contains(i)) {
        queue.add(new Delivery(i, new Input.StartHeight(TestValidators.H1, v.set, prioritiesAt(TestValidators.H1))));
      }
    }
    while (steps < maxSteps) {
      Delivery d = queue.poll();
      if (d == null) {
        Timer t = timers.poll();
        if (t == null) {
          return;
        }
        now = t.at();
        d = new Delivery(t.node(), t.timeout());
      }
      steps++;
      deliver(d.to(), d.input());
    }
  }

  long now() {
    return now;
  }

  private void deliver(int to, Input input) {
    TendermintMachine node = nodes.get(to);
    Height at = node.state().height().orElse(null);
    Height of = input instanceof Input.ProposalReceived p ? p.proposal().height()
        : input instanceof Input.VoteReceived vr ? vr.vote().height() : null;
    if (of != null && (at == null || of.compareTo(at) > 0)) {
      future.get(to).add(input); // the driver's future-height buffer
      return;
    }
    if (of != null && of.compareTo(at) < 0) {
      return; // late message for a finished height
    }
    handle(to, node.apply(input));
    if (input instanceof Input.StartHeight) {
      List<Input> buffered = new ArrayList<>(future.get(to));
      future.get(to).clear();
      for (Input b : buffered) {
        queue.add(new Delivery(to, b));
      }
    }
  }

  private void handle(int from, List<Output> outputs) {
    for (Output o : outputs) {
      if (o instanceof Output.BroadcastProposal p) {
        broadcast(from, new Input.ProposalReceived(p.proposal(), true));
      } else if (o instanceof Output.BroadcastVote bv) {
        broadcast(from, new Input.VoteReceived(bv.vote()));
      } else if (o instanceof Output.ScheduleTimeout st) {
        timers.add(new Timer(now + st.duration().toMillis(), seq++, from, new Input.Timeout(st.step(), st.height(), st.round())));
      } else if (o instanceof Output.RequestValue rv) {
        Hash block = Keccak.hash(("block " + rv.height() + "/" + rv.round() + " by " + from).getBytes(StandardCharsets.US_ASCII));
        queue.add(new Delivery(from, new Input.ValueProposed(rv.height(), rv.round(), block)));
      } else if (o instanceof Output.Decide d) {
        decisions.get(from).add(d);
        if (d.height().value() < lastHeight) {
          Height next = d.height().next();
          queue.add(new Delivery(from, new Input.StartHeight(next, v.set, prioritiesAt(next))));
        }
      } else if (o instanceof Output.VoteRejected || o instanceof Output.ProposalRejected || o instanceof Output.EvidenceFound) {
        throw new AssertionError("honest network produced " + o);
      }
    }
  }

  private void broadcast(int from, Input input) {
    for (int j = 0; j < nodes.size(); j++) {
      if (j != from && !silent.contains(j)) {
        queue.add(new Delivery(j, input));
      }
    }
  }
}
