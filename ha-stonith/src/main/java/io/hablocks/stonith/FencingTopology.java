package io.hablocks.stonith;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fencing topology: levels per target. For a node, the levels of the first target that
 * matches it are used, looking first at targets by name, then at patterns and attributes in the
 * order they were added (as Pacemaker's fencer does); a node no target matches has no topology
 * and is fenced by any device that can fence it. Immutable.
 */
public final class FencingTopology {

  private static final FencingTopology EMPTY = new FencingTopology(new LinkedHashMap<>());

  private final Map<FenceLevel.Target, List<FenceLevel>> byTarget;

  private FencingTopology(Map<FenceLevel.Target, List<FenceLevel>> byTarget) {
    this.byTarget = byTarget;
  }

  /** @return a topology with no levels */
  public static FencingTopology empty() {
    return EMPTY;
  }

  /**
   * A topology of these levels.
   *
   * @param levels the levels
   * @return the topology
   * @throws StonithException if two levels have the same target and index
   */
  public static FencingTopology of(FenceLevel... levels) {
    return of(List.of(levels));
  }

  /**
   * A topology of these levels.
   *
   * @param levels the levels
   * @return the topology
   * @throws StonithException if two levels have the same target and index
   */
  public static FencingTopology of(List<FenceLevel> levels) {
    Map<FenceLevel.Target, List<FenceLevel>> m = new LinkedHashMap<>();
    for (FenceLevel l : levels) {
      List<FenceLevel> list = m.computeIfAbsent(l.target(), t -> new ArrayList<>());
      for (FenceLevel other : list) {
        if (other.index() == l.index()) {
          throw new StonithException("fencing level " + l.index() + " for " + l.target()
              + " is defined twice");
        }
      }
      list.add(l);
    }
    for (Map.Entry<FenceLevel.Target, List<FenceLevel>> e : m.entrySet()) {
      List<FenceLevel> sorted = new ArrayList<>(e.getValue());
      sorted.sort(Comparator.comparingInt(FenceLevel::index));
      e.setValue(List.copyOf(sorted));
    }
    return new FencingTopology(m);
  }

  /**
   * The levels for a node, by rising index.
   *
   * @param node the node name
   * @param attributes the node's attributes
   * @return the levels, empty if the topology has none for it
   */
  public List<FenceLevel> levelsFor(String node, Map<String, String> attributes) {
    for (Map.Entry<FenceLevel.Target, List<FenceLevel>> e : byTarget.entrySet()) {
      if (e.getKey().name() != null && e.getKey().name().equals(node)) {
        return e.getValue();
      }
    }
    for (Map.Entry<FenceLevel.Target, List<FenceLevel>> e : byTarget.entrySet()) {
      if (e.getKey().name() == null && e.getKey().matches(node, attributes)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  /**
   * Checks that every level names known devices.
   *
   * @param deviceIds the known device ids
   * @throws StonithException naming the level and device otherwise
   */
  public void checkDevices(Set<String> deviceIds) {
    for (List<FenceLevel> levels : byTarget.values()) {
      for (FenceLevel l : levels) {
        for (String d : l.devices()) {
          if (!deviceIds.contains(d)) {
            throw new StonithException("fencing level " + l.index() + " for " + l.target()
                + " names unknown device '" + d + "'");
          }
        }
      }
    }
  }

  /** @return every level */
  public List<FenceLevel> levels() {
    List<FenceLevel> all = new ArrayList<>();
    byTarget.values().forEach(all::addAll);
    return all;
  }
}
