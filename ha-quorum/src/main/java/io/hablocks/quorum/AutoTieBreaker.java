package io.hablocks.quorum;

import io.hablocks.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * votequorum's {@code auto_tie_breaker} with {@code auto_tie_breaker_node}: off, the partition
 * holding the lowest node id, the highest, or the first present node of an ordered list. Only
 * consulted on an exact 50/50 split (total votes equal to half the expected votes). Immutable.
 *
 * @param mode which rule
 * @param nodes for {@link Mode#LIST}, the node ids in order of preference; empty otherwise
 */
public record AutoTieBreaker(Mode mode, List<NodeId> nodes) {

  /** The tie-breaking rule. */
  public enum Mode {
    /** auto_tie_breaker: 0. */
    NONE,
    /** auto_tie_breaker_node: lowest (the default when auto_tie_breaker is 1). */
    LOWEST,
    /** auto_tie_breaker_node: highest. */
    HIGHEST,
    /** auto_tie_breaker_node: a list of node ids. */
    LIST
  }

  /** auto_tie_breaker off. */
  public static final AutoTieBreaker NONE = new AutoTieBreaker(Mode.NONE, List.of());

  /** Checks that a list is given exactly for {@link Mode#LIST}. */
  public AutoTieBreaker {
    Objects.requireNonNull(mode, "mode");
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    if ((mode == Mode.LIST) == nodes.isEmpty()) {
      throw new QuorumConfigException("quorum.auto_tie_breaker_node",
          "a node list is given exactly when the mode is a list");
    }
  }

  /** @return the partition with the lowest node id wins a tie */
  public static AutoTieBreaker lowest() {
    return new AutoTieBreaker(Mode.LOWEST, List.of());
  }

  /** @return the partition with the highest node id wins a tie */
  public static AutoTieBreaker highest() {
    return new AutoTieBreaker(Mode.HIGHEST, List.of());
  }

  /**
   * The partition with the first listed node (that was in the cluster before the split) wins.
   *
   * @param ids node ids in order of preference
   * @return the tie breaker
   */
  public static AutoTieBreaker list(long... ids) {
    List<NodeId> l = new ArrayList<>();
    for (long id : ids) {
      l.add(NodeId.of(id));
    }
    return new AutoTieBreaker(Mode.LIST, l);
  }

  /**
   * Parses {@code auto_tie_breaker_node} as corosync does: {@code lowest}, {@code highest}, or
   * node ids separated by spaces.
   *
   * @param text the value
   * @return the tie breaker
   * @throws QuorumConfigException with corosync's reason if it is none of these
   */
  public static AutoTieBreaker parse(String text) {
    String t = Objects.requireNonNull(text, "text").strip();
    if (t.equals("lowest")) {
      return lowest();
    }
    if (t.equals("highest")) {
      return highest();
    }
    List<NodeId> l = new ArrayList<>();
    for (String part : t.split("\\s+")) {
      try {
        l.add(NodeId.parse(part));
      } catch (IllegalArgumentException e) {
        l.clear();
        break;
      }
    }
    if (l.isEmpty()) {
      throw new QuorumConfigException("quorum.auto_tie_breaker_node", "'" + text
          + "' is not valid. It must be 'lowest', 'highest' or a space-separated list of node IDs");
    }
    return new AutoTieBreaker(Mode.LIST, l);
  }

  /** @return whether a tie breaker is in force */
  public boolean enabled() {
    return mode != Mode.NONE;
  }

  @Override
  public String toString() {
    return switch (mode) {
      case NONE -> "none";
      case LOWEST -> "lowest";
      case HIGHEST -> "highest";
      case LIST -> String.join(" ", nodes.stream().map(NodeId::toString).toList());
    };
  }
}
