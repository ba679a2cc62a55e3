package io.hablocks.api.fence;

import java.time.Duration;

/**
 * One fence device: a fence agent with its parameters (run by ha-stonith through the fence-agents
 * stdin protocol) or a Java implementation.
 *
 * <p>Contract: {@link #execute} blocks until the action ends or the timeout expires; on timeout it
 * stops what it started and returns {@link FenceResult#EC_TIMED_OUT}. It never throws for a
 * device failure. The device makes one attempt: the fencer owns retries, topology, merging of
 * requests and history. May be called from several threads for different targets.
 */
public interface FenceDevice {

  /** @return the device's id (the stonith resource id in the CIB) */
  String id();

  /**
   * Runs one action.
   *
   * @param action the action
   * @param plug the device's name for the target (after pcmk_host_map), or null for actions
   *     without a target (list, monitor, metadata, validate-all)
   * @param timeout how long it may take
   * @return the outcome
   */
  FenceResult execute(FenceAction action, String plug, Duration timeout);
}
