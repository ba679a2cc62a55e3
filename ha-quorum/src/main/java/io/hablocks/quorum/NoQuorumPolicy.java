package io.hablocks.quorum;

import io.hablocks.api.QuorumState;
import java.util.Locale;
import java.util.Objects;

/**
 * Pacemaker's {@code no-quorum-policy}: what a partition without quorum does with its resources.
 * The resource manager asks {@link #decide(QuorumState)} on every quorum change.
 */
public enum NoQuorumPolicy {
  /** Stop all resources in the affected partition (Pacemaker's default). */
  STOP,
  /** Keep running resources where they run; start and recover nothing new. */
  FREEZE,
  /** Carry on as if quorate. */
  IGNORE,
  /** Demote promoted instances of promotable clones, stop every other resource. */
  DEMOTE,
  /** Fence every node in the affected partition. */
  SUICIDE;

  /**
   * Parses the cluster property's value ({@code stop}, {@code freeze}, {@code ignore},
   * {@code demote}, {@code suicide}).
   *
   * @param value the value
   * @return the policy
   * @throws QuorumConfigException naming the property if the value is unknown
   */
  public static NoQuorumPolicy parse(String value) {
    Objects.requireNonNull(value, "value");
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new QuorumConfigException("no-quorum-policy",
          "unknown value '" + value + "' (stop, freeze, ignore, demote or suicide)");
    }
  }

  /** @return the value as Pacemaker spells it */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What the resource manager may and must do in a partition.
   *
   * @param state the partition's quorum state
   * @return the decision
   */
  public Decision decide(QuorumState state) {
    return decide(Objects.requireNonNull(state, "state").quorate());
  }

  /**
   * What the resource manager may and must do.
   *
   * @param quorate whether the partition has quorum
   * @return the decision
   */
  public Decision decide(boolean quorate) {
    if (quorate || this == IGNORE) {
      return new Decision(this, quorate, true, true, true, false, false, false);
    }
    return switch (this) {
      case STOP -> new Decision(this, false, false, false, false, false, true, false);
      case FREEZE -> new Decision(this, false, false, false, true, false, false, false);
      case DEMOTE -> new Decision(this, false, false, false, true, true, true, false);
      case SUICIDE -> new Decision(this, false, false, false, false, false, true, true);
      default -> throw new IllegalStateException("unreachable: " + this);
    };
  }

  /**
   * The outcome of a policy for one partition. Immutable.
   *
   * @param policy the policy applied
   * @param quorate whether the partition had quorum
   * @param mayStart resources may be started (or moved) here
   * @param mayPromote promotable clones may be promoted here
   * @param keepRunning resources already running here stay running (with DEMOTE: only the
   *     unpromoted instances of promotable clones)
   * @param demotePromoted promoted instances must be demoted
   * @param stopResources resources must be stopped (with DEMOTE: those that are not promotable
   *     clones)
   * @param fencePartition every node of the partition must be fenced
   */
  public record Decision(NoQuorumPolicy policy, boolean quorate, boolean mayStart,
      boolean mayPromote, boolean keepRunning, boolean demotePromoted, boolean stopResources,
      boolean fencePartition) {}
}
