package io.hablocks.stonith;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceDevice;
import io.hablocks.api.fence.FenceResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link FenceDevice} backed by a fence agent: the device's agent parameters (everything but
 * {@code pcmk_*}) and the plug (as pcmk_host_argument names it) go on the agent's standard input.
 * Thread-safe.
 */
public final class AgentFenceDevice implements FenceDevice {

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  private final String id;
  private final FenceAgent agent;
  private final DeviceParameters parameters;
  private volatile FenceAgentMetadata metadata;

  /**
   * Creates the device.
   *
   * @param id the device id
   * @param agent the agent
   * @param parameters the device's parameters
   */
  public AgentFenceDevice(String id, FenceAgent agent, DeviceParameters parameters) {
    this.id = Objects.requireNonNull(id, "id");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  @Override
  public String id() {
    return id;
  }

  /** @return the agent */
  public FenceAgent agent() {
    return agent;
  }

  /**
   * The agent's meta-data, read once.
   *
   * @return the meta-data
   * @throws StonithException if the agent cannot give it
   */
  public FenceAgentMetadata metadata() {
    FenceAgentMetadata m = metadata;
    if (m == null) {
      synchronized (this) {
        if (metadata == null) {
          metadata = agent.metadata(METADATA_TIMEOUT);
        }
        m = metadata;
      }
    }
    return m;
  }

  /**
   * The agent parameter that carries the plug: pcmk_host_argument, else from the meta-data.
   *
   * @return a parameter name, or {@code none}
   */
  public String hostArgument() {
    return parameters.hostArgument().orElseGet(() -> metadata().defaultHostArgument());
  }

  @Override
  public FenceResult execute(FenceAction action, String plug, Duration timeout) {
    return execute(action, plug, null, timeout);
  }

  /**
   * Runs one action for a target node: as Pacemaker does, the node's name goes to the agent as
   * {@code nodename=} besides the plug.
   *
   * @param action the action
   * @param plug the device's name for the target, or null
   * @param nodename the target node's name, or null
   * @param timeout how long it may take
   * @return the outcome
   */
  public FenceResult execute(FenceAction action, String plug, String nodename, Duration timeout) {
    Map<String, String> p = new LinkedHashMap<>(parameters.agentParameters());
    if (nodename != null && !p.containsKey("nodename")) {
      p.put("nodename", nodename);
    }
    if (plug != null) {
      String arg = hostArgument();
      if (!"none".equals(arg)) {
        p.put(arg, plug);
      }
    }
    try {
      return agent.run(action, p, timeout);
    } catch (StonithException e) {
      // not EC_BAD_ARGS: for status, 2 would read as "off"
      return new FenceResult(FenceResult.EC_GENERIC_ERROR, "", e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "AgentFenceDevice[" + id + " " + agent.name() + "]";
  }
}
