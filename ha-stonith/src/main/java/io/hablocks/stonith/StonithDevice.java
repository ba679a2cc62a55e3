package io.hablocks.stonith;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceDevice;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A fence device as the fencer knows it: the {@link FenceDevice} that acts, its Pacemaker
 * parameters, and whether it can list its plugs (for the default pcmk_host_check). Immutable.
 *
 * <pre>{@code
 * StonithDevice ipmi = StonithDevice.agent("ipmi-n1", FenceAgent.named("fence_ipmilan", clock),
 *     Map.of("ip", "10.0.0.11", "username", "admin", "password", "secret",
 *         "pcmk_host_list", "node1", "pcmk_off_timeout", "30s"));
 * StonithDevice java = StonithDevice.java(myDevice, Map.of("pcmk_host_list", "node2"));
 * }</pre>
 */
public final class StonithDevice {

  private final FenceDevice device;
  private final DeviceParameters parameters;
  private final BooleanSupplier canList;

  private StonithDevice(FenceDevice device, DeviceParameters parameters, BooleanSupplier canList) {
    this.device = Objects.requireNonNull(device, "device");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.canList = canList;
  }

  /**
   * A device run by a fence agent.
   *
   * @param id the device id
   * @param agent the agent
   * @param params agent and {@code pcmk_*} parameters
   * @return the device
   * @throws StonithException if a pcmk_ parameter does not parse
   */
  public static StonithDevice agent(String id, FenceAgent agent, Map<String, String> params) {
    DeviceParameters p = DeviceParameters.parse(id, params);
    AgentFenceDevice d = new AgentFenceDevice(id, agent, p);
    return new StonithDevice(d, p, () -> d.metadata().supports(FenceAction.LIST));
  }

  /**
   * A device run by a fence agent found by name in /usr/sbin.
   *
   * @param id the device id
   * @param agentName for example {@code fence_ipmilan}
   * @param clock the clock for timeouts
   * @param params agent and {@code pcmk_*} parameters
   * @return the device
   */
  public static StonithDevice agent(String id, String agentName, Clock clock,
      Map<String, String> params) {
    return agent(id, FenceAgent.named(agentName, clock), params);
  }

  /**
   * A Java fence device that cannot list its plugs.
   *
   * @param device the device
   * @param pcmkParams its {@code pcmk_*} parameters
   * @return the device
   */
  public static StonithDevice java(FenceDevice device, Map<String, String> pcmkParams) {
    return java(device, pcmkParams, false);
  }

  /**
   * A Java fence device.
   *
   * @param device the device
   * @param pcmkParams its {@code pcmk_*} parameters
   * @param canList whether its {@code list} action prints its plugs
   * @return the device
   */
  public static StonithDevice java(FenceDevice device, Map<String, String> pcmkParams,
      boolean canList) {
    return new StonithDevice(device, DeviceParameters.parse(device.id(), pcmkParams),
        () -> canList);
  }

  /** @return the device id */
  public String id() {
    return device.id();
  }

  /** @return the device that acts */
  public FenceDevice device() {
    return device;
  }

  /** @return the parameters */
  public DeviceParameters parameters() {
    return parameters;
  }

  /** @return the host check in force (may read the agent's meta-data once) */
  public HostCheck hostCheck() {
    if (parameters.hostCheck().isPresent()) {
      return parameters.hostCheck().get();
    }
    if (!parameters.hostList().isEmpty() || !parameters.hostMap().isEmpty()) {
      return HostCheck.STATIC_LIST;
    }
    boolean list;
    try {
      list = canList.getAsBoolean();
    } catch (StonithException e) {
      list = false;
    }
    return parameters.effectiveHostCheck(list);
  }

  @Override
  public String toString() {
    return "StonithDevice[" + id() + "]";
  }
}
