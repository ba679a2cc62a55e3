package io.hablocks.quorum.internal;

import io.hablocks.api.MembershipView;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import io.hablocks.quorum.AutoTieBreaker;
import io.hablocks.quorum.NodeInfo;
import io.hablocks.quorum.VotequorumConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node's votequorum, step by step as corosync 3.1's exec/votequorum.c runs it: the node
 * table with each node's state, votes, expected votes and flags; quorum; wait_for_all status; the
 * last man standing timer decision; the tie breaker. Written from corosync's documented and
 * observed behaviour (its source read as a specification). Not thread-safe; {@link #copy()} gives
 * an independent snapshot, which is how the pure calculator stays pure.
 */
public final class VotequorumCore {

  /** Node states as corosync numbers them. */
  enum NodeState { MEMBER, DEAD, LEAVING }

  /** One entry of the node table. */
  static final class Entry {
    final long id;
    NodeState state;
    int votes;
    int expected;
    int flags;

    Entry(long id) {
      this.id = id;
    }

    Entry copy() {
      Entry e = new Entry(id);
      e.state = state;
      e.votes = votes;
      e.expected = expected;
      e.flags = flags;
      return e;
    }
  }

  /** What the last step asks of the last man standing timer. */
  public enum TimerAction { NONE, ARM, CANCEL }

  private final VotequorumConfig config;
  private final VotequorumConfig.Effective eff;
  private final long localId;
  private final TreeMap<Long, Entry> nodes = new TreeMap<>();
  private Entry us;
  private boolean twoNode;
  private boolean waitForAll;
  private boolean lastManStanding;
  private AutoTieBreaker atb;
  private boolean allowDownscale;
  private boolean evTracking;
  private int quorum;
  private boolean quorate;
  private boolean wfaStatus;
  private long lowestNodeId = -1;
  private long highestNodeId = -1;
  private int evBarrier;
  private int evTrackingBarrier;
  private List<Long> quorumMembers = new ArrayList<>();
  private List<Long> previousQuorumMembers = new ArrayList<>();
  private boolean syncInProgress;
  private boolean lmsTimerSet;
  private TimerAction timerAction = TimerAction.NONE;
  private int notifications;

  private VotequorumCore(VotequorumConfig config, VotequorumConfig.Effective eff, long localId) {
    this.config = config;
    this.eff = eff;
    this.localId = localId;
  }

  /**
   * Starts a node's votequorum as corosync's exec_init does: reads the configuration and
   * computes quorum with this node alone.
   *
   * @param config the configuration
   * @param local this node
   * @return the core
   */
  public static VotequorumCore start(VotequorumConfig config, NodeId local) {
    VotequorumConfig.Effective eff = config.resolve(local);
    VotequorumCore c = new VotequorumCore(config, eff, local.value());
    c.us = c.node(local.value());
    c.us.state = NodeState.MEMBER;
    c.us.votes = eff.nodeVotes();
    c.us.expected = eff.nodeExpectedVotes();
    c.us.flags = NodeInfo.FIRST;
    c.twoNode = eff.twoNode();
    c.waitForAll = eff.waitForAll();
    c.lastManStanding = eff.lastManStanding();
    c.atb = eff.autoTieBreaker();
    c.allowDownscale = eff.allowDownscale();
    c.evTracking = eff.expectedVotesTracking();
    c.evBarrier = c.us.expected;
    if (c.waitForAll) {
      c.setWfaStatus(true);
    }
    c.recalculate(false, false);
    return c;
  }

  /** @return an independent copy */
  public VotequorumCore copy() {
    VotequorumCore c = new VotequorumCore(config, eff, localId);
    for (Entry e : nodes.values()) {
      c.nodes.put(e.id, e.copy());
    }
    c.us = c.nodes.get(localId);
    c.twoNode = twoNode;
    c.waitForAll = waitForAll;
    c.lastManStanding = lastManStanding;
    c.atb = atb;
    c.allowDownscale = allowDownscale;
    c.evTracking = evTracking;
    c.quorum = quorum;
    c.quorate = quorate;
    c.wfaStatus = wfaStatus;
    c.lowestNodeId = lowestNodeId;
    c.highestNodeId = highestNodeId;
    c.evBarrier = evBarrier;
    c.evTrackingBarrier = evTrackingBarrier;
    c.quorumMembers = new ArrayList<>(quorumMembers);
    c.previousQuorumMembers = new ArrayList<>(previousQuorumMembers);
    c.syncInProgress = syncInProgress;
    c.lmsTimerSet = lmsTimerSet;
    c.timerAction = TimerAction.NONE;
    return c;
  }

  private Entry node(long id) {
    return nodes.computeIfAbsent(id, Entry::new);
  }

  // ---- membership (sync) ------------------------------------------------------------------

  /**
   * A new membership was agreed (corosync's sync_init): nodes that left are marked dead, the last
   * man standing timer may be (re)armed, and the member lists move on.
   *
   * @param members the members of the new view
   */
  public void syncInit(List<NodeId> members) {
    syncInProgress = true;
    List<Long> ids = new ArrayList<>();
    for (NodeId n : members) {
      ids.add(n.value());
    }
    if (ids.size() > 1) {
      us.flags &= ~NodeInfo.FIRST;
    }
    boolean leftNodes = false;
    for (long q : quorumMembers) {
      if (!ids.contains(q)) {
        leftNodes = true;
        Entry e = nodes.get(q);
        if (e != null) {
          e.state = NodeState.DEAD;
        }
      }
    }
    if (lastManStanding) {
      if ((ids.size() >= quorum && leftNodes)
          || (ids.size() <= quorum && atb.enabled() && checkLowNodeIdPartition())) {
        lmsTimerSet = true;
        timerAction = TimerAction.ARM;
      }
    }
    previousQuorumMembers = quorumMembers;
    quorumMembers = ids;
  }

  /** @return what this node broadcasts after {@link #syncInit} (corosync's sync_process) */
  public NodeInfo nodeInfo() {
    return new NodeInfo(NodeId.of(localId), us.votes, us.expected, us.flags);
  }

  /**
   * A node's information was delivered (corosync's nodeinfo message handler).
   *
   * @param info the information
   */
  public void nodeInfoDelivered(NodeInfo info) {
    long id = info.node().value();
    Entry node = nodes.get(id);
    boolean newNode = node == null;
    if (newNode) {
      node = node(id);
    }
    int oldVotes = newNode ? 0 : node.votes;
    int oldExpected = newNode ? 0 : node.expected;
    NodeState oldState = newNode ? NodeState.DEAD : node.state;
    int oldFlags = newNode ? 0 : node.flags;
    boolean allowDowngrade = false;
    boolean byNode = false;
    node.flags = info.flags();
    node.votes = info.votes();
    node.state = NodeState.MEMBER;
    if (info.has(NodeInfo.LEAVING)) {
      node.state = NodeState.LEAVING;
      allowDowngrade = true;
      byNode = true;
    }
    if (!quorate && info.has(NodeInfo.QUORATE)) {
      allowDowngrade = true;
      us.expected = info.expectedVotes();
    }
    if (info.has(NodeInfo.QUORATE) || evTracking) {
      node.expected = info.expectedVotes();
    } else {
      node.expected = us.expected;
    }
    if (lastManStanding && node.votes > 1) {
      lastManStanding = false;
      if (lmsTimerSet) {
        lmsTimerSet = false;
        timerAction = TimerAction.CANCEL;
      }
    }
    if (newNode || id == localId || info.has(NodeInfo.FIRST) || oldVotes != node.votes
        || oldExpected != node.expected || oldFlags != node.flags || oldState != node.state) {
      recalculate(allowDowngrade, byNode);
    }
    if (waitForAll && !info.has(NodeInfo.WFA_STATUS) && info.has(NodeInfo.QUORATE)) {
      setWfaStatus(false);
    }
  }

  /** Every member's information of the new membership was delivered (corosync's sync_activate). */
  public void syncActivate() {
    recalculate(false, false);
    syncInProgress = false;
    notifications++;
  }

  /** The last man standing window ran out. */
  public void lastManStandingTimerExpired() {
    lmsTimerSet = false;
    if (quorate) {
      recalculate(true, true);
    }
  }

  /** This node is leaving cleanly: with allow_downscale it tells the others (flag LEAVING). */
  public void leave() {
    if (allowDownscale) {
      us.flags |= NodeInfo.LEAVING;
    }
  }

  /** @return whether {@link #leave()} set the LEAVING flag, so a node info must be sent */
  public boolean announcesLeave() {
    return allowDownscale;
  }

  // ---- runtime changes --------------------------------------------------------------------

  /**
   * Checks a new expected_votes as corosync-quorumtool -e does on the node it runs on.
   *
   * @param expected the new value
   * @return null if acceptable, else corosync's reason
   */
  public String checkExpectedVotes(int expected) {
    boolean saved = allowDownscale;
    allowDownscale = false;
    int[] total = new int[1];
    int newQuorum = calculateQuorum(true, expected, total);
    allowDownscale = saved;
    if (expected < total[0] || (quorate && newQuorum > total[0])) {
      return "CS_ERR_INVALID_PARAM: expected votes " + expected + " is below the total votes "
          + total[0] + " or would make the quorate cluster inquorate (quorum " + newQuorum + ")";
    }
    return null;
  }

  /**
   * Applies a new expected_votes (the reconfigure message every node receives).
   *
   * @param expected the new value
   */
  public void expectedVotesChanged(int expected) {
    updateNodeExpectedVotes(expected);
    evBarrier = expected;
    if (evTracking) {
      us.expected = Math.max(us.expected, evTrackingBarrier);
    }
    recalculate(true, false);
  }

  /**
   * Checks new votes for a node as corosync-quorumtool -v does.
   *
   * @param node the node
   * @param votes the new votes
   * @return null if acceptable, else corosync's reason
   */
  public String checkVotes(NodeId node, int votes) {
    Entry e = nodes.get(node.value());
    if (e == null) {
      return "CS_ERR_NAME_NOT_FOUND: node " + node + " is not known";
    }
    int saved = e.votes;
    e.votes = votes;
    int[] total = new int[1];
    int newQuorum = calculateQuorum(true, 0, total);
    e.votes = saved;
    if (newQuorum < total[0] / 2 || newQuorum > total[0]) {
      return "CS_ERR_INVALID_PARAM: " + votes + " votes for node " + node + " gives quorum "
          + newQuorum + " against total votes " + total[0];
    }
    return null;
  }

  /**
   * Applies new votes for a node (the reconfigure message every node receives).
   *
   * @param node the node
   * @param votes the votes
   */
  public void votesChanged(NodeId node, int votes) {
    Entry e = nodes.get(node.value());
    if (e == null) {
      return;
    }
    e.votes = votes;
    recalculate(true, false);
  }

  /** Cancels wait_for_all as {@code corosync-cmapctl -s quorum.cancel_wait_for_all} does. */
  public void cancelWaitForAll() {
    setWfaStatus(false);
    recalculate(false, false);
  }

  // ---- the calculation --------------------------------------------------------------------

  private int calculateQuorum(boolean allowDecrease, int maxExpected, int[] retTotal) {
    if (allowDownscale && allowDecrease && maxExpected != 0) {
      maxExpected = Math.max(evBarrier, maxExpected);
    }
    int totalVotes = 0;
    int highestExpected = 0;
    int totalNodes = 0;
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.MEMBER) {
        highestExpected = Math.max(highestExpected, e.expected);
        totalVotes += e.votes;
        totalNodes++;
      }
    }
    if (maxExpected > 0) {
      highestExpected = maxExpected;
    }
    int q1 = (highestExpected + 2) / 2;
    int q2 = (totalVotes + 2) / 2;
    int newQuorum = Math.max(q1, q2);
    if (!allowDecrease) {
      newQuorum = Math.max(quorum, newQuorum);
    }
    if (twoNode && totalNodes <= 2) {
      newQuorum = 1;
    }
    if (retTotal != null) {
      retTotal[0] = totalVotes;
    }
    return newQuorum;
  }

  private void updateNodeExpectedVotes(int newExpected) {
    if (newExpected != 0) {
      for (Entry e : nodes.values()) {
        if (e.state == NodeState.MEMBER) {
          e.expected = newExpected;
        }
      }
    }
  }

  private void recalculate(boolean allowDecrease, boolean byCurrentNodes) {
    int totalVotes = 0;
    int members = 0;
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.MEMBER) {
        members++;
        totalVotes += e.votes;
      }
    }
    if (!byCurrentNodes) {
      members = 0;
    }
    if (totalVotes > us.expected) {
      us.expected = totalVotes;
    }
    if (evTracking && us.expected > evTrackingBarrier) {
      evTrackingBarrier = us.expected;
    }
    int[] total = new int[1];
    // corosync keeps quorum in a uint8_t
    quorum = calculateQuorum(allowDecrease, members, total) & 0xFF;
    updateNodeExpectedVotes(members);
    areWeQuorate(total[0]);
  }

  private void areWeQuorate(int totalVotes) {
    if (waitForAll && wfaStatus) {
      if (totalVotes != us.expected) {
        quorate = false;
        us.flags &= ~NodeInfo.QUORATE;
        return;
      }
      setWfaStatus(false);
    }
    boolean q;
    if (quorum > totalVotes) {
      q = false;
    } else {
      q = true;
      lowestNodeId = lowestMember();
      highestNodeId = highestMember();
    }
    if (atb.enabled() && totalVotes == us.expected / 2
        && previousQuorumMembers.size() - quorumMembers.size() < quorum
        && checkAutoTieBreaker()) {
      q = true;
    }
    if (q != quorate && !syncInProgress) {
      notifications++;
    }
    quorate = q;
    if (quorate) {
      us.flags |= NodeInfo.QUORATE;
    } else {
      us.flags &= ~NodeInfo.QUORATE;
    }
    if (waitForAll) {
      setWfaStatus(!quorate);
    }
  }

  private void setWfaStatus(boolean on) {
    wfaStatus = on;
    if (on) {
      us.flags |= NodeInfo.WFA_STATUS;
    } else {
      us.flags &= ~NodeInfo.WFA_STATUS;
    }
  }

  private long lowestMember() {
    long low = localId;
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.MEMBER && e.id < low) {
        low = e.id;
      }
    }
    return low;
  }

  private long highestMember() {
    long high = localId;
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.MEMBER && e.id > high) {
        high = e.id;
      }
    }
    return high;
  }

  private boolean isMember(long id) {
    Entry e = nodes.get(id);
    return e != null && e.state == NodeState.MEMBER;
  }

  private boolean checkLowNodeIdPartition() {
    return isMember(lowestNodeId);
  }

  private boolean checkAutoTieBreaker() {
    switch (atb.mode()) {
      case LOWEST:
        return checkLowNodeIdPartition();
      case HIGHEST:
        return isMember(highestNodeId);
      default:
        List<NodeId> list = atb.nodes();
        for (int i = 0; i < list.size(); i++) {
          if (quorumMembers.contains(list.get(i).value())) {
            for (int j = 0; j < i; j++) {
              if (previousQuorumMembers.contains(list.get(j).value())) {
                return false;
              }
            }
            return true;
          }
        }
        return false;
    }
  }

  // ---- reading ----------------------------------------------------------------------------

  /** @return and clears what the last steps asked of the last man standing timer */
  public TimerAction takeTimerAction() {
    TimerAction a = timerAction;
    timerAction = TimerAction.NONE;
    return a;
  }

  /** @return whether the last man standing timer is armed */
  public boolean lastManStandingTimerSet() {
    return lmsTimerSet;
  }

  /** @return the last man standing window */
  public java.time.Duration lastManStandingWindow() {
    return config.lastManStandingWindow();
  }

  /** @return whether the partition is quorate */
  public boolean quorate() {
    return quorate;
  }

  /** @return whether wait_for_all is still waiting */
  public boolean waitingForAll() {
    return waitForAll && wfaStatus;
  }

  /** @return whether a sync is in progress */
  public boolean syncInProgress() {
    return syncInProgress;
  }

  /** @return how many quorum notifications corosync would have sent so far */
  public int notifications() {
    return notifications;
  }

  /** @return this node's id */
  public long localId() {
    return localId;
  }

  /** @return the configuration */
  public VotequorumConfig config() {
    return config;
  }

  /** @return the settings in force, with corosync's adjustments */
  public VotequorumConfig.Effective effective() {
    return eff;
  }

  /**
   * Votes of a node as known here.
   *
   * @param id the node
   * @return its votes, or -1 if unknown
   */
  public int votesOf(NodeId id) {
    Entry e = nodes.get(id.value());
    return e == null ? -1 : e.votes;
  }

  /** @return each known node's votes, by node id */
  public Map<NodeId, Integer> votesByNode() {
    Map<NodeId, Integer> m = new TreeMap<>();
    for (Entry e : nodes.values()) {
      m.put(NodeId.of(e.id), e.votes);
    }
    return m;
  }

  /**
   * The state as corosync's getinfo reports it for this node.
   *
   * @param view the view the decision was made on
   * @return the state
   */
  public QuorumState state(MembershipView view) {
    int highest = 0;
    int total = 0;
    for (Entry e : nodes.values()) {
      if (e.state == NodeState.MEMBER) {
        highest = Math.max(highest, e.expected);
        total += e.votes;
      }
    }
    EnumSet<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
    if (twoNode) {
      flags.add(QuorumFlag.TWO_NODE);
    }
    if (waitForAll) {
      flags.add(QuorumFlag.WAIT_FOR_ALL);
    }
    if (lastManStanding) {
      flags.add(QuorumFlag.LAST_MAN_STANDING);
    }
    if (atb.enabled()) {
      flags.add(QuorumFlag.AUTO_TIE_BREAKER);
    }
    if (allowDownscale) {
      flags.add(QuorumFlag.ALLOW_DOWNSCALE);
    }
    return new QuorumState(quorate, us.expected, highest, total, quorum, flags, view);
  }
}
