package io.hablocks.quorum;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumState;
import io.hablocks.quorum.internal.VotequorumCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The pure votequorum calculator: one node's votequorum as an immutable value (configuration plus
 * everything it remembers — node table, quorum, wait_for_all status, tie-breaker history), with
 * one method per event corosync 3.1 reacts to, each returning the next value. Nothing here reads a
 * clock or a network: {@link VotequorumService} drives it from a membership engine and a
 * {@code Clock}.
 *
 * <p>A membership change is three steps, as in corosync: {@link #syncInit} with the new view;
 * then every member's {@link #nodeInfo()} (taken after its own {@code syncInit}) is delivered to
 * every member, in one order, with {@link #deliver}; then {@link #syncActivate()}.
 *
 * <pre>{@code
 * Votequorum n1 = Votequorum.start(VotequorumConfig.ofNodes(3), NodeId.of(1));
 * n1 = n1.syncInit(view12);                 // view with nodes 1 and 2
 * n1 = n1.deliver(n1.nodeInfo()).deliver(infoFromNode2).syncActivate();
 * QuorumState s = n1.state(view12);         // quorate: 2 of 3 votes, quorum 2
 * }</pre>
 */
public final class Votequorum {

  private final VotequorumCore core;

  private Votequorum(VotequorumCore core) {
    this.core = core;
  }

  /**
   * A node's votequorum at start-up, alone (corosync's exec_init).
   *
   * @param config the configuration
   * @param local the node
   * @return the first value
   * @throws QuorumConfigException with corosync's reason if corosync would not start
   */
  public static Votequorum start(VotequorumConfig config, NodeId local) {
    return new Votequorum(VotequorumCore.start(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(local, "local")));
  }

  private Votequorum step(Consumer<VotequorumCore> f) {
    VotequorumCore c = core.copy();
    f.accept(c);
    return new Votequorum(c);
  }

  /**
   * A new view was agreed: nodes that left are dead, the last man standing timer may be armed.
   *
   * @param view the new view
   * @return the next value
   */
  public Votequorum syncInit(MembershipView view) {
    List<NodeId> ids = new ArrayList<>();
    for (Node n : view.members()) {
      ids.add(n.id());
    }
    return step(c -> c.syncInit(ids));
  }

  /** @return what this node tells the others after {@link #syncInit} */
  public NodeInfo nodeInfo() {
    return core.nodeInfo();
  }

  /**
   * A node's information was delivered.
   *
   * @param info the information (this node's own included)
   * @return the next value
   */
  public Votequorum deliver(NodeInfo info) {
    Objects.requireNonNull(info, "info");
    return step(c -> c.nodeInfoDelivered(info));
  }

  /** @return the next value once every member's information was delivered */
  public Votequorum syncActivate() {
    return step(VotequorumCore::syncActivate);
  }

  /** @return the next value after the last man standing window ran out */
  public Votequorum lastManStandingExpired() {
    return step(VotequorumCore::lastManStandingTimerExpired);
  }

  /** @return the next value after this node announced a clean leave (allow_downscale) */
  public Votequorum leave() {
    return step(VotequorumCore::leave);
  }

  /**
   * Checks a runtime change of expected votes as {@code corosync-quorumtool -e} does.
   *
   * @param expected the new expected votes
   * @return null if accepted, else the reason
   */
  public String checkExpectedVotes(int expected) {
    return core.copy().checkExpectedVotes(expected);
  }

  /**
   * Applies a runtime change of expected votes (every member applies it).
   *
   * @param expected the new expected votes
   * @return the next value
   */
  public Votequorum expectedVotesChanged(int expected) {
    return step(c -> c.expectedVotesChanged(expected));
  }

  /**
   * Checks a runtime change of a node's votes as {@code corosync-quorumtool -v} does.
   *
   * @param node the node
   * @param votes the new votes
   * @return null if accepted, else the reason
   */
  public String checkVotes(NodeId node, int votes) {
    return core.copy().checkVotes(node, votes);
  }

  /**
   * Applies a runtime change of a node's votes (every member applies it).
   *
   * @param node the node
   * @param votes the new votes
   * @return the next value
   */
  public Votequorum votesChanged(NodeId node, int votes) {
    return step(c -> c.votesChanged(node, votes));
  }

  /** @return the next value after wait_for_all was cancelled by the administrator */
  public Votequorum cancelWaitForAll() {
    return step(VotequorumCore::cancelWaitForAll);
  }

  /**
   * The decision, as {@code corosync-quorumtool -s} would show it on this node.
   *
   * @param view the view the decision belongs to
   * @return the state
   */
  public QuorumState state(MembershipView view) {
    return core.state(view);
  }

  /** @return whether this partition is quorate */
  public boolean quorate() {
    return core.quorate();
  }

  /** @return whether wait_for_all is still waiting for all nodes */
  public boolean waitingForAll() {
    return core.waitingForAll();
  }

  /** @return whether the last man standing timer is armed */
  public boolean lastManStandingTimerArmed() {
    return core.lastManStandingTimerSet();
  }

  /** @return the last man standing window of the configuration */
  public Duration lastManStandingWindow() {
    return core.lastManStandingWindow();
  }

  /** @return the settings in force (with corosync's adjustments and warnings) */
  public VotequorumConfig.Effective effective() {
    return core.effective();
  }

  /** @return each known node's votes */
  public Map<NodeId, Integer> votes() {
    return core.votesByNode();
  }

  VotequorumCore core() {
    return core;
  }

  static Votequorum of(VotequorumCore core) {
    return new Votequorum(core);
  }
}
