package io.hablocks.quorum;

import io.hablocks.api.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code quorum} section of corosync.conf (with the nodelist's {@code quorum_votes}) as an
 * immutable value. {@link Builder#build()} refuses the combinations corosync 3.1 refuses to
 * start with, using corosync's own reasons; the combinations corosync accepts but adjusts (it logs
 * and disables a feature) are applied the same way by {@link #resolve(NodeId)} and reported in
 * {@link Effective#warnings()}, or refused too when {@link Builder#strict(boolean)} is set.
 *
 * <pre>{@code
 * VotequorumConfig cfg = VotequorumConfig.builder()
 *     .node(1, 1).node(2, 1).node(3, 1)
 *     .waitForAll(true)
 *     .autoTieBreaker(AutoTieBreaker.lowest())
 *     .build();
 * }</pre>
 */
public final class VotequorumConfig {

  /** corosync's default last_man_standing_window: 10 seconds. */
  public static final Duration DEFAULT_LMS_WINDOW = Duration.ofSeconds(10);

  private final SortedMap<NodeId, Integer> nodelist;
  private final int expectedVotes;
  private final int votes;
  private final boolean twoNode;
  private final Boolean waitForAll;
  private final boolean lastManStanding;
  private final Duration lastManStandingWindow;
  private final AutoTieBreaker autoTieBreaker;
  private final boolean allowDownscale;
  private final boolean expectedVotesTracking;
  private final boolean quorumDevice;
  private final int quorumDeviceVotes;
  private final boolean strict;

  private VotequorumConfig(Builder b) {
    this.nodelist = Collections.unmodifiableSortedMap(new TreeMap<>(b.nodelist));
    this.expectedVotes = b.expectedVotes;
    this.votes = b.votes;
    this.twoNode = b.twoNode;
    this.waitForAll = b.waitForAll;
    this.lastManStanding = b.lastManStanding;
    this.lastManStandingWindow = b.lastManStandingWindow;
    this.autoTieBreaker = b.autoTieBreaker;
    this.allowDownscale = b.allowDownscale;
    this.expectedVotesTracking = b.expectedVotesTracking;
    this.quorumDevice = b.quorumDevice;
    this.quorumDeviceVotes = b.quorumDeviceVotes;
    this.strict = b.strict;
  }

  /** @return a builder with corosync's defaults (everything off, window 10 s) */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A nodelist of {@code n} nodes with ids 1..n and one vote each, everything else default.
   *
   * @param n the number of nodes
   * @return the configuration
   */
  public static VotequorumConfig ofNodes(int n) {
    Builder b = builder();
    for (int i = 1; i <= n; i++) {
      b.node(i, 1);
    }
    return b.build();
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodelist.putAll(nodelist);
    b.expectedVotes = expectedVotes;
    b.votes = votes;
    b.twoNode = twoNode;
    b.waitForAll = waitForAll;
    b.lastManStanding = lastManStanding;
    b.lastManStandingWindow = lastManStandingWindow;
    b.autoTieBreaker = autoTieBreaker;
    b.allowDownscale = allowDownscale;
    b.expectedVotesTracking = expectedVotesTracking;
    b.quorumDevice = quorumDevice;
    b.quorumDeviceVotes = quorumDeviceVotes;
    b.strict = strict;
    return b;
  }

  /** @return the nodelist: node id to {@code quorum_votes}; empty when there is no nodelist */
  public SortedMap<NodeId, Integer> nodelist() {
    return nodelist;
  }

  /** @return {@code quorum.expected_votes}, 0 when not set */
  public int expectedVotes() {
    return expectedVotes;
  }

  /** @return {@code quorum.votes} (this node's votes when there is no nodelist) */
  public int votes() {
    return votes;
  }

  /** @return {@code quorum.two_node} as configured */
  public boolean twoNode() {
    return twoNode;
  }

  /** @return {@code quorum.wait_for_all} as configured, or null when not set (then it follows two_node) */
  public Boolean waitForAll() {
    return waitForAll;
  }

  /** @return {@code quorum.last_man_standing} */
  public boolean lastManStanding() {
    return lastManStanding;
  }

  /** @return {@code quorum.last_man_standing_window} */
  public Duration lastManStandingWindow() {
    return lastManStandingWindow;
  }

  /** @return {@code quorum.auto_tie_breaker} with {@code auto_tie_breaker_node} */
  public AutoTieBreaker autoTieBreaker() {
    return autoTieBreaker;
  }

  /** @return {@code quorum.allow_downscale} */
  public boolean allowDownscale() {
    return allowDownscale;
  }

  /** @return {@code quorum.expected_votes_tracking} as configured (allow_downscale implies it) */
  public boolean expectedVotesTracking() {
    return expectedVotesTracking;
  }

  /** @return whether a {@code quorum.device} is configured (checked only; ha-quorum runs no qdevice) */
  public boolean quorumDevice() {
    return quorumDevice;
  }

  /** @return {@code quorum.device.votes}, -1 when not set */
  public int quorumDeviceVotes() {
    return quorumDeviceVotes;
  }

  /** @return whether corosync's warn-and-disable adjustments are refused instead */
  public boolean strict() {
    return strict;
  }

  /**
   * What corosync runs with on one node after reading this configuration (votequorum_readconfig
   * at start-up): the adjustments it makes, its warnings, and this node's votes and expected votes.
   *
   * @param twoNode two_node in force (false if disabled by auto_tie_breaker)
   * @param waitForAll wait_for_all in force
   * @param lastManStanding last_man_standing in force
   * @param autoTieBreaker auto_tie_breaker in force
   * @param allowDownscale allow_downscale
   * @param expectedVotesTracking expected_votes_tracking in force
   * @param nodeVotes this node's votes
   * @param nodeExpectedVotes this node's expected votes at start
   * @param warnings corosync's log lines for adjustments, in order
   */
  public record Effective(boolean twoNode, boolean waitForAll, boolean lastManStanding,
      AutoTieBreaker autoTieBreaker, boolean allowDownscale, boolean expectedVotesTracking,
      int nodeVotes, int nodeExpectedVotes, List<String> warnings) {
    /** Copies the warnings. */
    public Effective {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Resolves the configuration for one node as corosync's votequorum_readconfig does at start-up.
   *
   * @param local the node this configuration runs on
   * @return the settings in force
   * @throws QuorumConfigException with corosync's reason if corosync would not start
   */
  public Effective resolve(NodeId local) {
    Objects.requireNonNull(local, "local");
    List<String> warnings = new ArrayList<>();
    boolean haveNodelist = nodelist.containsKey(local);
    int nodeCount = haveNodelist ? nodelist.size() : 0;
    int nodeExpected = 0;
    int nodeVotes = 0;
    if (haveNodelist) {
      for (int v : nodelist.values()) {
        nodeExpected += v;
      }
      nodeVotes = nodelist.get(local);
    }
    int expected = expectedVotes;
    int qdevVotes = quorumDevice ? quorumDeviceVotes : 0;
    if (!haveNodelist && expected == 0) {
      throw new QuorumConfigException(nodelist.isEmpty() ? "quorum.expected_votes" : "nodelist",
          "configuration error: nodelist or quorum.expected_votes must be configured!"
              + (nodelist.isEmpty() ? "" : " (node " + local + " is not in the nodelist)"));
    }
    if (twoNode && quorumDevice) {
      throw new QuorumConfigException("quorum.two_node",
          "configuration error: two_node and quorum device cannot be configured at the same time!");
    }
    boolean ev = expectedVotesTracking || allowDownscale;
    boolean wfa = waitForAll != null ? waitForAll : twoNode;
    boolean two = twoNode;
    AutoTieBreaker atb = autoTieBreaker;
    if (two && atb.enabled()) {
      adjust(warnings, "quorum.two_node",
          "two_node and auto_tie_breaker are both specified but are not compatible."
              + " two_node has been disabled, please fix your corosync.conf");
      two = false;
    }
    if (atb.enabled() && nodeExpected % 2 != 0 && !wfa) {
      if (lastManStanding) {
        throw new QuorumConfigException("quorum.auto_tie_breaker",
            "configuration error: auto_tie_breaker & last_man_standing not available in odd sized"
                + " cluster");
      }
      adjust(warnings, "quorum.auto_tie_breaker",
          "auto_tie_breaker is set and the cluster has an odd number of nodes. wait_for_all needs"
              + " to be set for this configuration but it is missing. Therefore auto_tie_breaker"
              + " has been disabled. Please fix your corosync.conf");
      atb = AutoTieBreaker.NONE;
    }
    if (quorumDevice && lastManStanding) {
      throw new QuorumConfigException("quorum.device",
          "configuration error: quorum.device is not compatible with last_man_standing");
    }
    if (quorumDevice && atb.enabled()) {
      throw new QuorumConfigException("quorum.device",
          "configuration error: quorum.device is not compatible with auto_tie_breaker");
    }
    if (quorumDevice && allowDownscale) {
      throw new QuorumConfigException("quorum.device",
          "configuration error: quorum.device is not compatible with allow_downscale");
    }
    if (expected != 0 && quorumDevice && qdevVotes == -1) {
      throw new QuorumConfigException("quorum.device.votes",
          "configuration error: quorum.device.votes must be specified when quorum.expected_votes"
              + " is set");
    }
    if (quorumDevice && qdevVotes == -1 && haveNodelist && nodeCount != nodeExpected) {
      throw new QuorumConfigException("quorum.device.votes",
          "configuration error: quorum.device.votes must be specified when not all nodes votes 1");
    }
    if (qdevVotes > 0 && expected != 0 && expected - qdevVotes < 2) {
      throw new QuorumConfigException("quorum.device.votes",
          "configuration error: quorum.device.votes is too high or expected_votes is too low");
    }
    if (quorumDevice && qdevVotes == -1 && expected == 0 && haveNodelist
        && nodeCount == nodeExpected) {
      qdevVotes = nodeExpected - 1;
      nodeExpected += qdevVotes;
    }
    if (ev) {
      // corosync replaces expected_votes by the tracking barrier read from disk; ha-quorum keeps
      // no such file, so the barrier starts at 0 as on a node's first start.
      expected = 0;
    }
    int usVotes = haveNodelist ? nodeVotes : votes;
    int usExpected = haveNodelist ? nodeExpected : 0;
    if (expected != 0) {
      usExpected = expected;
    }
    if (usExpected == 0) {
      throw new QuorumConfigException("quorum.expected_votes",
          "expected votes would be 0: with expected_votes_tracking or allow_downscale a nodelist"
              + " is needed on the first start");
    }
    return new Effective(two, wfa, lastManStanding, atb, allowDownscale, ev, usVotes, usExpected,
        warnings);
  }

  private void adjust(List<String> warnings, String setting, String message) {
    if (strict) {
      throw new QuorumConfigException(setting, message);
    }
    warnings.add(message);
  }

  @Override
  public String toString() {
    return "VotequorumConfig{nodelist=" + nodelist + ", expected_votes=" + expectedVotes
        + ", two_node=" + twoNode + ", wait_for_all=" + waitForAll + ", last_man_standing="
        + lastManStanding + "/" + lastManStandingWindow.toMillis() + "ms, auto_tie_breaker="
        + autoTieBreaker + ", allow_downscale=" + allowDownscale + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VotequorumConfig c && c.toString().equals(toString())
        && c.expectedVotesTracking == expectedVotesTracking && c.quorumDevice == quorumDevice
        && c.quorumDeviceVotes == quorumDeviceVotes && c.strict == strict && c.votes == votes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString(), quorumDeviceVotes, strict, votes);
  }

  /** Builds a {@link VotequorumConfig}; not thread-safe. */
  public static final class Builder {
    private final Map<NodeId, Integer> nodelist = new TreeMap<>();
    private int expectedVotes;
    private int votes = 1;
    private boolean twoNode;
    private Boolean waitForAll;
    private boolean lastManStanding;
    private Duration lastManStandingWindow = DEFAULT_LMS_WINDOW;
    private AutoTieBreaker autoTieBreaker = AutoTieBreaker.NONE;
    private boolean allowDownscale;
    private boolean expectedVotesTracking;
    private boolean quorumDevice;
    private int quorumDeviceVotes = -1;
    private boolean strict;

    private Builder() {}

    /**
     * Adds a nodelist entry.
     *
     * @param id the nodeid
     * @param quorumVotes its {@code quorum_votes} (corosync's default is 1)
     * @return this builder
     */
    public Builder node(long id, int quorumVotes) {
      if (quorumVotes < 0) {
        throw new QuorumConfigException("nodelist.node(" + id + ").quorum_votes",
            "must not be negative, got " + quorumVotes);
      }
      nodelist.put(NodeId.of(id), quorumVotes);
      return this;
    }

    /**
     * Sets {@code quorum.expected_votes}; 0 unsets it.
     *
     * @param expected the expected votes
     * @return this builder
     */
    public Builder expectedVotes(int expected) {
      if (expected < 0) {
        throw new QuorumConfigException("quorum.expected_votes",
            "must not be negative, got " + expected);
      }
      this.expectedVotes = expected;
      return this;
    }

    /**
     * Sets {@code quorum.votes}, this node's votes when there is no nodelist.
     *
     * @param v the votes
     * @return this builder
     */
    public Builder votes(int v) {
      if (v < 0) {
        throw new QuorumConfigException("quorum.votes", "must not be negative, got " + v);
      }
      this.votes = v;
      return this;
    }

    /** @param on {@code quorum.two_node} @return this builder */
    public Builder twoNode(boolean on) {
      this.twoNode = on;
      return this;
    }

    /** @param on {@code quorum.wait_for_all}; null leaves it unset (it then follows two_node) @return this builder */
    public Builder waitForAll(Boolean on) {
      this.waitForAll = on;
      return this;
    }

    /** @param on {@code quorum.last_man_standing} @return this builder */
    public Builder lastManStanding(boolean on) {
      this.lastManStanding = on;
      return this;
    }

    /**
     * Sets {@code quorum.last_man_standing_window}.
     *
     * @param window the window, positive (corosync counts it in milliseconds)
     * @return this builder
     */
    public Builder lastManStandingWindow(Duration window) {
      if (window.isNegative() || window.isZero()) {
        throw new QuorumConfigException("quorum.last_man_standing_window",
            "must be positive, got " + window);
      }
      this.lastManStandingWindow = window;
      return this;
    }

    /** @param atb {@code quorum.auto_tie_breaker} and {@code auto_tie_breaker_node} @return this builder */
    public Builder autoTieBreaker(AutoTieBreaker atb) {
      this.autoTieBreaker = Objects.requireNonNull(atb, "autoTieBreaker");
      return this;
    }

    /** @param on {@code quorum.allow_downscale} (implies expected_votes_tracking) @return this builder */
    public Builder allowDownscale(boolean on) {
      this.allowDownscale = on;
      return this;
    }

    /** @param on {@code quorum.expected_votes_tracking} @return this builder */
    public Builder expectedVotesTracking(boolean on) {
      this.expectedVotesTracking = on;
      return this;
    }

    /**
     * Declares a {@code quorum.device} (only for corosync's compatibility checks: ha-quorum casts
     * no qdevice votes).
     *
     * @param votes {@code quorum.device.votes}, or -1 when not set
     * @return this builder
     */
    public Builder quorumDevice(int votes) {
      this.quorumDevice = true;
      this.quorumDeviceVotes = votes;
      return this;
    }

    /** @param on refuse corosync's warn-and-disable adjustments too @return this builder */
    public Builder strict(boolean on) {
      this.strict = on;
      return this;
    }

    /**
     * Builds and checks the configuration as corosync would on every node of the nodelist (or
     * on a node without nodelist when there is none).
     *
     * @return the configuration
     * @throws QuorumConfigException with corosync's reason
     */
    public VotequorumConfig build() {
      if (quorumDevice && (quorumDeviceVotes < -1)) {
        throw new QuorumConfigException("quorum.device.votes",
            "must not be negative, got " + quorumDeviceVotes);
      }
      VotequorumConfig c = new VotequorumConfig(this);
      if (c.nodelist.isEmpty()) {
        c.resolve(NodeId.of(NodeId.MAX));
      } else {
        c.resolve(c.nodelist.firstKey());
      }
      return c;
    }
  }
}
