package io.hablocks.stonith;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One fencing-topology level ({@code <fencing-level>} in the CIB): for the targets it matches,
 * the devices that must all succeed at this level. Levels are tried by rising index; when one
 * fails, the next is tried. Immutable.
 *
 * @param index the level, 1 to 9
 * @param target which nodes it is for
 * @param devices the device ids, run in order; every one must succeed
 */
public record FenceLevel(int index, Target target, List<String> devices) {

  /** Checks the fields. */
  public FenceLevel {
    Objects.requireNonNull(target, "target");
    if (index < 1 || index > 9) {
      throw new StonithException("fencing level for " + target + ": index " + index
          + " is not between 1 and 9");
    }
    devices = List.copyOf(devices);
    if (devices.isEmpty()) {
      throw new StonithException("fencing level " + index + " for " + target + " has no devices");
    }
  }

  /**
   * A level for one node by name.
   *
   * @param index the level
   * @param node the node name
   * @param devices the devices
   * @return the level
   */
  public static FenceLevel forNode(int index, String node, String... devices) {
    return new FenceLevel(index, Target.name(node), List.of(devices));
  }

  /**
   * What a level targets: a node name ({@code target}), a regular expression on node names
   * ({@code target-pattern}) or a node attribute ({@code target-attribute} =
   * {@code target-value}).
   *
   * @param name the node name, or null
   * @param pattern the pattern, or null
   * @param attribute the attribute name, or null
   * @param value the attribute value, or null
   */
  public record Target(String name, Pattern pattern, String attribute, String value) {

    /** Checks that exactly one kind is set. */
    public Target {
      int kinds = (name != null ? 1 : 0) + (pattern != null ? 1 : 0) + (attribute != null ? 1 : 0);
      if (kinds != 1) {
        throw new StonithException("a fencing level target is a name, a pattern or an attribute");
      }
      if (attribute != null && value == null) {
        throw new StonithException("target-attribute '" + attribute + "' needs a target-value");
      }
    }

    /** @param node the node name @return the target */
    public static Target name(String node) {
      return new Target(Objects.requireNonNull(node, "node"), null, null, null);
    }

    /**
     * @param regex a Java regular expression matched against the whole node name
     * @return the target
     * @throws StonithException if the pattern does not compile
     */
    public static Target pattern(String regex) {
      try {
        return new Target(null, Pattern.compile(regex), null, null);
      } catch (PatternSyntaxException e) {
        throw new StonithException("target-pattern '" + regex + "': " + e.getDescription(), e);
      }
    }

    /** @param attribute a node attribute @param value its value @return the target */
    public static Target attribute(String attribute, String value) {
      return new Target(null, null, Objects.requireNonNull(attribute, "attribute"), value);
    }

    /**
     * Whether this target matches a node.
     *
     * @param node the node name
     * @param attributes the node's attributes
     * @return true if it matches
     */
    public boolean matches(String node, Map<String, String> attributes) {
      if (name != null) {
        return name.equals(node);
      }
      if (pattern != null) {
        return pattern.matcher(node).matches();
      }
      return value.equals(attributes.get(attribute));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Target t && Objects.equals(name, t.name)
          && Objects.equals(pattern == null ? null : pattern.pattern(),
              t.pattern == null ? null : t.pattern.pattern())
          && Objects.equals(attribute, t.attribute) && Objects.equals(value, t.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, pattern == null ? null : pattern.pattern(), attribute, value);
    }

    @Override
    public String toString() {
      if (name != null) {
        return name;
      }
      if (pattern != null) {
        return "pattern " + pattern.pattern();
      }
      return attribute + "=" + value;
    }
  }
}
