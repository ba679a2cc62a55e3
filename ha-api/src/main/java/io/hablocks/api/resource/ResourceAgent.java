package io.hablocks.api.resource;

import java.time.Duration;
import java.util.Map;

/**
 * One resource agent: an OCF script, an init script, a systemd unit, a Java class, ... The
 * executor in ha-resources calls it; nothing else should.
 *
 * <p>Contract: {@link #execute} blocks until the action ends or the timeout expires, and then
 * returns (with {@link ExecStatus#TIMEOUT}) having stopped whatever it started — it never hangs
 * its caller past the timeout by more than the time needed to kill. It never throws for an
 * agent's failure: every failure is an {@link OperationResult}. The executor runs at most one
 * action per resource at a time; different resources' actions may run concurrently on one agent,
 * so implementations are thread-safe.
 */
public interface ResourceAgent {

  /** @return the agent's name, such as {@code ocf:heartbeat:Dummy} */
  AgentId id();

  /**
   * The agent's meta-data. May run the agent ({@code meta-data} action); may block briefly.
   *
   * @return the meta-data
   */
  AgentMetadata metadata();

  /**
   * Runs one action.
   *
   * @param action the action ({@code start}, {@code stop}, {@code monitor}, {@code promote}, ...)
   * @param parameters the resource's instance attributes and the {@code CRM_meta_*} values, by
   *     name without prefix (the agent class adds {@code OCF_RESKEY_} or whatever it needs)
   * @param timeout how long the action may take
   * @return the outcome
   */
  OperationResult execute(String action, Map<String, String> parameters, Duration timeout);
}
