package io.hablocks.stonith;

import io.hablocks.api.fence.FenceAction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fencing operation as the history keeps it ({@code stonith_admin --history}): who asked,
 * who executed it, with which devices, the result and when. Requests for the same target and
 * action made while one is pending are merged into it ({@link #clients} lists them all).
 * Immutable.
 *
 * @param id the operation id (unique in the cluster)
 * @param target the node fenced
 * @param action off, reboot or on
 * @param origin the node that asked first
 * @param clients every requester merged into it, as {@code client@node}, first one first
 * @param executor the node that ran the devices, or "" if none did
 * @param devices what each device did, in order
 * @param state pending, done or failed
 * @param exitCode fencing.py's code of the outcome (0 done; for a failure, the last device's)
 * @param reason why it failed, or ""
 * @param requested when it was asked for (the origin's wall time)
 * @param completed when it ended (the executor's wall time), or null while pending
 */
public record FenceOperation(String id, String target, FenceAction action, String origin,
    List<String> clients, String executor, List<DeviceOutcome> devices, State state,
    int exitCode, String reason, Instant requested, Instant completed) {

  /** The state of an operation. */
  public enum State {
    /** Not finished. */
    PENDING,
    /** The target was fenced. */
    DONE,
    /** Every level failed, or the operation could not run. */
    FAILED
  }

  /**
   * What one device did in an operation.
   *
   * @param level the topology level (1..9; for a target without topology, the position of the
   *     device among those that can fence it)
   * @param device the device id
   * @param action the action sent to the device
   * @param exitCode the last attempt's exit code
   * @param attempts how many times it was run
   * @param reason a short account of the failure, or ""
   */
  public record DeviceOutcome(int level, String device, String action, int exitCode,
      int attempts, String reason) {
    /** Checks the fields. */
    public DeviceOutcome {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(action, "action");
      reason = Objects.requireNonNullElse(reason, "");
    }
  }

  /** Copies the lists. */
  public FenceOperation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(state, "state");
    clients = List.copyOf(clients);
    devices = List.copyOf(devices);
    executor = Objects.requireNonNullElse(executor, "");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /** @return true if the target was fenced */
  public boolean succeeded() {
    return state == State.DONE;
  }

  /** @return the completion time, if it ended */
  public Optional<Instant> completedAt() {
    return Optional.ofNullable(completed);
  }
}
